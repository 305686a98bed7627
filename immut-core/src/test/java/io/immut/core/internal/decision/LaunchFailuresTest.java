package io.immut.core.internal.decision;

import static io.immut.core.internal.decision.DeciderTest.NOW;
import static io.immut.core.internal.decision.DeciderTest.fleet;
import static io.immut.core.internal.decision.DeciderTest.instance;
import static io.immut.core.internal.decision.DeciderTest.rolling;
import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decision's answer to instances the cloud accepted and then reported FAILED. */
class LaunchFailuresTest {

  private static InstanceView failed(String id, String zone, LaunchFailure why) {
    return instance(id, "new").toBuilder().state(InstanceState.FAILED).zone(zone).failure(why).build();
  }

  private static List<InstanceView> oldFleetWith(InstanceView... extra) {
    List<InstanceView> views = new ArrayList<>(fleet("old", 4, "o"));
    views.addAll(List.of(extra));
    return views;
  }

  @Test
  void aCapacityFailureIsDeletedAndRelaunchedOnlyAfterABackoffInSmallerBatchesAwayFromItsZone() {
    List<InstanceView> views = oldFleetWith(failed("n0", "z-a", LaunchFailure.capacity("AllocationFailed")),
        failed("n1", "z-a", LaunchFailure.capacity("AllocationFailed")));
    Decision first = Decider.decide(rolling(4, 2, 0, views).build(), Progress.start(NOW));
    assertThat(first.phase()).isEqualTo(Phase.IN_PROGRESS);
    assertThat(first.actionsOf(Action.Terminate.class)).singleElement().satisfies(t -> {
      assertThat(t.ids()).containsExactlyInAnyOrder(InstanceId.of("n0"), InstanceId.of("n1"));
      assertThat(t.reason()).isEqualTo("failed launch");
    });
    assertThat(first.actionsOf(Action.Launch.class)).as("not relaunched at once like a lost instance").isEmpty();
    assertThat(first.actionsOf(Action.WaitUntil.class)).singleElement()
        .satisfies(w -> assertThat(w.until()).isEqualTo(NOW.plusSeconds(15)));

    // the failed instances are gone from the listing now; the backoff is over
    List<InstanceView> later = oldFleetWith();
    Decision during = Decider.decide(rolling(4, 2, 0, later).now(NOW.plusSeconds(10)).build(), first.progress());
    assertThat(during.actionsOf(Action.Launch.class)).isEmpty();
    Decision after = Decider.decide(rolling(4, 2, 0, later).now(NOW.plusSeconds(15)).build(), during.progress());
    assertThat(after.actionsOf(Action.Launch.class)).singleElement().satisfies(l -> {
      assertThat(l.count()).as("half of the failed batch of 2").isEqualTo(1);
      assertThat(l.avoidZones()).containsExactly("z-a");
    });
  }

  @Test
  void aFailedInstanceSeenAgainIsNotCountedTwice() {
    List<InstanceView> views = oldFleetWith(failed("n0", "z-a", LaunchFailure.capacity("no room")));
    Decision first = Decider.decide(rolling(4, 1, 0, views).build(), Progress.start(NOW));
    Decision again = Decider.decide(rolling(4, 1, 0, views).now(NOW.plusSeconds(20)).build(), first.progress());
    assertThat(again.progress().launches().failures()).isEqualTo(1);
    assertThat(again.actionsOf(Action.Launch.class)).singleElement().satisfies(l -> assertThat(l.count()).isEqualTo(1));
  }

  @Test
  void aQuotaFailureStopsTheRolloutWithTheCloudsReasonAndDeletesTheFailedInstances() {
    List<InstanceView> views = oldFleetWith(failed("n0", "z-a", LaunchFailure.quota("cores quota 10 reached")),
        instance("n1", "new").toBuilder().state(InstanceState.PROVISIONING).build());
    Decision d = Decider.decide(rolling(4, 2, 0, views).build(), Progress.start(NOW));
    assertThat(d.phase()).isEqualTo(Phase.LAUNCH_FAILED);
    assertThat(d.stoppedBy()).isEqualTo(LaunchFailure.Reason.QUOTA);
    assertThat(d.reason()).contains("cores quota 10 reached").contains("raise the quota");
    assertThat(d.actions()).singleElement().isInstanceOfSatisfying(Action.Terminate.class,
        t -> assertThat(t.ids()).containsExactly(InstanceId.of("n0")));
  }

  @Test
  void anImageFailureStopsTheRolloutWithTheCloudsReason() {
    List<InstanceView> views = oldFleetWith(failed("n0", "z-a", new LaunchFailure(LaunchFailure.Reason.IMAGE,
        "image is for arm64")));
    Decision d = Decider.decide(rolling(4, 1, 0, views).build(), Progress.start(NOW));
    assertThat(d.phase()).isEqualTo(Phase.LAUNCH_FAILED);
    assertThat(d.stoppedBy()).isEqualTo(LaunchFailure.Reason.IMAGE);
    assertThat(d.reason()).contains("image is for arm64");
  }

  @Test
  void capacityFailuresInARowStopTheRolloutForCapacity() {
    Progress p = Progress.start(NOW);
    Decision d = null;
    for (int i = 0; i < LaunchFailures.MAX_FAILURES; i++) {
      java.time.Instant at = NOW.plus(Duration.ofMinutes(10L * i));
      d = Decider.decide(rolling(4, 1, 0, oldFleetWith(failed("n" + i, "z-a", LaunchFailure.capacity("none left"))))
          .now(at).build(), p);
      p = d.progress();
      if (i < LaunchFailures.MAX_FAILURES - 1) {
        assertThat(d.phase()).isNotEqualTo(Phase.LAUNCH_FAILED);
      }
    }
    assertThat(d.phase()).isEqualTo(Phase.LAUNCH_FAILED);
    assertThat(d.stoppedBy()).isEqualTo(LaunchFailure.Reason.CAPACITY);
    assertThat(d.reason()).contains("none left").contains(LaunchFailures.MAX_FAILURES + " late launch failures");
  }

  @Test
  void aRollbackNeverStopsOnALaunchFailure() {
    List<InstanceView> views = oldFleetWith(failed("n0", "z-a", LaunchFailure.quota("quota")));
    Decision d = Decider.decide(rolling(4, 1, 0, views).mode(Mode.ROLLBACK).build(), Progress.start(NOW));
    assertThat(d.phase()).isNotEqualTo(Phase.LAUNCH_FAILED);
    assertThat(d.actionsOf(Action.Terminate.class)).anySatisfy(t -> assertThat(t.ids()).contains(InstanceId.of("n0")));
  }

  @Test
  void theCapGrowsBackAsTheSmallerBatchesComeUp() {
    Progress p = Progress.start(NOW).withLaunches(new LaunchTrouble(java.util.Set.of(), 2, null, 1, 0, java.util.Set.of()));
    List<InstanceView> views = oldFleetWith(instance("n0", "new"));
    Decision d = Decider.decide(rolling(8, 4, 0, views).build(), p);
    assertThat(d.progress().launches().cap()).isEqualTo(2);
    assertThat(d.progress().launches().failures()).isZero();
    assertThat(d.actionsOf(Action.Launch.class)).singleElement().satisfies(l -> assertThat(l.count()).isEqualTo(2));
  }

  @Test
  void failuresWithInstancesComingUpBetweenThemAreNotInARowAndNeverStopTheRollout() {
    // Azure rolls each VM on its own: a share fails, the rest come up; the count starts again
    Progress p = Progress.start(NOW);
    List<InstanceView> up = new ArrayList<>();
    Decision d = null;
    for (int i = 0; i < 2 * LaunchFailures.MAX_FAILURES; i++) {
      up.add(instance("up" + i, "new"));
      List<InstanceView> views = new ArrayList<>(fleet("old", 20, "o"));
      views.addAll(up);
      views.add(failed("n" + i, "z-a", LaunchFailure.capacity("AllocationFailed")));
      d = Decider.decide(rolling(20, 5, 0, views).now(NOW.plus(Duration.ofMinutes(10L * i))).build(), p);
      p = d.progress();
      assertThat(d.phase()).as("step %d", i).isNotEqualTo(Phase.LAUNCH_FAILED);
    }
    assertThat(d.progress().launches().failures()).as("one failure since the last instance came up").isEqualTo(1);
  }

  @Test
  void failuresOfABatchArrivingOverManyStepsWhileOthersAreInFlightAreNotInARow() {
    // a batch of 100 VMs, 5% failing late (Azure rolls each VM on its own): the failures arrive one
    // step after another while the other VMs are still being created, before any comes up; they
    // are one batch's failures, not failures in a row, and do not stop the rollout
    Progress p = Progress.start(NOW);
    List<InstanceView> creating = new ArrayList<>();
    for (int i = 0; i < 95; i++) {
      creating.add(instance("c" + i, "new").toBuilder().state(InstanceState.PROVISIONING).build());
    }
    List<InstanceView> failedSoFar = new ArrayList<>();
    Decision d = null;
    for (int i = 0; i < 2 * LaunchFailures.MAX_FAILURES; i++) {
      failedSoFar.add(failed("f" + i, "z-a", LaunchFailure.capacity("AllocationFailed")));
      List<InstanceView> views = new ArrayList<>(fleet("old", 100, "o"));
      views.addAll(creating);
      views.addAll(failedSoFar);
      d = Decider.decide(rolling(100, 100, 0, views).now(NOW.plus(Duration.ofSeconds(20L * i))).build(), p);
      p = d.progress();
      assertThat(d.phase()).as("step %d", i).isNotEqualTo(Phase.LAUNCH_FAILED);
    }
    assertThat(d.progress().launches().failures()).isEqualTo(1);
  }

  @Test
  void theFailedBatchIsWhatWasInFlightWithTheFailureNotTheFailuresAlone() {
    // one VM of a wave of 8 failed (Azure's AllocationFailed is per VM), 7 are still provisioning
    List<InstanceView> views = oldFleetWith(failed("n0", "z-a", LaunchFailure.capacity("AllocationFailed")));
    for (int i = 1; i < 8; i++) {
      views.add(instance("n" + i, "new").toBuilder().state(InstanceState.PROVISIONING).zone("z-b").build());
    }
    Decision d = Decider.decide(rolling(4, 8, 0, views).build(), Progress.start(NOW));
    assertThat(d.progress().launches().cap()).as("half of the 8 in flight, not half of the 1 failure").isEqualTo(4);
    // the failed VM is gone; after the backoff the one free place of the surge is filled
    Decision after = Decider.decide(rolling(4, 8, 0, views.subList(0, 4)).now(NOW.plusSeconds(15)).build(), d.progress());
    assertThat(after.actionsOf(Action.Launch.class)).singleElement().satisfies(l -> assertThat(l.count()).isEqualTo(4));
  }
}
