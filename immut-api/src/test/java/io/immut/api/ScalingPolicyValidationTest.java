package io.immut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.ScalingPolicy.Step;
import io.immut.api.ScalingPolicy.Window;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Autoscaled capacity, scaling policies and cost policy validation")
class ScalingPolicyValidationTest {

  static List<String> paths(Runnable r) {
    try {
      r.run();
    } catch (InvalidSpecException e) {
      // Relative to the value's place in a fleet spec (capacity.autoscaled, cost.idleReaping): see FullPathsTest.
      String root = e.root().isEmpty() ? "" : e.root() + ".";
      return e.problems().stream().map(SpecProblem::path).map(p -> p.startsWith(root) ? p.substring(root.length()) : p)
          .toList();
    }
    throw new AssertionError("no InvalidSpecException");
  }

  @Test
  @DisplayName("an autoscaled capacity reports every bad field at once and starts at min")
  void autoscaled() {
    assertThat(paths(() -> new Capacity.Autoscaled(-1, 0, List.of()))).containsExactly("min", "max", "policies");
    assertThat(paths(() -> new Capacity.Autoscaled(5, 3, List.of(ScalingPolicy.targetTracking("cpu", 50))))).containsExactly("max");
    assertThat(paths(() -> new Capacity.Autoscaled(1, 3, java.util.Arrays.asList(ScalingPolicy.targetTracking("cpu", 50), null))))
        .containsExactly("policies[1]");
    Capacity c = Capacity.autoscaled(2, 10, ScalingPolicy.targetTracking("cpu", 50));
    assertThat(c.desired()).isEqualTo(2);
    assertThatThrownBy(() -> new Capacity.Autoscaled(5, 3, List.of())).hasMessageContaining("Invalid autoscaled capacity: 2 problems");
  }

  @Test
  @DisplayName("target tracking: every bad field at once")
  void targetTracking() {
    assertThat(paths(() -> new ScalingPolicy.TargetTracking(" ", 0, null, 1.5, Duration.ofMinutes(-1), null)))
        .containsExactly("metric", "target", "aggregation", "tolerance", "scaleInStabilization", "warmup");
    var p = ScalingPolicy.targetTracking("cpu", 60);
    assertThat(p.tolerance()).isEqualTo(0.1);
    assertThat(p.scaleInStabilization()).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.withWarmup(Duration.ofMinutes(3)).warmup()).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  @DisplayName("step scaling: bands must not overlap, a change must not be zero")
  void steps() {
    assertThat(paths(() -> new ScalingPolicy.StepScaling("cpu", List.of(Step.add(50.0, 80.0, 1), Step.add(70.0, null, 2)),
        Duration.ZERO, Duration.ZERO))).containsExactly("steps[1]");
    assertThat(paths(() -> new Step(null, null, 0, false))).containsExactly("lower", "change");
    assertThat(paths(() -> new Step(5.0, 5.0, -200, true))).containsExactly("upper", "change");
    assertThat(paths(() -> new ScalingPolicy.StepScaling(null, List.of(), null, Duration.ofSeconds(-1))))
        .containsExactly("metric", "steps", "scaleOutCooldown", "scaleInCooldown");
    assertThat(Step.add(80.0, null, 2).contains(80)).isTrue();
    assertThat(Step.add(null, 80.0, 2).contains(80)).isFalse();
  }

  @Test
  @DisplayName("scheduled windows: cron, duration and sizes are checked")
  void windows() {
    assertThat(paths(() -> Window.of("61 * * * *", Duration.ofHours(1), 1, null, null))).containsExactly("");
    assertThat(paths(() -> new Window(new Cron("0 8 * * *"), Duration.ofDays(40), 5, 3, 4))).containsExactly("duration", "max", "desired");
    assertThat(paths(() -> new Window(null, null, null, null, null))).containsExactly("start", "duration", "min");
    assertThat(paths(() -> new ScalingPolicy.Scheduled(null, List.of()))).containsExactly("zone", "windows");
  }

  @Test
  @DisplayName("cron expressions: lists, ranges, steps, names, and the day-of-month / day-of-week OR")
  void cron() {
    Cron c = new Cron("*/15 8-18/2 * JAN-MAR MON,FRI");
    assertThat(c.matches(LocalDateTime.of(2026, 3, 2, 8, 30))).isTrue();   // Monday
    assertThat(c.matches(LocalDateTime.of(2026, 3, 2, 9, 30))).isFalse();  // odd hour
    assertThat(c.matches(LocalDateTime.of(2026, 3, 3, 8, 30))).isFalse();  // Tuesday
    assertThat(c.matches(LocalDateTime.of(2026, 4, 6, 8, 30))).isFalse();  // April
    Cron either = new Cron("0 0 1 * SUN");
    assertThat(either.matches(LocalDateTime.of(2026, 3, 1, 0, 0))).isTrue();  // the 1st (a Sunday too)
    assertThat(either.matches(LocalDateTime.of(2026, 4, 1, 0, 0))).isTrue();  // the 1st, a Wednesday
    assertThat(either.matches(LocalDateTime.of(2026, 3, 8, 0, 0))).isTrue();  // a Sunday
    assertThat(either.matches(LocalDateTime.of(2026, 3, 9, 0, 0))).isFalse();
    assertThat(new Cron("0 0 * * 7").matches(LocalDateTime.of(2026, 3, 8, 0, 0))).isTrue();
    ZoneId utc = ZoneId.of("UTC");
    assertThat(new Cron("30 9 * * *").lastFireAtOrBefore(ZonedDateTime.of(2026, 3, 2, 9, 0, 0, 0, utc), utc, 2))
        .hasValue(ZonedDateTime.of(2026, 3, 1, 9, 30, 0, 0, utc));
    assertThat(paths(() -> new Cron("* * *"))).containsExactly("");
    assertThatThrownBy(() -> new Cron("0 25 * * FOO")).hasMessageContaining("hour '25' is out of range 0-23")
        .hasMessageContaining("day-of-week 'FOO' is not a number or a name");
  }

  @Test
  @DisplayName("predictive: ranges of lookback, lead time and resolution")
  void predictive() {
    assertThat(paths(() -> new ScalingPolicy.Predictive("rps", -1, Duration.ofHours(1), Duration.ofDays(2), Duration.ofMinutes(7))))
        .containsExactly("targetPerInstance", "lookback", "leadTime", "resolution");
    assertThat(ScalingPolicy.predictive("rps", 100, Duration.ofMinutes(3)).lookback()).isEqualTo(Duration.ofDays(14));
  }

  @Test
  @DisplayName("cost policy: the one-argument constructor and NONE still work; idle reaping is validated")
  void costPolicy() {
    CostPolicy p = new CostPolicy(new BigDecimal("12.50"));
    assertThat(p.idle()).isEmpty();
    assertThat(p.budget()).hasValue(new BigDecimal("12.50"));
    assertThat(CostPolicy.NONE.budget()).isEmpty();
    assertThat(CostPolicy.NONE.idle()).isEmpty();
    var idle = new CostPolicy.IdleReaping("cpu{instance=\"{instance}\"}", 5, Duration.ofMinutes(30));
    assertThat(p.withIdleReaping(idle).idle()).hasValue(idle);
    assertThat(idle.queryFor("i-1")).isEqualTo("cpu{instance=\"i-1\"}");
    assertThat(paths(() -> new CostPolicy.IdleReaping("cpu", -1, Duration.ZERO))).containsExactly("metric", "threshold", "window");
    assertThat(paths(() -> new CostPolicy(BigDecimal.ZERO, idle))).containsExactly("maxHourlySpend");
  }

  @Test
  @DisplayName("a fleet spec accepts an autoscaled capacity")
  void fleetSpec() {
    FleetSpec spec = FleetSpec.builder("web")
        .generation(GenerationSpec.builder().image("ami-0abc123").instanceType("t3.micro").build())
        .capacity(Capacity.autoscaled(2, 10, ScalingPolicy.targetTracking("cpu", 60)))
        .cost(new CostPolicy(new BigDecimal("1.00")))
        .build();
    assertThat(spec.capacity().desired()).isEqualTo(2);
  }

  @Test
  @DisplayName("every policy is made the same way: a factory on ScalingPolicy with the required fields, withX for the rest")
  void oneStyleOfFactories() {
    Duration m = Duration.ofMinutes(1);
    assertThat(ScalingPolicy.stepScaling("cpu", Step.add(80.0, null, 2), Step.remove(null, 20.0, 1))
        .withCooldowns(m, Duration.ofMinutes(5)))
        .isEqualTo(new ScalingPolicy.StepScaling("cpu", List.of(Step.add(80.0, null, 2), Step.remove(null, 20.0, 1)), m, Duration.ofMinutes(5)));
    assertThat(ScalingPolicy.stepScaling("cpu", Step.add(80.0, null, 2)).scaleOutCooldown()).isEqualTo(Duration.ZERO);
    Window w = Window.of("0 8 * * MON-FRI", Duration.ofHours(10), 4, null, null);
    assertThat(ScalingPolicy.scheduled(ZoneId.of("UTC"), w)).isEqualTo(new ScalingPolicy.Scheduled(ZoneId.of("UTC"), List.of(w)));
    ScalingPolicy.Predictive p = ScalingPolicy.predictive("rps", 100, Duration.ofMinutes(3));
    assertThat(p.lookback()).isEqualTo(Duration.ofDays(14));
    assertThat(p.resolution()).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.withLookback(Duration.ofDays(7)).withResolution(Duration.ofMinutes(5)))
        .isEqualTo(new ScalingPolicy.Predictive("rps", 100, Duration.ofDays(7), Duration.ofMinutes(3), Duration.ofMinutes(5)));
    assertThat(ScalingPolicy.adaptive("requests", 1200, Duration.ofMinutes(3)).withPeriod(Duration.ofSeconds(15)).period())
        .isEqualTo(Duration.ofSeconds(15));
    assertThatThrownBy(() -> ScalingPolicy.stepScaling("cpu"))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("steps");
    assertThatThrownBy(() -> ScalingPolicy.predictive("rps", 100, m).withResolution(Duration.ofMinutes(7)))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("resolution");
  }
}
