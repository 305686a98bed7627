package io.immut.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExclusionsTest {

  @Test
  void findsATestByItsIdOrByItsGroup() {
    Exclusions e = Exclusions.none()
        .exclude("Launch.shortLaunchSaysHowManyAndWhy", "cannot limit capacity")
        .exclude("Errors", "cannot produce errors");

    assertThat(e.reasonFor("Launch.shortLaunchSaysHowManyAndWhy")).hasValue("cannot limit capacity");
    assertThat(e.reasonFor("Errors.throttlingMapsToThrottled")).hasValue("cannot produce errors");
    assertThat(e.reasonFor("Launch.launchesTheCountAskedFor")).isEmpty();
    assertThat(e.asMap()).containsOnlyKeys("Launch.shortLaunchSaysHowManyAndWhy", "Errors");
  }

  @Test
  void refusesAnExclusionWithoutAReason() {
    assertThatThrownBy(() -> Exclusions.none().exclude("Errors", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Errors' needs a reason");
  }

  @Test
  void refusesTheSameTestTwice() {
    Exclusions e = Exclusions.none().exclude("Errors", "one");
    assertThatThrownBy(() -> e.exclude("Errors", "two"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("excluded twice");
  }

  @Test
  void isAValue() {
    assertThat(Exclusions.none().exclude("Errors", "r")).isEqualTo(Exclusions.none().exclude("Errors", "r"))
        .hasSameHashCodeAs(Exclusions.none().exclude("Errors", "r"))
        .isNotEqualTo(Exclusions.none());
  }

  @Test
  void everyTestIdNamesAGroupAndAMethod() {
    assertThat(CloudDriverConformance.testIds())
        .hasSizeGreaterThan(30)
        .allMatch(id -> id.matches("[A-Z][A-Za-z]+\\.[a-z][A-Za-z]+"))
        .contains("Launch.repeatedTokenLaunchesNothingNew", "ListInstances.neverListsForeignInstances",
            "Terminate.terminatesBeyondOneBatch", "Errors.throttlingMapsToThrottled");
  }

  @Test
  void aTestIdIsReadAsSurefirePrintsItOrAsWrittenInJava() {
    assertThat(TestIds.canonical("Launch.shortLaunchSaysHowManyAndWhy")).hasValue("Launch.shortLaunchSaysHowManyAndWhy");
    assertThat(TestIds.canonical("launch.shortLaunchSaysHowManyAndWhy")).hasValue("Launch.shortLaunchSaysHowManyAndWhy");
    assertThat(TestIds.canonical("list.neverListsForeignInstances")).hasValue("ListInstances.neverListsForeignInstances");
    assertThat(TestIds.canonical("CloudDriverConformance$ListInstances#neverListsForeignInstances"))
        .hasValue("ListInstances.neverListsForeignInstances");
    assertThat(TestIds.canonical("capabilities")).hasValue("ClaimedCapabilities");
    assertThat(TestIds.canonical("Nonsense.x")).isEmpty();
  }
}
