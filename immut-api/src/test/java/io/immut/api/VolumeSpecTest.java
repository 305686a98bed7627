package io.immut.api;

import static io.immut.api.SpecAssertions.onlyProblemOf;
import static io.immut.api.SpecAssertions.pathsOf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeSpecTest {

  @Test
  void factoriesBuildValidVolumes() {
    assertThat(VolumeSpec.root(16)).satisfies(v -> {
      assertThat(v.root()).isTrue();
      assertThat(v.persistence()).isEqualTo(Persistence.EPHEMERAL);
      assertThat(v.deleteOnTermination()).isTrue();
    });
    assertThat(VolumeSpec.external("data", 20, "nfs://files/web")).satisfies(v -> {
      assertThat(v.deleteOnTermination()).isFalse();
      assertThat(v.location()).isEqualTo("nfs://files/web");
    });
    assertThat(VolumeSpec.data("scratch", 5, null).declaredPersistence()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 65_537, Integer.MIN_VALUE})
  void sizeOutOfRange(int size) {
    SpecProblem p = onlyProblemOf(() -> VolumeSpec.data("data", size, Persistence.LOCAL));
    assertThat(p.path()).isEqualTo("sizeGb");
    assertThat(p.problem()).isEqualTo(size + " is out of range");
    assertThat(p.allowed()).isEqualTo("an integer from 1 to 65536");
  }

  @Test
  void boundarySizesAreAccepted() {
    assertThat(VolumeSpec.data("a", 1, Persistence.LOCAL).sizeGb()).isEqualTo(1);
    assertThat(VolumeSpec.data("a", 65_536, Persistence.LOCAL).sizeGb()).isEqualTo(65_536);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Data", "1data", "da ta", "data.1", ""})
  void invalidNames(String name) {
    SpecProblem p = onlyProblemOf(() -> VolumeSpec.data(name, 1, Persistence.LOCAL));
    assertThat(p.path()).isEqualTo("name");
    assertThat(p.problem()).contains("is not valid");
  }

  @Test
  void missingName() {
    assertThat(onlyProblemOf(() -> VolumeSpec.data(null, 1, Persistence.LOCAL)).problem()).isEqualTo("is missing");
  }

  @Test
  void aLocationNeedsExternalPersistence() {
    SpecProblem p = onlyProblemOf(() -> new VolumeSpec("data", 1, Persistence.LOCAL, "nfs://x", false, null));
    assertThat(p.path()).isEqualTo("location");
    assertThat(p.allowed()).contains("only with persistence EXTERNAL");
  }

  @Test
  void aBlankLocationIsRefused() {
    assertThat(pathsOf(() -> new VolumeSpec("data", 1, Persistence.EXTERNAL, " ", false, null))).containsExactly("location");
  }

  @Test
  void theRootVolumeCannotBeDeclaredPersistent() {
    SpecProblem p = onlyProblemOf(() -> new VolumeSpec("root", 8, Persistence.LOCAL, null, true, null));
    assertThat(p.path()).isEqualTo("persistence");
    assertThat(p.problem()).contains("root volume");
  }

  @Test
  void everyProblemOfAVolumeAtOnce() {
    assertThat(pathsOf(() -> new VolumeSpec("Bad Name", 0, Persistence.EXTERNAL, " ", true, null)))
        .containsExactlyInAnyOrder("name", "sizeGb", "location", "persistence");
  }
}
