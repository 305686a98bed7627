package io.immut.driver.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.HealthCheck;
import io.immut.api.HealthStatus;
import io.immut.api.Persistence;
import io.immut.api.RolloutStrategy;
import io.immut.api.VolumeSpec;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.history.GenerationStore;
import io.immut.core.rollout.RolloutEvent;
import io.immut.core.rollout.RolloutResult;
import io.immut.driver.gcp.local.LocalGce;
import io.immut.spi.DriverContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine rolling a fleet out through the GCP driver, the real client and the local Compute
 * Engine, on virtual time: creations take 40 s, deletions 30 s, on the engine's clock. Counts the
 * Compute Engine requests of each wave (docs/performance.md, "GCP driver").
 */
class GcpRolloutTest {
  static final String V1 = "projects/immut-test/global/images/web-1";
  static final String V2 = "projects/immut-test/global/images/web-2";
  static final Duration CREATE = Duration.ofSeconds(40);
  static final Duration GRACE = Duration.ofSeconds(10);

  @TempDir
  Path locks;
  private LocalGce local;
  private VirtualClock clock;
  private GcpDriver driver;
  private Immut immut;
  private final AtomicInteger waves = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    local = LocalGce.start();
    local.addImage(LocalGce.PROJECT, "web-1", null, 10);
    local.addImage(LocalGce.PROJECT, "web-2", null, 10);
    clock = new VirtualClock();
    local.clock(clock::now, CREATE, Duration.ofSeconds(30));
    driver = LocalGcp.driver(local, Map.of("pageSize", "500"), DriverContext.builder().clock(clock).build());
    immut = Immut.builder().driver(driver).clock(clock).owner("team-a").generationStore(GenerationStore.inMemory())
        .lockDirectory(locks).healthProbe((instance, check) -> HealthStatus.HEALTHY)
        .listener(e -> {
          if (Boolean.getBoolean("immut.gcp.events") && !(e instanceof RolloutEvent.WaveStarted)) {
            System.out.println("EVENT " + e);
          }
          if (e instanceof RolloutEvent.WaveStarted) {
            waves.incrementAndGet();
          }
        }).build();
  }

  @AfterEach
  void stop() {
    immut.close();
    driver.close();
    local.close();
  }

  static FleetSpec spec(String image, int size) {
    return FleetSpec.builder("web")
        .generation(GenerationSpec.builder().image(image).instanceType("e2-small").volume(VolumeSpec.root(10))
            .volume(VolumeSpec.data("scratch", 10, Persistence.EPHEMERAL))
            .healthCheck(new HealthCheck(GRACE, Duration.ofSeconds(5), 1, 3, Duration.ofMinutes(10), "/healthz", 80)).build())
        .capacity(Capacity.fixed(size)).strategy(RolloutStrategy.DEFAULT).build();
  }

  private Map<String, Long> liveByImage() {
    return local.instances().values().stream().filter(i -> !i.path("status").asText().equals("STOPPING"))
        .collect(Collectors.groupingBy(GcpRolloutTest::image, TreeMap::new, Collectors.counting()));
  }

  private static String image(JsonNode instance) {
    for (JsonNode item : instance.path("metadata").path("items")) {
      if (item.path("key").asText().equals("immut-image")) {
        return item.path("value").asText();
      }
    }
    return "none";
  }

  @Test
  void replacesAHundredInstancesOverThreeZonesInAFewRequestsPerWave() {
    RolloutResult first = immut.apply(spec(V1, 100));
    assertThat(first.succeeded()).as("%s", first).isTrue();
    assertThat(liveByImage()).containsExactly(Map.entry(V1, 100L));
    local.clearCalls();
    waves.set(0);

    RolloutResult second = immut.apply(spec(V2, 100));
    assertThat(second.succeeded()).as("%s", second).isTrue();
    assertThat(second.launched()).isEqualTo(100);
    assertThat(second.terminated()).isEqualTo(100);
    clock.advance(Duration.ofMinutes(1));
    driver.list(WEB_SELECTOR);
    assertThat(liveByImage()).containsExactly(Map.entry(V2, 100L));
    assertThat(local.instances().values()).extracting(i -> GcpNames.lastSegment(i.path("zone").asText()))
        .containsOnly(LocalGce.ZONES.toArray(String[]::new));

    Map<String, Long> byMethod = local.calls().stream().map(c -> c.split(" ")[0])
        .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    int w = waves.get();
    long bulkInserts = byMethod.getOrDefault("instances.bulkInsert", 0L);
    long deletes = byMethod.getOrDefault("instances.delete", 0L);
    assertThat(w).isEqualTo(4);
    assertThat(bulkInserts).as("bulkInserts: one per zone a wave uses").isLessThanOrEqualTo(3L * w);
    assertThat(deletes).as("one delete per replaced instance").isEqualTo(100);
    assertThat(byMethod).doesNotContainKey("zoneOperations.wait");
    if (Boolean.getBoolean("immut.gcp.report")) {
      System.out.printf("waves %d, makespan %s (bound %s), requests %s, per wave %.1f%n", w, second.duration(),
          CREATE.plus(GRACE).multipliedBy(w), byMethod, local.calls().size() / (double) w);
    }
  }

  private static final io.immut.spi.FleetSelector WEB_SELECTOR = new io.immut.spi.FleetSelector("web", "team-a");
}
