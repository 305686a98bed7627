package io.immut.core.rollout.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.rollout.FleetBusyException;
import io.immut.core.rollout.RolloutEvent;
import io.immut.core.rollout.RolloutResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetLockTest {
  @TempDir
  Path dir;

  @Test
  void aSecondLockInTheSameProcessIsRefusedUntilTheFirstIsReleased() {
    FleetLock first = FleetLock.acquire(dir, "immut", "web");
    assertThatThrownBy(() -> FleetLock.acquire(dir, "immut", "web")).isInstanceOf(FleetBusyException.class)
        .hasMessageContaining("fleet 'web' is busy").hasMessageContaining("this process");
    FleetLock other = FleetLock.acquire(dir, "immut", "api");
    other.close();
    first.close();
    FleetLock.acquire(dir, "immut", "web").close();
  }

  @Test
  void fleetsOfTheSameNameInTwoScopesDoNotBlockEachOther() {
    try (FleetLock a = FleetLock.acquire(null, "memory@1", "immut", "web");
         FleetLock b = FleetLock.acquire(null, "memory@2", "immut", "web")) {
      assertThat(a).isNotSameAs(b);
      assertThatThrownBy(() -> FleetLock.acquire(null, "memory@1", "immut", "web")).isInstanceOf(FleetBusyException.class)
          .hasMessageContaining("in this process");
    }
    FleetLock.acquire(null, "memory@1", "immut", "web").close();
  }

  @Test
  void aProcessLocalLockWritesNoFile() throws Exception {
    try (FleetLock lock = FleetLock.acquire(null, "memory@3", "immut", "web")) {
      assertThat(lock).isNotNull();
      try (var files = Files.list(dir)) {
        assertThat(files).isEmpty();
      }
    }
  }

  @Test
  void twoInMemoryCloudsInOneJvmRollOutFleetsOfTheSameNameAtOnce() throws Exception {
    VirtualClock clock = new VirtualClock();
    MemoryCloud one = MemoryCloud.builder().clock(clock).anyImage(true).build();
    MemoryCloud two = MemoryCloud.builder().clock(clock).anyImage(true).build();
    try (Immut first = Immut.builder().driver(one.driver()).clock(clock).build();
         Immut second = Immut.builder().driver(two.driver()).clock(clock).build()) {
      // The first rollout of "web" holds its fleet's lock while the second one runs inside its listener.
      FleetSpec web = FleetSpec.builder("web")
          .generation(GenerationSpec.builder().image("ami-1").instanceType("t3.micro").build())
          .capacity(Capacity.fixed(2)).build();
      AtomicReference<RolloutResult> inner =
          new AtomicReference<>();
      RolloutResult outer = first.apply(web, event -> {
        if (event instanceof RolloutEvent.Started && inner.get() == null) {
          inner.set(second.apply(web));
        }
      });
      assertThat(outer.succeeded()).isTrue();
      assertThat(inner.get()).isNotNull();
      assertThat(inner.get().succeeded()).isTrue();
    }
  }

  @Test
  void aLockHeldByAnotherProcessIsRefusedAndFreedWhenItEnds() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(),
        dir.toString(), "immut", "web").redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");
      assertThatThrownBy(() -> FleetLock.acquire(dir, "immut", "web")).isInstanceOf(FleetBusyException.class)
          .hasMessageContaining("another process on this host");
    } finally {
      p.getOutputStream().close();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    FleetLock.acquire(dir, "immut", "web").close();
  }
}
