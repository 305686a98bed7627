package io.immut.core.rollout.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.core.rollout.FleetBusyException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
