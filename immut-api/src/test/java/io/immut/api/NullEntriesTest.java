package io.immut.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NullEntriesTest {

  @Test
  void aNullVolumeAndANullLabelValueAreReportedAsProblemsTogether() {
    List<VolumeSpec> volumes = new ArrayList<>();
    volumes.add(null);
    Map<String, String> labels = new HashMap<>();
    labels.put("team", null);
    assertThatThrownBy(() -> new GenerationSpec(ImageRef.of("ami-1"), "t3.micro", null, labels, volumes, null, null))
        .isInstanceOfSatisfying(InvalidSpecException.class, e -> org.assertj.core.api.Assertions.assertThat(e.problems())
            .extracting(SpecProblem::path)
            .containsExactlyInAnyOrder("generation.volumes[0]", "generation.labels.team"));
  }
}
