package io.immut.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecFileTest {
  @Test
  void placesEveryFieldAndElementOfAYamlDocument() {
    String yaml = "name: web\n"
        + "generation:\n"
        + "  image: ami-1\n"
        + "  volumes:\n"
        + "    - { name: data, sizeGb: 20 }\n"
        + "    - name: cache\n"
        + "      sizeGb: 5\n";
    Map<String, int[]> places = SpecFile.places(yaml, false);
    assertThat(places.get("name")).containsExactly(1, 1);
    assertThat(places.get("generation.image")).containsExactly(3, 3);
    assertThat(places.get("generation.volumes[0].sizeGb")).containsExactly(5, 21);
    assertThat(places.get("generation.volumes[1].sizeGb")).containsExactly(7, 7);
  }

  @Test
  void placesTheFieldsOfAJsonDocumentAndNothingOfABrokenOne() {
    Map<String, int[]> places = SpecFile.places("{\n  \"name\": \"web\",\n  \"capacity\": {\"fixed\": 3}\n}\n", true);
    assertThat(places.get("capacity.fixed")).containsExactly(3, 16);
    assertThat(SpecFile.places("name: web\n  capacity: [\n", false)).doesNotContainKey("capacity");
  }
}
