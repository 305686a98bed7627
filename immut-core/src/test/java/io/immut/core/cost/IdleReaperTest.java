package io.immut.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.CostPolicy;
import io.immut.api.HealthStatus;
import io.immut.api.Instance;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.core.scaling.InMemoryMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Idle reaping")
class IdleReaperTest {
  static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  final InMemoryMetrics load = new InMemoryMetrics();
  final CostPolicy.IdleReaping rule = new CostPolicy.IdleReaping("cpu{instance=\"{instance}\"}", 5, Duration.ofMinutes(30));

  Instance instance(String id, Duration age, HealthStatus health, double... cpuEvery5m) {
    for (int k = 0; k < cpuEvery5m.length; k++) {
      load.record("cpu{instance=\"" + id + "\"}", NOW.minus(Duration.ofMinutes(5L * (cpuEvery5m.length - 1 - k))), cpuEvery5m[k]);
    }
    return new Instance(new InstanceId(id), "web", "g1", InstanceState.RUNNING, health, "t3.micro", "ami-1", "a", NOW.minus(age), null);
  }

  @Test
  @DisplayName("unserving first, then idle by lowest load, then the others newest first; never below min")
  void order() {
    Duration old = Duration.ofHours(5);
    List<Instance> fleet = List.of(
        instance("i-busy-old", old, HealthStatus.HEALTHY, 50, 60, 55, 40, 70, 65, 50),
        instance("i-idle-2", old, HealthStatus.HEALTHY, 2, 3, 4, 1, 2, 3, 2),
        instance("i-spiky", old, HealthStatus.HEALTHY, 1, 1, 1, 9, 1, 1, 1),
        instance("i-idle-1", old, HealthStatus.HEALTHY, 0, 1, 0, 1, 0, 1, 0),
        instance("i-young", Duration.ofMinutes(10), HealthStatus.HEALTHY, 0, 0, 0),
        instance("i-sick", old, HealthStatus.UNHEALTHY, 0, 0, 0, 0, 0, 0, 0),
        instance("i-busy-new", Duration.ofHours(2), HealthStatus.HEALTHY, 50, 60, 55, 40, 70, 65, 50));
    IdleReaper reaper = new IdleReaper(rule, load);
    List<IdleReaper.Candidate> ranked = reaper.rank(fleet, NOW);
    assertThat(ranked).extracting(c -> c.instance().id().toString())
        .containsExactly("i-sick", "i-idle-1", "i-idle-2", "i-young", "i-busy-new", "i-busy-old", "i-spiky");
    assertThat(ranked.get(1).idle()).isTrue();
    assertThat(ranked.get(1).meanLoad()).isEqualTo(3.0 / 7);
    assertThat(ranked.get(1).reason()).contains("idle").contains("< 5.0");
    assertThat(ranked.get(3).reason()).contains("too young");
    assertThat(ranked.get(6).reason()).as("same age: by id").contains("busy: load reached 9.0");

    assertThat(reaper.chooseForScaleIn(fleet, 2, 1, NOW)).extracting(c -> c.instance().id().toString())
        .containsExactly("i-sick", "i-idle-1");
    assertThat(reaper.chooseForScaleIn(fleet, 10, 5, NOW)).as("down to min 5 of 7").hasSize(2);
    assertThat(reaper.chooseForScaleIn(fleet, 3, 7, NOW)).isEmpty();
  }

  @Test
  @DisplayName("without a rule: unserving first, then newest first, without reading any metric")
  void withoutRule() {
    List<Instance> fleet = List.of(
        instance("i-a", Duration.ofHours(3), HealthStatus.HEALTHY),
        instance("i-b", Duration.ofHours(1), HealthStatus.HEALTHY),
        instance("i-c", Duration.ofHours(2), HealthStatus.UNHEALTHY),
        instance("i-d", Duration.ofHours(4), HealthStatus.UNKNOWN));
    assertThat(new IdleReaper(null, null).chooseForScaleIn(fleet, 4, 0, NOW)).extracting(c -> c.instance().id().toString())
        .as("an unknown health serves").containsExactly("i-c", "i-b", "i-a", "i-d");
  }
}
