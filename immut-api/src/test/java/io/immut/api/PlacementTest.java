package io.immut.api;

import static io.immut.api.SpecAssertions.pathsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementTest {

  @Test
  void theBuilderSetsEveryFieldAndStartsFromTheDefaults() {
    Placement p = Placement.builder().zones("eu-west-1a", "eu-west-1b").subnet("subnet-1").securityGroups("sg-1")
        .sshKey("deploy").instanceProfile("web-role").property("tenancy", "dedicated").build();

    assertThat(p).isEqualTo(new Placement(List.of("eu-west-1a", "eu-west-1b"), "subnet-1", List.of("sg-1"), "deploy",
        "web-role", Map.of("tenancy", "dedicated")));
    assertThat(Placement.builder().build()).isEqualTo(Placement.DEFAULT);
    assertThat(p.toBuilder().subnet(null).build().subnet()).isNull();
    assertThat(p.toBuilder().build()).isEqualTo(p);
    assertThat(Placement.zones("a")).isEqualTo(Placement.builder().zones("a").build());
  }

  @Test
  void missingEntriesAreProblemsAtTheirPathsNotNullPointers() {
    Map<String, String> props = new HashMap<>();
    props.put("tenancy", null);
    assertThat(pathsOf(() -> new Placement(Arrays.asList("a", null, "a"), null, Arrays.asList((String) null), null, null,
        props))).containsExactly("zones[1]", "zones", "securityGroups[0]", "properties.tenancy");
    assertThat(pathsOf(() -> Placement.builder().zones("a", " ").build())).containsExactly("zones[1]");
  }
}
