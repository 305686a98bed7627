package io.immut.api;

import static io.immut.api.SpecAssertions.onlyProblemOf;
import static io.immut.api.SpecAssertions.pathsOf;
import static io.immut.api.SpecAssertions.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GenerationSpecTest {

  private static GenerationSpec.Builder valid() {
    return GenerationSpec.builder().image("ami-0abc1234").instanceType("t3.micro");
  }

  @Test
  void defaultsForOptionalParts() {
    GenerationSpec g = valid().build();
    assertThat(g.labels()).isEmpty();
    assertThat(g.volumes()).isEmpty();
    assertThat(g.placement()).isEqualTo(Placement.DEFAULT);
    assertThat(g.healthCheck()).isEqualTo(HealthCheck.DEFAULT);
    assertThat(g.userData()).isNull();
  }

  @Test
  void missingImageAndInstanceType() {
    List<SpecProblem> problems = problemsOf(() -> GenerationSpec.builder().build());
    assertThat(problems).extracting(SpecProblem::path).containsExactly("image", "instanceType");
    assertThat(problems).extracting(SpecProblem::problem).containsOnly("is missing");
  }

  @ParameterizedTest
  @ValueSource(strings = {"t3 micro", "", ".t3", "a/b"})
  void invalidInstanceTypes(String type) {
    assertThat(pathsOf(() -> valid().instanceType(type).build())).containsExactly("instanceType");
  }

  @Test
  void instanceTypesOfEveryCloudAreAccepted() {
    for (String type : List.of("t3.micro", "Standard_D2s_v3", "e2-medium", "m5.24xlarge")) {
      assertThat(valid().instanceType(type).build().instanceType()).isEqualTo(type);
    }
  }

  @Test
  void anImageReferenceWithWhitespaceIsRefused() {
    assertThatThrownBy(() -> ImageRef.of("ami 123")).isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("without whitespace");
    assertThatThrownBy(() -> ImageRef.of(null)).isInstanceOf(InvalidSpecException.class).hasMessageContaining("is missing");
    assertThat(ImageRef.of("projects/p/global/images/web-42")).hasToString("projects/p/global/images/web-42");
  }

  @Test
  void userDataOverTheLimit() {
    String big = "x".repeat(GenerationSpec.MAX_USER_DATA_BYTES + 1);
    SpecProblem p = onlyProblemOf(() -> valid().userData(big).build());
    assertThat(p.path()).isEqualTo("userData");
    assertThat(p.problem()).isEqualTo("is " + (GenerationSpec.MAX_USER_DATA_BYTES + 1) + " bytes");
    assertThat(valid().userData("x".repeat(GenerationSpec.MAX_USER_DATA_BYTES)).build().userData()).hasSize(16 * 1024);
  }

  @Test
  void userDataIsCountedInUtf8Bytes() {
    String euros = "\u20ac".repeat(GenerationSpec.MAX_USER_DATA_BYTES / 3 + 1);   // 3 bytes each
    assertThat(pathsOf(() -> valid().userData(euros).build())).containsExactly("userData");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Team", "1team", "team.name", "tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt"})
  void labelKeysThatAreNotValidTagKeys(String key) {
    SpecProblem p = onlyProblemOf(() -> valid().label(key, "web").build());
    assertThat(p.path()).isEqualTo("labels." + key);
    assertThat(p.allowed()).isEqualTo(Names.LABEL_KEY_ALLOWED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Web", "web app", "web.app", "w/x"})
  void labelValuesThatAreNotValidTagValues(String value) {
    SpecProblem p = onlyProblemOf(() -> valid().label("team", value).build());
    assertThat(p.path()).isEqualTo("labels.team");
    assertThat(p.problem()).contains("is not a valid tag value");
    assertThat(p.allowed()).isEqualTo(Names.LABEL_VALUE_ALLOWED);
  }

  @Test
  void emptyLabelValuesAreValidTagValues() {
    assertThat(valid().label("canary", "").build().labels()).containsEntry("canary", "");
  }

  @Test
  void theReservedLabelPrefixIsRefused() {
    SpecProblem p = onlyProblemOf(() -> valid().label("immutable", "yes").build());
    assertThat(p.path()).isEqualTo("labels.immutable");
    assertThat(p.problem()).contains("reserved prefix 'immut'");
  }

  @Test
  void duplicateVolumeNames() {
    SpecProblem p = onlyProblemOf(() -> valid()
        .volume(VolumeSpec.data("data", 10, Persistence.LOCAL))
        .volume(VolumeSpec.data("logs", 10, Persistence.EPHEMERAL))
        .volume(VolumeSpec.data("data", 20, Persistence.LOCAL))
        .build());
    assertThat(p.path()).isEqualTo("volumes[2].name");
    assertThat(p.problem()).contains("'data' is used by another volume");
  }

  @Test
  void twoRootVolumes() {
    SpecProblem p = onlyProblemOf(() -> valid()
        .volume(VolumeSpec.root(8))
        .volume(new VolumeSpec("boot", 8, null, null, true, null))
        .build());
    assertThat(p.path()).isEqualTo("volumes[1].root");
    assertThat(p.allowed()).isEqualTo("at most one root volume");
  }

  @Test
  void aNullVolumeIsRefused() {
    List<VolumeSpec> volumes = new java.util.ArrayList<>();
    volumes.add(VolumeSpec.root(8));
    volumes.add(null);
    assertThatThrownBy(() -> valid().volumes(volumes).build())
        .isInstanceOfSatisfying(InvalidSpecException.class,
            e -> assertThat(e.problems()).extracting(SpecProblem::path).containsExactly("generation.volumes[1]"));
  }

  @Test
  void everyProblemAtOnce() {
    Map<String, String> labels = new HashMap<>();
    labels.put("immut-owner", "me");
    labels.put("env", "Prod");
    assertThat(pathsOf(() -> GenerationSpec.builder().instanceType("t3 micro").labels(labels)
        .volume(VolumeSpec.data("data", 1, Persistence.LOCAL)).volume(VolumeSpec.data("data", 1, Persistence.LOCAL))
        .build()))
        .containsExactlyInAnyOrder("image", "instanceType", "labels.immut-owner", "labels.env", "volumes[1].name");
  }

  @Test
  void collectionsAreCopied() {
    Map<String, String> labels = new HashMap<>(Map.of("team", "web"));
    GenerationSpec g = valid().labels(labels).build();
    labels.put("env", "prod");
    assertThat(g.labels()).containsOnlyKeys("team");
    assertThatThrownBy(() -> g.labels().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> g.volumes().add(VolumeSpec.root(8))).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toBuilderKeepsEveryField() {
    GenerationSpec g = valid().userData("#!/bin/sh").label("team", "web").volume(VolumeSpec.root(8))
        .placement(Placement.zones("a", "b")).healthCheck(HealthCheck.DEFAULT.withHttp("/healthz", 8080)).build();
    assertThat(g.toBuilder().build()).isEqualTo(g);
  }
}
