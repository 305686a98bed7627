package io.immut.core.internal.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.core.history.GenerationStatus;
import io.immut.core.internal.controller.WorkChoice.Facts;
import io.immut.core.internal.controller.WorkChoice.Work;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The controller's choice is level-triggered: it depends on what the history says, not on what
 * happened before, so the same facts give the same work; a generation is rolled out only when it is
 * not live, never again after it failed unless a retry was asked for, and over any sequence of spec
 * changes, outcomes and retries each generation is rolled out at most once per spec change or
 * retry. Seeds are fixed by the build.
 */
class WorkChoiceProperties {

  @Provide
  Arbitrary<Facts> facts() {
    Arbitrary<String> id = Arbitraries.of("g1", "g2", "g3");
    Arbitrary<String> maybe = Arbitraries.of("g1", "g2", "g3").injectNull(0.3);
    Arbitrary<GenerationStatus> status = Arbitraries.of(GenerationStatus.class).injectNull(0.2);
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    return net.jqwik.api.Combinators.combine(id, maybe, status, maybe, flag, flag, Arbitraries.of(true, false, false, false))
        .as(Facts::new);
  }

  @Property(tries = 500)
  void aRolloutOnlyOfAGenerationThatIsNotLiveAndNotBlocked(@ForAll("facts") Facts f) {
    Work w = WorkChoice.choose(f);
    assertThat(WorkChoice.choose(f)).as("the same facts, the same work").isEqualTo(w);
    if (f.paused()) {
      assertThat(w).as("a paused fleet is only observed").isEqualTo(Work.OBSERVE);
    }
    if (w == Work.ROLL_OUT) {
      assertThat(f.paused()).isFalse();
      assertThat(f.wantedId()).isNotEqualTo(f.liveId());
      assertThat(WorkChoice.isBlocked(f)).isFalse();
      assertThat(f.rollbackRequested()).isFalse();
    }
    if (f.wantedId().equals(f.liveId()) && !f.rollbackRequested() && !f.paused()) {
      assertThat(w).isEqualTo(Work.RECONCILE);
    }
    if (w == Work.RECONCILE_LIVE || w == Work.ROLL_BACK) {
      assertThat(f.liveId()).isNotNull();
    }
  }

  /** One thing that happens to a fleet between two reconciles. */
  enum Step { CHANGE_SPEC, OUTCOME_FAILS, OUTCOME_SUCCEEDS, RETRY, ROLLBACK, NOTHING }

  @Property(tries = 300)
  void eachGenerationIsRolledOutAtMostOncePerSpecChangeOrRetry(@ForAll @Size(max = 60) List<Step> steps,
                                                               @ForAll @Size(min = 60, max = 60) List<Integer> picks) {
    Map<String, GenerationStatus> history = new HashMap<>();
    String live = "g0";
    history.put("g0", GenerationStatus.LIVE);
    String wanted = "g0";
    String retry = null;
    boolean succeedNext = true;
    boolean rollback = false;
    Map<String, Integer> rollouts = new HashMap<>();
    Map<String, Integer> allowed = new HashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      switch (steps.get(i)) {
        case CHANGE_SPEC -> {
          wanted = "g" + (1 + Math.floorMod(picks.get(i), 3));
          allowed.merge(wanted, 1, Integer::sum);
          retry = null;
        }
        case OUTCOME_FAILS -> succeedNext = false;
        case OUTCOME_SUCCEEDS -> succeedNext = true;
        case RETRY -> {
          retry = wanted;
          allowed.merge(wanted, 1, Integer::sum);
        }
        case ROLLBACK -> rollback = true;
        default -> { }
      }
      Facts f = new Facts(wanted, live, history.get(wanted), null, wanted.equals(retry), rollback, false);
      Work w = WorkChoice.choose(f);
      if (w == Work.ROLL_OUT) {
        rollouts.merge(wanted, 1, Integer::sum);
        if (succeedNext) {
          history.put(live, GenerationStatus.RETIRED);
          history.put(wanted, GenerationStatus.LIVE);
          live = wanted;
        } else {
          history.put(wanted, GenerationStatus.ROLLED_BACK);
        }
        if (wanted.equals(retry)) {
          retry = null;
        }
      } else if (w == Work.ROLL_BACK) {
        rollback = false;
        String previous = history.entrySet().stream().filter(e -> e.getValue() == GenerationStatus.RETIRED)
            .map(Map.Entry::getKey).findFirst().orElse(null);
        if (previous != null) {
          history.put(live, GenerationStatus.ROLLED_BACK);
          history.put(previous, GenerationStatus.LIVE);
          live = previous;
        }
      }
      // a second reconcile with nothing new in between never starts another rollout
      Facts again = new Facts(wanted, live, history.get(wanted), null, wanted.equals(retry), rollback, false);
      if (w == Work.ROLL_OUT) {
        assertThat(WorkChoice.choose(again)).as("after rolling %s out", wanted).isNotEqualTo(Work.ROLL_OUT);
      }
    }
    rollouts.forEach((g, n) -> assertThat(n).as("rollouts of %s", g).isLessThanOrEqualTo(allowed.getOrDefault(g, 0)));
  }
}
