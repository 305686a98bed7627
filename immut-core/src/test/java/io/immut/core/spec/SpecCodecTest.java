package io.immut.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.FleetSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SpecCodecTest {
  @Test
  void exampleSpecFileReadsAndRoundTrips() {
    FleetSpec spec = SpecCodec.read(Path.of("../examples/src/main/resources/web.yaml"));
    String yaml = SpecCodec.writeYaml(spec);
    String json = SpecCodec.writeJson(spec);
    assertThat(SpecCodec.readYaml(yaml)).isEqualTo(spec);
    assertThat(SpecCodec.readJson(json)).isEqualTo(spec);
  }
}
