package io.immut.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenerationIdTest {

  private static GenerationSpec full() {
    return GenerationSpec.builder().image("ami-0abc1234").instanceType("t3.micro").userData("#!/bin/sh\necho hi\n")
        .label("team", "web").label("env", "prod")
        .volume(VolumeSpec.root(16)).volume(VolumeSpec.external("data", 20, "nfs://files/web"))
        .placement(new Placement(List.of("eu-west-1a", "eu-west-1b"), "subnet-1", List.of("sg-1"), null, null, Map.of()))
        .healthCheck(HealthCheck.DEFAULT.withHttp("/healthz", 8080))
        .build();
  }

  @Test
  void pinnedIdsNeverChangeSilently() {
    // If one of these changes, every existing fleet would see a new generation on its next apply:
    // the canonical form must stay as it is.
    GenerationSpec minimal = GenerationSpec.builder().image("ami-0abc1234").instanceType("t3.micro").build();
    assertThat(minimal.canonicalJson()).isEqualTo("{\"image\":\"ami-0abc1234\",\"instanceType\":\"t3.micro\"}");
    assertThat(minimal.id()).isEqualTo(PINNED_MINIMAL);
    assertThat(full().canonicalJson()).isEqualTo("{\"healthCheck\":{\"gracePeriodMillis\":30000,\"healthyThreshold\":2,"
        + "\"intervalMillis\":10000,\"path\":\"/healthz\",\"port\":8080,\"progressDeadlineMillis\":600000,"
        + "\"unhealthyThreshold\":3},\"image\":\"ami-0abc1234\",\"instanceType\":\"t3.micro\","
        + "\"labels\":{\"env\":\"prod\",\"team\":\"web\"},\"placement\":{\"securityGroups\":[\"sg-1\"],"
        + "\"subnet\":\"subnet-1\",\"zones\":[\"eu-west-1a\",\"eu-west-1b\"]},\"userData\":\"#!/bin/sh\\necho hi\\n\","
        + "\"volumes\":[{\"name\":\"root\",\"persistence\":\"EPHEMERAL\",\"root\":true,\"sizeGb\":16},"
        + "{\"location\":\"nfs://files/web\",\"name\":\"data\",\"persistence\":\"EXTERNAL\",\"sizeGb\":20}]}");
    assertThat(full().id()).isEqualTo(PINNED_FULL);
  }

  /** The id of the minimal spec, and the first 10 hex digits of sha256sum of its canonical JSON. */
  static final String PINNED_MINIMAL = "39756f5c94";
  static final String PINNED_FULL = "89ad430ba1";

  @Test
  void theIdIsTenHexDigits() {
    assertThat(full().id()).matches("[0-9a-f]{10}");
  }

  @Test
  void theOrderLabelsWereGivenInDoesNotMatter() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("team", "web");
    a.put("env", "prod");
    Map<String, String> b = new LinkedHashMap<>();
    b.put("env", "prod");
    b.put("team", "web");
    assertThat(full().toBuilder().labels(a).build().id()).isEqualTo(full().toBuilder().labels(b).build().id());
  }

  @Test
  void everyChangeOfContentGivesANewId() {
    GenerationSpec base = full();
    List<GenerationSpec> changed = List.of(
        base.toBuilder().image("ami-0abc1235").build(),
        base.toBuilder().instanceType("t3.small").build(),
        base.toBuilder().userData("#!/bin/sh\necho ho\n").build(),
        base.toBuilder().userData(null).build(),
        base.toBuilder().label("team", "api").build(),
        base.toBuilder().label("tier", "").build(),
        base.toBuilder().volumes(List.of(VolumeSpec.root(16))).build(),
        base.toBuilder().volumes(List.of(VolumeSpec.external("data", 20, "nfs://files/web"), VolumeSpec.root(16))).build(),
        base.toBuilder().volumes(List.of(VolumeSpec.root(17), VolumeSpec.external("data", 20, "nfs://files/web"))).build(),
        base.toBuilder().placement(Placement.zones("eu-west-1a")).build(),
        base.toBuilder().healthCheck(HealthCheck.DEFAULT).build(),
        base.toBuilder().healthCheck(base.healthCheck().withGracePeriod(Duration.ofSeconds(31))).build());
    assertThat(changed).extracting(GenerationSpec::id).doesNotContain(base.id()).doesNotHaveDuplicates();
  }

  @Test
  void equalContentEqualId() {
    assertThat(full()).isEqualTo(full());
    assertThat(full().id()).isEqualTo(full().id());
  }

  @Test
  void defaultsAreLeftOutOfTheCanonicalForm() {
    GenerationSpec explicitDefaults = GenerationSpec.builder().image("ami-1").instanceType("t3.micro")
        .placement(Placement.DEFAULT).healthCheck(HealthCheck.DEFAULT).labels(Map.of()).build();
    assertThat(explicitDefaults.canonicalJson()).isEqualTo("{\"image\":\"ami-1\",\"instanceType\":\"t3.micro\"}");
  }

  @Test
  void textIsEscapedTheCanonicalWay() {
    GenerationSpec g = GenerationSpec.builder().image("ami-1").instanceType("t3.micro").userData("a\"b\\c\n\t\u0001é").build();
    assertThat(g.canonicalJson()).contains("\"userData\":\"a\\\"b\\\\c\\n\\t\\u0001é\"");
  }
}
