package io.immut.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.spi.CloudDriver;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchFailure;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.LaunchToken;
import io.immut.spi.Ownership;
import io.immut.spi.OwnershipKeys;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The groups of {@link CloudDriverConformance} that check what the clouds beyond EC2 made part of
 * the contract: batched inspection, listing by state, nothing left behind by a termination, tokens
 * re-sent after their instances are gone, names derived from tokens, late launch failures and
 * ownership through the cloud's encoding. Kept apart from the basic groups so that each file holds
 * one concern; a driver's test sees one suite.
 */
abstract class ConformanceChecks {
  /** A token of every kind of character a token may hold, at the longest a token may be (64). */
  static final String AWKWARD_TOKEN_HEAD = "Wave:07/Rollout_ABC.def~!@#$%^&*()+=[]{}|;',<>?";

  /** The session of the running test: the driver, the fixture and the test's bookkeeping. */
  abstract ConformanceSession session();

  private CloudDriver d() {
    return session().driver();
  }

  private CloudFixture f() {
    return session().fixture();
  }

  private List<InstanceView> settledList(FleetSelector fleet) {
    f().settle();
    return d().list(fleet);
  }

  private static Set<InstanceId> ids(List<InstanceView> views) {
    return views.stream().map(InstanceView::id).collect(Collectors.toSet());
  }

  private static Set<InstanceId> liveIds(List<InstanceView> views) {
    return views.stream().filter(v -> v.state().isLive()).map(InstanceView::id).collect(Collectors.toSet());
  }

  /** A token unique to this call, of 64 characters of every kind a token may hold. */
  private String awkwardToken() {
    String unique = session().newToken();
    String head = AWKWARD_TOKEN_HEAD.substring(0, Math.min(AWKWARD_TOKEN_HEAD.length(), 63 - unique.length()));
    String token = head + "-" + unique;
    return token + "x".repeat(Math.max(0, 64 - token.length()));
  }

  /** inspectAll: batches within maxInspectBatch, absent ids, the same facts as inspect. */
  @Nested
  @DisplayName("inspectAll")
  class BatchedInspection {

    @Test
    @DisplayName("inspects a batch of instances as inspect does each, and leaves unknown ones out")
    void inspectsABatchAsInspectDoes() {
      int batch = d().capabilities().maxInspectBatch();
      FleetSelector fleet = session().newFleet();
      List<InstanceView> launched = session().launch(session().request(fleet, Math.min(batch, 4) + 1)).instances();
      f().settle();
      InstanceId gone = launched.get(launched.size() - 1).id();
      d().terminate(Set.of(gone));
      f().settle();
      // a terminated instance may still be described for a while (EC2 keeps it an hour): not asked
      List<InstanceId> known = launched.stream().map(InstanceView::id).filter(id -> !id.equals(gone)).toList();

      Map<InstanceId, InstanceInspection> all = new java.util.LinkedHashMap<>();
      List<InstanceId> asked = new ArrayList<>(known);
      asked.add(f().unknownInstanceId());
      for (int from = 0; from < asked.size(); from += batch) {
        all.putAll(d().inspectAll(asked.subList(from, Math.min(asked.size(), from + batch))));
      }
      assertThat(all.keySet()).as("instances inspected by inspectAll in batches of %d", batch)
          .containsExactlyInAnyOrderElementsOf(known);
      for (InstanceId id : known) {
        InstanceInspection one = d().inspect(id);
        InstanceInspection batched = all.get(id);
        assertThat(batched.id()).as("id inspected").isEqualTo(id);
        assertThat(batched.instanceType()).as("type of %s by inspectAll", id).isEqualTo(one.instanceType());
        assertThat(batched.imageId()).as("image of %s by inspectAll", id).isEqualTo(one.imageId());
        assertThat(batched.tags()).as("tags of %s by inspectAll", id).isEqualTo(one.tags());
        assertThat(batched.volumes()).as("volumes of %s by inspectAll", id)
            .containsExactlyInAnyOrderElementsOf(one.volumes());
      }
    }
  }

  /** list(selector, states): only the asked states, never another fleet's or owner's. */
  @Nested
  @DisplayName("list by state")
  class ListByState {

    @Test
    @DisplayName("lists only the instances in the asked states, and all of them")
    void listsOnlyTheAskedStates() {
      FleetSelector fleet = session().newFleet();
      FleetSelector sibling = session().newFleet();
      List<InstanceView> launched = session().launch(session().request(fleet, 3)).instances();
      session().launch(session().request(sibling, 1));
      f().settle();
      InstanceId victim = launched.get(0).id();
      d().terminate(Set.of(victim));
      f().settle();
      Set<InstanceId> survivors = new HashSet<>(ids(launched));
      survivors.remove(victim);

      assertThat(ids(d().list(fleet, EnumSet.of(InstanceState.RUNNING)))).as("RUNNING instances of %s", fleet.fleet())
          .isEqualTo(survivors);
      assertThat(ids(d().list(fleet, EnumSet.of(InstanceState.PROVISIONING, InstanceState.RUNNING))))
          .as("live instances of %s", fleet.fleet()).isEqualTo(survivors);
      assertThat(d().list(fleet, EnumSet.of(InstanceState.TERMINATING, InstanceState.DELETED)))
          .as("gone instances of %s, where the cloud still lists them", fleet.fleet())
          .allSatisfy(v -> assertThat(v.id()).isEqualTo(victim))
          .allSatisfy(v -> assertThat(v.state().isGone()).isTrue());
      assertThat(d().list(fleet, Set.of())).as("instances in no state").isEmpty();
      assertThat(ids(d().list(fleet, EnumSet.allOf(InstanceState.class)))).as("instances in every state")
          .isEqualTo(ids(d().list(fleet)));
    }
  }

  /** terminate: nothing the launch created outlives the instance. */
  @Nested
  @DisplayName("cleanup")
  class Cleanup {

    @Test
    @DisplayName("leaves nothing the launch created behind once terminated: no volume, network interface or address")
    void terminateLeavesNothingBehind() {
      Set<String> before = f().leftovers();
      FleetSelector fleet = session().newFleet();
      Set<InstanceId> ids = ids(session().launch(session().request(fleet, 2)).instances());
      f().settle();
      d().terminate(ids);
      f().settle();

      Set<String> after = new HashSet<>(f().leftovers());
      after.removeAll(before);
      assertThat(liveIds(d().list(fleet))).as("live instances after terminating them").isEmpty();
      assertThat(after).as("resources the terminated instances left behind (the spec's volumes are all deleted with"
          + " their instance; set every delete option: EBS DeleteOnTermination, Azure deleteOption Delete on the NIC,"
          + " IP and disks, GCE autoDelete)").isEmpty();
    }
  }

  /** Tokens: re-sent after their instances are gone; names derived from them. */
  @Nested
  @DisplayName("tokens")
  class Tokens {

    @Test
    @DisplayName("launches nothing new for a token re-sent after its instances were terminated, within the token window")
    void tokenReusedAfterItsInstancesAreGone() {
      FleetSelector fleet = session().newFleet();
      LaunchRequest request = session().request(fleet, 2);
      Set<InstanceId> first = ids(session().launch(request).instances());
      d().terminate(first);
      f().settle();
      LaunchResult again = session().launch(request);

      assertThat(again.instances()).as("instances answered to the token re-sent after its instances are gone")
          .allSatisfy(v -> assertThat(v.state().isLive()).as("state of %s", v.id()).isFalse());
      assertThat(liveIds(settledList(fleet))).as("live instances of the fleet: a token within its window (%s) launches"
          + " nothing new, even once its instances are gone", d().capabilities().tokenWindow()).isEmpty();
    }

    @Test
    @DisplayName("accepts a token of 64 characters of any kind, and names instances from it validly for the cloud")
    void namesFromATokenAreValid() {
      FleetSelector fleet = session().newFleet();
      LaunchRequest request = session().request(fleet, 3, awkwardToken(), session().spec());
      LaunchResult result = session().launch(request);
      LaunchResult again = session().launch(request);

      assertThat(result.instances()).as("instances launched under a 64-character token").hasSize(3);
      assertThat(ids(again.instances())).as("instances of the same token re-sent").isEqualTo(ids(result.instances()));
      f().nameSyntax().ifPresent(syntax -> {
        Pattern valid = Pattern.compile(syntax.allowsHyphen() ? "[a-z]([-a-z0-9]*[a-z0-9])?" : "[a-z][a-z0-9]*");
        List<String> names = result.instances().stream().map(v -> f().instanceName(v.id())).toList();
        assertThat(names).as("instance names derived from token '%s'", request.token()).doesNotHaveDuplicates()
            .allSatisfy(n -> assertThat(n).as("name").matches(valid).hasSizeLessThanOrEqualTo(syntax.maxLength()));
      });
      assertThat(liveIds(settledList(fleet))).as("instances of the fleet").isEqualTo(ids(result.instances()));
    }
  }

  /** Late launch failures: accepted, then FAILED with the reason, and deleted cleanly. */
  @Nested
  @DisplayName("late launch failures")
  class LateFailures {

    @Test
    @DisplayName("reports a launch that fails after it was accepted as FAILED instances with the reason, and deletes them")
    void lateFailureIsReportedAsFailed() {
      assumeTrue(d().capabilities().lateLaunchFailures(),
          "the driver does not claim lateLaunchFailures: its launches answer every failure at once");
      FleetSelector fleet = session().newFleet();
      f().failNextLaunchLate(2);
      LaunchResult result = session().launch(session().request(fleet, 2));
      assertThat(result.instances()).as("instances the cloud accepted").isNotEmpty()
          .allSatisfy(v -> assertThat(v.state()).as("state of %s at acceptance", v.id())
              .isIn(InstanceState.PROVISIONING, InstanceState.FAILED));

      Map<InstanceId, InstanceView> listed = settledList(fleet).stream()
          .collect(Collectors.toMap(InstanceView::id, v -> v));
      for (InstanceView v : result.instances()) {
        assertThat(listed).as("listing of %s after its creation failed", v.id()).containsKey(v.id());
        InstanceView failed = listed.get(v.id());
        assertThat(failed.state()).as("state of %s", v.id()).isEqualTo(InstanceState.FAILED);
        assertThat(failed.failure()).as("why %s failed", v.id()).hasValueSatisfying(why -> {
          assertThat(why.reason()).as("reason").isEqualTo(LaunchFailure.Reason.CAPACITY);
          assertThat(why.message()).as("message").isNotBlank();
        });
      }
      d().terminate(ids(result.instances()));
      assertThat(liveIds(settledList(fleet))).as("live instances once the failed ones are deleted").isEmpty();
      assertThat(d().list(fleet, EnumSet.of(InstanceState.FAILED))).as("FAILED instances once deleted").isEmpty();
    }
  }

  /** Ownership through the cloud's tag or label syntax, at the edges of what it admits. */
  @Nested
  @DisplayName("ownership encoding")
  class Encoding {

    @Test
    @DisplayName("writes ownership in the cloud's syntax and reads it back exactly, at the longest names allowed")
    void ownershipRoundTrip() {
      String fleetName = session().newFleet().fleet();
      String longFleet = (fleetName + "-" + "f".repeat(40)).substring(0, 40).replaceAll("-+$", "");
      String longOwner = (session().owner() + "_" + "o-".repeat(40)).substring(0, 63);
      Ownership ownership = Ownership.of(longFleet, "g0" + "9".repeat(61), longOwner);
      LaunchRequest request = LaunchRequest.builder().token(LaunchToken.of(session().newToken())).ownership(ownership)
          .spec(session().spec()).image(session().image()).count(1).build();
      InstanceView launched = session().launch(request).instances().get(0);
      f().settle();

      OwnershipKeys keys = f().ownershipKeys();
      assertThat(launched.ownership()).as("ownership of the launched instance").isEqualTo(ownership);
      InstanceInspection inspection = d().inspect(launched.id());
      assertThat(inspection.tags()).as("tags of %s in the cloud's syntax", launched.id())
          .containsAllEntriesOf(keys.encode(ownership));
      assertThat(keys.decode(inspection.tags())).as("ownership decoded from the tags").hasValue(ownership);
      assertThat(d().list(ownership.selector())).as("instances listed for the long fleet and owner")
          .singleElement().satisfies(v -> assertThat(v.ownership()).isEqualTo(ownership));
      assertThat(d().list(new FleetSelector(longFleet, longOwner.substring(0, 62))))
          .as("instances listed for an owner one character shorter").isEmpty();
    }
  }
}
