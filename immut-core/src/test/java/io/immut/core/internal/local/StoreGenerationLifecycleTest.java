package io.immut.core.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.core.clock.VirtualClock;
import io.immut.core.history.GenerationRecord;
import io.immut.core.history.GenerationStatus;
import io.immut.core.history.GenerationStore;
import io.immut.core.port.FleetKey;
import io.immut.core.port.FleetLease;
import io.immut.core.port.GenerationLifecycle;
import io.immut.core.port.LeaseLostException;
import io.immut.spi.CloudScope;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreGenerationLifecycleTest {
  @TempDir
  Path dir;

  private final VirtualClock clock = new VirtualClock();
  private final GenerationStore store = GenerationStore.inMemory();
  private final GenerationLifecycle lifecycle = new StoreGenerationLifecycle(store);
  private FleetLease lease;

  @BeforeEach
  void lease() {
    lease = new LocalFleetLeases(dir, clock).acquire(new FleetKey(new CloudScope("memory-" + UUID.randomUUID(), true),
        "immut", "web"), Duration.ofMinutes(1));
  }

  @AfterEach
  void release() {
    lease.release();
  }

  private static FleetSpec spec(String image) {
    return FleetSpec.builder("web").generation(GenerationSpec.builder().image(image).instanceType("t3.micro").build())
        .capacity(Capacity.fixed(2)).build();
  }

  private Instant tick() {
    return clock.advance(Duration.ofSeconds(1));
  }

  @Test
  void markLiveRetiresThePreviousLiveAndOlderPendingGenerations() {
    GenerationRecord v1 = lifecycle.begin(lease, spec("ami-1"), tick());
    lifecycle.markLive(lease, v1.number(), tick());
    GenerationRecord v2 = lifecycle.begin(lease, spec("ami-2"), tick());
    GenerationRecord v3 = lifecycle.begin(lease, spec("ami-3"), tick());
    assertThat(lifecycle.target("web")).map(GenerationRecord::number).contains(v3.number());
    lifecycle.markLive(lease, v3.number(), tick());
    assertThat(lifecycle.live("web")).map(GenerationRecord::number).contains(3);
    assertThat(store.history("web")).extracting(GenerationRecord::status)
        .containsExactly(GenerationStatus.RETIRED, GenerationStatus.RETIRED, GenerationStatus.LIVE);
    assertThat(store.byNumber("web", v2.number()).orElseThrow().reason()).isEqualTo("superseded by web-v003");
    assertThat(lifecycle.previous("web")).map(GenerationRecord::number).contains(2);
    assertThat(lifecycle.target("web")).isEmpty();
  }

  @Test
  void aCrashBetweenTheWritesOfMarkLiveStillShowsTheNewLiveGeneration() {
    GenerationRecord v1 = lifecycle.begin(lease, spec("ami-1"), tick());
    lifecycle.markLive(lease, v1.number(), tick());
    GenerationRecord v2 = lifecycle.begin(lease, spec("ami-2"), tick());
    // what the first write of markLive leaves when the process dies before the second
    store.updateStatus("web", v2.number(), GenerationStatus.LIVE, "", tick());
    assertThat(lifecycle.live("web")).map(GenerationRecord::number).contains(2);
    // and a rollback to the older one, half done: the older record was set live last
    store.updateStatus("web", v1.number(), GenerationStatus.LIVE, "", tick());
    assertThat(lifecycle.live("web")).map(GenerationRecord::number).contains(1);
    lifecycle.markLive(lease, v1.number(), tick());
    assertThat(store.history("web")).extracting(GenerationRecord::status)
        .containsExactly(GenerationStatus.LIVE, GenerationStatus.RETIRED);
  }

  @Test
  void beginRevivesAFailedGenerationAndFailKeepsALiveOneLive() {
    GenerationRecord v1 = lifecycle.begin(lease, spec("ami-1"), tick());
    lifecycle.fail(lease, v1.number(), "gate failed", tick());
    assertThat(lifecycle.begin(lease, spec("ami-1"), tick()).status()).isEqualTo(GenerationStatus.PENDING);
    lifecycle.markLive(lease, v1.number(), tick());
    assertThat(lifecycle.fail(lease, v1.number(), "late", tick()).status()).isEqualTo(GenerationStatus.LIVE);
    assertThat(lifecycle.rollBack(lease, v1.number(), "requested", tick()).status()).isEqualTo(GenerationStatus.ROLLED_BACK);
    assertThat(lifecycle.live("web")).isEmpty();
  }

  @Test
  void noTransitionWithoutAHeldLease() {
    GenerationRecord v1 = lifecycle.begin(lease, spec("ami-1"), tick());
    lease.release();
    assertThatThrownBy(() -> lifecycle.markLive(lease, v1.number(), tick())).isInstanceOf(LeaseLostException.class);
    assertThat(store.history("web")).extracting(GenerationRecord::status).containsExactly(GenerationStatus.PENDING);
  }
}
