package io.immut.core.cost;

import io.immut.api.CostPolicy;
import io.immut.api.Instance;
import io.immut.api.InstanceState;
import io.immut.spi.MetricSample;
import io.immut.spi.MetricsException;
import io.immut.spi.MetricsSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Chooses which instances go when a fleet scales in. First those that serve nothing (not running,
 * or unhealthy; an unknown health counts as serving, as clouds without status checks report), then the idle ones — whose load stayed under the {@link CostPolicy.IdleReaping}
 * threshold for its whole window, lowest load first — then the others, newest first (the oldest
 * have warm caches and a known record). Never below the capacity's minimum.
 */
public final class IdleReaper {
  private final CostPolicy.IdleReaping rule;
  private final MetricsSource load;

  /**
   * A reaper.
   *
   * @param rule what counts as idle, or null to order without load data
   * @param load where the per-instance load is read; may be null when {@code rule} is
   */
  public IdleReaper(CostPolicy.IdleReaping rule, MetricsSource load) {
    if (rule != null) {
      Objects.requireNonNull(load, "a metrics source is needed to find idle instances");
    }
    this.rule = rule;
    this.load = load;
  }

  /**
   * One instance chosen to go, and why.
   *
   * @param instance the instance
   * @param idle whether it was idle
   * @param meanLoad its mean load over the window, or null when unknown
   * @param reason why it was chosen, in its place in the order
   */
  public record Candidate(Instance instance, boolean idle, Double meanLoad, String reason) {}

  /**
   * Chooses the instances to remove.
   *
   * @param instances the fleet's live instances
   * @param remove how many to remove
   * @param min the fewest instances the fleet keeps
   * @param now the time
   * @return at most {@code min(remove, instances - min)} candidates, in the order they should go
   */
  public List<Candidate> chooseForScaleIn(Collection<Instance> instances, int remove, int min, Instant now) {
    int count = Math.max(0, Math.min(remove, instances.size() - Math.max(0, min)));
    List<Candidate> ranked = rank(instances, now);
    return List.copyOf(ranked.subList(0, count));
  }

  /**
   * Ranks every instance, the first to go first.
   *
   * @param instances the fleet's live instances
   * @param now the time
   * @return all instances as candidates, in order
   */
  public List<Candidate> rank(Collection<Instance> instances, Instant now) {
    List<Candidate> unserving = new ArrayList<>();
    List<Candidate> idle = new ArrayList<>();
    List<Candidate> busy = new ArrayList<>();
    for (Instance i : instances) {
      if (i.state() != InstanceState.RUNNING || i.health() == io.immut.api.HealthStatus.UNHEALTHY) {
        unserving.add(new Candidate(i, false, null, "not serving (" + i.state()
            + (i.state() == InstanceState.RUNNING ? ", " + i.health() : "") + ")"));
        continue;
      }
      Candidate c = assess(i, now);
      (c.idle() ? idle : busy).add(c);
    }
    unserving.sort(Comparator.comparing((Candidate c) -> c.instance().id().toString()));
    idle.sort(Comparator.comparing((Candidate c) -> c.meanLoad()).thenComparing(c -> c.instance().id().toString()));
    busy.sort(Comparator.comparing((Candidate c) -> launched(c.instance())).reversed()
        .thenComparing(c -> c.instance().id().toString()));
    List<Candidate> all = new ArrayList<>(unserving);
    all.addAll(idle);
    all.addAll(busy);
    return all;
  }

  private Candidate assess(Instance i, Instant now) {
    if (rule == null) {
      return new Candidate(i, false, null, "newest first (launched " + launched(i) + ")");
    }
    Duration window = rule.window();
    if (launched(i).isAfter(now.minus(window))) {
      return new Candidate(i, false, null, "too young to be idle (launched " + launched(i) + "); newest first");
    }
    List<MetricSample> samples;
    try {
      Duration step = window.dividedBy(10).compareTo(Duration.ofSeconds(15)) < 0 ? Duration.ofSeconds(15) : window.dividedBy(10);
      samples = load.range(rule.queryFor(i.id().toString()), now.minus(window), now, step);
    } catch (MetricsException e) {
      return new Candidate(i, false, null, "load unknown (" + e.kind() + "); newest first");
    }
    if (samples.isEmpty()) {
      return new Candidate(i, false, null, "no load data; newest first");
    }
    double sum = 0;
    double peak = Double.NEGATIVE_INFINITY;
    for (MetricSample s : samples) {
      sum += s.value();
      peak = Math.max(peak, s.value());
    }
    double mean = sum / samples.size();
    if (peak < rule.threshold()) {
      return new Candidate(i, true, mean, "idle: load peaked at " + peak + " (< " + rule.threshold() + ") over the last "
          + io.immut.api.Durations.format(window) + ", mean " + mean);
    }
    return new Candidate(i, false, mean, "busy: load reached " + peak + " (>= " + rule.threshold() + "); newest first");
  }

  private static Instant launched(Instance i) {
    return i.launchedAt() == null ? Instant.EPOCH : i.launchedAt();
  }
}
