package io.immut.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.FleetSpec;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Writing a spec and reading it back gives an equal spec, with the same generation id, in both formats. */
class SpecRoundTripProperties {

  @Provide
  Arbitrary<FleetSpec> specs() {
    return SpecArbitraries.fleetSpecs();
  }

  @Property(tries = 250)
  void yamlRoundTripIsExact(@ForAll("specs") FleetSpec spec) {
    String yaml = SpecCodec.writeYaml(spec);
    FleetSpec back = SpecCodec.parseYaml(yaml);
    assertThat(back).as(yaml).isEqualTo(spec);
    assertThat(back.generationId()).isEqualTo(spec.generationId());
    assertThat(SpecCodec.writeYaml(back)).isEqualTo(yaml);
  }

  @Property(tries = 250)
  void jsonRoundTripIsExact(@ForAll("specs") FleetSpec spec) {
    String json = SpecCodec.writeJson(spec);
    FleetSpec back = SpecCodec.parseJson(json);
    assertThat(back).as(json).isEqualTo(spec);
    assertThat(back.generationId()).isEqualTo(spec.generationId());
  }

  @Property(tries = 100)
  void yamlAndJsonDescribeTheSameSpec(@ForAll("specs") FleetSpec spec) {
    FleetSpec viaJson = SpecCodec.parseJson(SpecCodec.writeJson(SpecCodec.parseYaml(SpecCodec.writeYaml(spec))));
    assertThat(viaJson).isEqualTo(spec);
  }
}
