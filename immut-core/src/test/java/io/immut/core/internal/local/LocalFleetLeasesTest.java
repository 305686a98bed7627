package io.immut.core.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.history.GenerationStore;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.port.FleetKey;
import io.immut.core.port.FleetLease;
import io.immut.core.port.LeaseLostException;
import io.immut.core.rollout.FleetBusyException;
import io.immut.core.rollout.RolloutEvent;
import io.immut.core.rollout.RolloutResult;
import io.immut.spi.CloudScope;
import io.immut.spi.ForwardingCloudDriver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFleetLeasesTest {
  private static final Duration TTL = Duration.ofMinutes(2);

  @TempDir
  Path dir;

  private final VirtualClock clock = new VirtualClock();

  private static FleetKey shared(String fleet) {
    // a fresh scope per test: the in-JVM table is shared by every test of the run
    return new FleetKey(CloudScope.shared("test-" + UUID.randomUUID()), "immut", fleet);
  }

  private static FleetKey local(String fleet) {
    return new FleetKey(new CloudScope("memory-" + UUID.randomUUID(), true), "immut", fleet);
  }

  @Test
  void aSecondLeaseOfAFleetIsRefusedUntilTheFirstIsReleased() {
    LocalFleetLeases leases = new LocalFleetLeases(dir, clock);
    FleetKey web = shared("web");
    FleetLease first = leases.acquire(web, TTL);
    assertThat(first.isHeld()).isTrue();
    assertThatThrownBy(() -> leases.acquire(web, TTL)).isInstanceOf(FleetBusyException.class)
        .hasMessageContaining("fleet 'web' is busy").hasMessageContaining("this process");
    FleetLease api = leases.acquire(new FleetKey(web.scope(), "immut", "api"), TTL);
    api.close();
    first.close();
    assertThat(first.isHeld()).isFalse();
    try (FleetLease again = leases.acquire(web, TTL)) {
      assertThat(again.fencingToken()).isGreaterThan(first.fencingToken());
    }
  }

  @Test
  void twoInstancesOfThePortInOneJvmShareTheTableByScopeNotByObject() {
    FleetKey web = local("web");
    try (FleetLease held = new LocalFleetLeases(dir, clock).acquire(web, TTL)) {
      LocalFleetLeases other = new LocalFleetLeases(dir.resolve("elsewhere"), clock);
      FleetKey sameScope = new FleetKey(new CloudScope(web.scope().id(), true), "immut", "web");
      assertThatThrownBy(() -> other.acquire(sameScope, TTL)).isInstanceOf(FleetBusyException.class);
      assertThat(other.isLeased(sameScope)).isTrue();
      try (FleetLease elsewhere = other.acquire(local("web"), TTL)) {
        assertThat(elsewhere.isHeld()).isTrue();
      }
      assertThat(held.isHeld()).isTrue();
    }
  }

  @Test
  void aProcessLocalScopeWritesNoFile() throws Exception {
    try (FleetLease lease = new LocalFleetLeases(dir, clock).acquire(local("web"), TTL)) {
      assertThat(lease.isHeld()).isTrue();
      try (var files = Files.list(dir)) {
        assertThat(files).isEmpty();
      }
    }
  }

  @Test
  void anExpiredLeaseIsTakenOverWithALargerTokenAndTheOldHolderStops() {
    LocalFleetLeases leases = new LocalFleetLeases(dir, clock);
    FleetKey web = shared("web");
    FleetLease old = leases.acquire(web, TTL);
    clock.advance(Duration.ofMinutes(1));
    old.renew();
    clock.advance(Duration.ofSeconds(119));
    assertThat(old.isHeld()).as("renewed a minute in: holds until 3 minutes").isTrue();
    clock.advance(Duration.ofSeconds(2));
    assertThat(old.isHeld()).isFalse();
    FleetLease taker = leases.acquire(web, TTL);
    assertThat(taker.fencingToken()).isGreaterThan(old.fencingToken());
    assertThatThrownBy(old::renew).isInstanceOf(LeaseLostException.class);
    assertThatThrownBy(old::check).isInstanceOf(LeaseLostException.class).hasMessageContaining("no longer held");
    old.release();
    assertThat(taker.isHeld()).as("the old holder's release frees nothing of the new one's").isTrue();
    taker.release();
  }

  @Test
  void anExpiredLeaseNobodyTookCanBeRenewed() {
    FleetLease lease = new LocalFleetLeases(dir, clock).acquire(shared("web"), TTL);
    clock.advance(Duration.ofMinutes(3));
    assertThat(lease.isHeld()).isFalse();
    lease.renew();
    assertThat(lease.isHeld()).isTrue();
    lease.release();
  }

  @Test
  void fencingTokensGrowAcrossPortInstancesThroughTheLockFile() {
    FleetKey web = shared("web");
    long first;
    try (FleetLease a = new LocalFleetLeases(dir, clock).acquire(web, TTL)) {
      first = a.fencingToken();
    }
    try (FleetLease b = new LocalFleetLeases(dir, clock).acquire(web, TTL)) {
      assertThat(b.fencingToken()).isEqualTo(first + 1);
    }
  }

  @Test
  void aLeaseHeldByAnotherProcessIsRefusedAndFreedWhenItEnds() throws Exception {
    String scope = "test-" + UUID.randomUUID();
    FleetKey web = new FleetKey(CloudScope.shared(scope), "immut", "web");
    LocalFleetLeases leases = new LocalFleetLeases(dir, clock);
    long before;
    try (FleetLease l = leases.acquire(web, TTL)) {
      before = l.fencingToken();
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LeaseHolder.class.getName(),
        dir.toString(), scope, "immut", "web").redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("leased " + (before + 1));
      assertThat(leases.isLeased(web)).isTrue();
      assertThatThrownBy(() -> leases.acquire(web, TTL)).isInstanceOf(FleetBusyException.class)
          .hasMessageContaining("another process on this host");
    } finally {
      p.getOutputStream().close();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(leases.isLeased(web)).isFalse();
    try (FleetLease l = leases.acquire(web, TTL)) {
      assertThat(l.fencingToken()).isEqualTo(before + 2);
    }
  }

  @Test
  void twoEnginesOnOneMemoryCloudExcludeEachOtherThroughARawAndAWrappedDriver() {
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).anyImage(true).build();
    ForwardingCloudDriver wrapped = new ForwardingCloudDriver(cloud.driver()) {};
    FleetSpec web = FleetSpec.builder("web")
        .generation(GenerationSpec.builder().image("ami-1").instanceType("t3.micro").build())
        .capacity(Capacity.fixed(2)).build();
    GenerationStore history = GenerationStore.inMemory();
    try (Immut raw = Immut.builder().driver(cloud.driver()).clock(clock).lockDirectory(dir).generationStore(history).build();
         Immut forwarding = Immut.builder().driver(wrapped).clock(clock).lockDirectory(dir.resolve("other"))
             .generationStore(history).build()) {
      AtomicReference<Throwable> inner = new AtomicReference<>();
      RolloutResult outer = raw.apply(web, event -> {
        if (event instanceof RolloutEvent.Started && inner.get() == null) {
          try {
            forwarding.apply(web);
            inner.set(new AssertionError("the second engine rolled the fleet out beside the first"));
          } catch (RuntimeException e) {
            inner.set(e);
          }
        }
      });
      assertThat(outer.succeeded()).isTrue();
      assertThat(inner.get()).isInstanceOf(FleetBusyException.class).hasMessageContaining("fleet 'web' is busy");
      assertThat(forwarding.apply(web).outcome()).as("free once the first is done").isEqualTo(RolloutResult.Outcome.NO_CHANGE);
    }
  }

  @Test
  void twoMemoryCloudsInOneJvmRollOutFleetsOfTheSameNameAtOnce() {
    MemoryCloud one = MemoryCloud.builder().clock(clock).anyImage(true).build();
    MemoryCloud two = MemoryCloud.builder().clock(clock).anyImage(true).build();
    FleetSpec web = FleetSpec.builder("web")
        .generation(GenerationSpec.builder().image("ami-1").instanceType("t3.micro").build())
        .capacity(Capacity.fixed(2)).build();
    try (Immut first = Immut.builder().driver(one.driver()).clock(clock).build();
         Immut second = Immut.builder().driver(two.driver()).clock(clock).build()) {
      AtomicReference<RolloutResult> inner = new AtomicReference<>();
      RolloutResult outer = first.apply(web, event -> {
        if (event instanceof RolloutEvent.Started && inner.get() == null) {
          inner.set(second.apply(web));
        }
      });
      assertThat(outer.succeeded()).isTrue();
      assertThat(inner.get().succeeded()).isTrue();
    }
  }
}
