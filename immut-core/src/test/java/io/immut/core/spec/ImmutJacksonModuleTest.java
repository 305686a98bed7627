package io.immut.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.InvalidSpecException;
import io.immut.api.RolloutStrategy;
import io.immut.api.SpecProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An application's own mapper reads and writes the spec types once the module is registered. */
class ImmutJacksonModuleTest {

  /** A document of the application that holds a fleet spec. */
  record Deployment(String environment, FleetSpec fleet, List<RolloutStrategy> fallbacks) {}

  @Test
  void aPlainMapperWithTheModuleRoundTripsASpec() throws Exception {
    ObjectMapper mapper = new ObjectMapper().registerModule(new ImmutJacksonModule());
    FleetSpec spec = SpecCodecTest.friendlySpec();
    String json = mapper.writeValueAsString(spec);
    assertThat(mapper.readValue(json, FleetSpec.class)).isEqualTo(spec);
  }

  @Test
  void specsNestInTheApplicationsOwnDocuments() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).registerModule(new ImmutJacksonModule());
    Deployment d = new Deployment("prod", SpecCodecTest.friendlySpec(), List.of(RolloutStrategy.DEFAULT));
    String text = yaml.writeValueAsString(d);
    assertThat(text).contains("fleet:", "rolling:");
    assertThat(yaml.readValue(text, Deployment.class)).isEqualTo(d);
  }

  @Test
  void partsOfASpecHaveTheirOwnForm() throws Exception {
    ObjectMapper mapper = SpecCodec.jsonMapper();
    assertThat(mapper.readValue("{\"fixed\": 3}", Capacity.class)).isEqualTo(Capacity.fixed(3));
    assertThat(mapper.readValue("5", Capacity.class)).isEqualTo(Capacity.fixed(5));
    GenerationSpec g = SpecCodecTest.friendlySpec().generation();
    assertThat(mapper.readValue(mapper.writeValueAsString(g), GenerationSpec.class)).isEqualTo(g);
  }

  @Test
  void problemsComeAsOneInvalidSpecExceptionNotWrapped() {
    ObjectMapper mapper = new ObjectMapper().registerModule(new ImmutJacksonModule());
    assertThatThrownBy(() -> mapper.readValue("{\"name\": \"Web\", \"capacity\": -1}", FleetSpec.class))
        .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems())
            .extracting(SpecProblem::path).containsExactlyInAnyOrder("name", "generation", "capacity.fixed"));
    assertThatThrownBy(() -> mapper.readValue("{\"image\": \"ami-1\"}", GenerationSpec.class))
        .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems())
            .extracting(SpecProblem::path).containsExactly("instanceType"));
  }

  @Test
  void treesConvertBothWays() {
    ObjectMapper mapper = SpecCodec.jsonMapper();
    FleetSpec spec = SpecCodecTest.friendlySpec();
    assertThat(mapper.convertValue(mapper.valueToTree(spec), FleetSpec.class)).isEqualTo(spec);
  }
}
