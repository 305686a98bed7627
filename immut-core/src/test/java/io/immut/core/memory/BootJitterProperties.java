package io.immut.core.memory;

import static io.immut.core.memory.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.InstanceState;
import io.immut.core.clock.VirtualClock;
import io.immut.spi.InstanceView;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class BootJitterProperties {

  private static List<InstanceState> statesAt(long seed, double jitter, int bootSeconds, Duration after) {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(seed).bootTime(Duration.ofSeconds(bootSeconds))
        .bootJitter(jitter).build();
    cloud.driver().launch(request("a", 40));
    clock.advance(after);
    return cloud.instances().stream().map(CloudInstance::state).toList();
  }

  @Property(tries = 60)
  void bootTimesStayWithinTheJitterBounds(@ForAll long seed, @ForAll @DoubleRange(min = 0, max = 1) double jitter,
                                          @ForAll @IntRange(min = 1, max = 600) int bootSeconds) {
    long base = bootSeconds * 1000L;
    long lower = (long) Math.floor(base * (1 - jitter));
    long upper = (long) Math.ceil(base * (1 + jitter));
    if (lower > 0) {
      assertThat(statesAt(seed, jitter, bootSeconds, Duration.ofMillis(lower - 1))).containsOnly(InstanceState.PROVISIONING);
    }
    assertThat(statesAt(seed, jitter, bootSeconds, Duration.ofMillis(upper))).containsOnly(InstanceState.RUNNING);
  }

  @Property(tries = 30)
  void theSameSeedBootsTheSameWay(@ForAll long seed, @ForAll @DoubleRange(min = 0.05, max = 1) double jitter) {
    assertThat(statesAt(seed, jitter, 60, Duration.ofSeconds(60)))
        .isEqualTo(statesAt(seed, jitter, 60, Duration.ofSeconds(60)));
  }

  @Property(tries = 20)
  void jitterSpreadsBootTimes(@ForAll long seed) {
    List<InstanceState> atBase = statesAt(seed, 0.5, 60, Duration.ofSeconds(60));
    assertThat(atBase).contains(InstanceState.PROVISIONING, InstanceState.RUNNING);
  }
}
