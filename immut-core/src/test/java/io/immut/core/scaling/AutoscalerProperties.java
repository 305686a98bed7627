package io.immut.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Capacity;
import io.immut.api.CostPolicy;
import io.immut.api.ScalingPolicy;
import io.immut.api.ScalingPolicy.Step;
import io.immut.core.cost.Budget;
import io.immut.core.cost.PriceTable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class AutoscalerProperties {
  static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

  @Property(tries = 200)
  void desiredStaysWithinBoundsAndBudget(@ForAll @IntRange(min = 0, max = 30) int min, @ForAll @IntRange(min = 0, max = 40) int extra,
                                         @ForAll @IntRange(min = 0, max = 60) int start,
                                         @ForAll @IntRange(min = 0, max = 50) int budgetCents,
                                         @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0, max = 500) Double> cpu) {
    int max = Math.max(1, min + extra);
    Capacity.Autoscaled capacity = Capacity.autoscaled(min, max,
        ScalingPolicy.targetTracking("cpu", 50).withWarmup(Duration.ofMinutes(2)),
        new ScalingPolicy.StepScaling("cpu", List.of(Step.add(90.0, null, 5), Step.percent(null, 10.0, -30)),
            Duration.ofMinutes(1), Duration.ofMinutes(3)),
        ScalingPolicy.predictive("cpu", 20, Duration.ofMinutes(5)));
    Budget budget = budgetCents == 0 ? Budget.unlimited()
        : Budget.of(new CostPolicy(BigDecimal.valueOf(budgetCents, 2)), PriceTable.of(Map.of("t", new BigDecimal("0.02"))), "t");
    Autoscaler a = new Autoscaler(capacity, budget);
    InMemoryMetrics metrics = new InMemoryMetrics();
    ScalingState state = ScalingState.initial();
    int current = start;
    for (int k = 0; k < cpu.size(); k++) {
      Instant now = T0.plusSeconds(60L * k);
      metrics.record("cpu", now, cpu.get(k));
      Autoscaler.Result r = a.decide(now, FleetObservation.of(current), metrics, state);
      ScalingDecision d = r.decision();
      state = r.state();
      assertThat(d.desired()).isLessThanOrEqualTo(max);
      if (budget.maxInstances().isPresent()) {
        int cap = budget.maxInstances().getAsInt();
        assertThat(d.desired()).isLessThanOrEqualTo(cap);
        assertThat(d.desired()).isGreaterThanOrEqualTo(Math.min(min, cap));
      } else {
        assertThat(d.desired()).isGreaterThanOrEqualTo(min);
      }
      assertThat(d.reason()).isNotBlank();
      current = d.desired();
    }
  }

  @Property(tries = 100)
  void sameInputsSameDecision(@ForAll @IntRange(min = 1, max = 40) int current, @ForAll @DoubleRange(min = 0, max = 300) double cpu) {
    Autoscaler a = new Autoscaler(Capacity.autoscaled(1, 50, ScalingPolicy.targetTracking("cpu", 60)), Budget.unlimited());
    InMemoryMetrics metrics = new InMemoryMetrics().record("cpu", T0, cpu);
    var first = a.decide(T0, FleetObservation.of(current), metrics, ScalingState.initial()).decision();
    var second = a.decide(T0, FleetObservation.of(current), metrics, ScalingState.initial()).decision();
    assertThat(second).isEqualTo(first);
  }
}
