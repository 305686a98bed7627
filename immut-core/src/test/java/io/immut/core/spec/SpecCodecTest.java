package io.immut.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Amount;
import io.immut.api.Capacity;
import io.immut.api.CostPolicy;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.HealthCheck;
import io.immut.api.ImmutException;
import io.immut.api.InvalidSpecException;
import io.immut.api.Persistence;
import io.immut.api.Placement;
import io.immut.api.RolloutStrategy;
import io.immut.api.RolloutStrategy.CanaryStep;
import io.immut.api.StatePolicy;
import io.immut.api.VolumeSpec;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecCodecTest {

  static final String FRIENDLY = """
      name: web
      capacity: { fixed: 6 }
      strategy: { rolling: { maxSurge: 25%, maxUnavailable: 0 } }
      generation:
        image: ami-0abc1234
        instanceType: t3.micro
        userData: |
          #!/bin/sh
        labels: { team: web }
        volumes: [ { name: data, sizeGb: 20, persistence: EXTERNAL, location: "nfs://files/web" } ]
        placement: { zones: [eu-west-1a, eu-west-1b], subnet: subnet-1 }
        healthCheck: { gracePeriod: 30s, interval: 10s, healthyThreshold: 2, unhealthyThreshold: 3, progressDeadline: 10m, path: /healthz, port: 8080 }
      state: { bindings: { sessions: "redis://cache:6379" }, verifyReachable: false, acknowledgements: [ { rule: volume.local-data, subject: data, reason: "..." } ] }
      cost: { maxHourlySpend: 12.50 }
      """;

  static FleetSpec friendlySpec() {
    return FleetSpec.builder("web")
        .capacity(Capacity.fixed(6))
        .strategy(RolloutStrategy.rolling(Amount.percent(25), Amount.of(0)))
        .generation(GenerationSpec.builder().image("ami-0abc1234").instanceType("t3.micro").userData("#!/bin/sh\n")
            .label("team", "web")
            .volume(VolumeSpec.external("data", 20, "nfs://files/web"))
            .placement(new Placement(List.of("eu-west-1a", "eu-west-1b"), "subnet-1", List.of(), null, null, Map.of()))
            .healthCheck(HealthCheck.DEFAULT.withHttp("/healthz", 8080))
            .build())
        .state(new StatePolicy(Map.of("sessions", "redis://cache:6379"), false,
            List.of(new StatePolicy.Acknowledgement("volume.local-data", "data", "..."))))
        .cost(new CostPolicy(new BigDecimal("12.50")))
        .build();
  }

  @Test
  void readsTheFriendlyYamlForm() {
    assertThat(SpecCodec.parseYaml(FRIENDLY)).isEqualTo(friendlySpec());
  }

  @Test
  void theExampleSpecFileParsesAndRoundTrips() {
    FleetSpec spec = SpecCodec.read(Path.of("../examples/src/main/resources/web.yaml"));
    assertThat(spec.name()).isEqualTo("web");
    assertThat(spec.generation().volumes()).extracting(VolumeSpec::name).containsExactly("root", "data", "cache");
    assertThat(SpecCodec.parseYaml(SpecCodec.writeYaml(spec))).isEqualTo(spec);
    assertThat(SpecCodec.parseJson(SpecCodec.writeJson(spec))).isEqualTo(spec);
  }

  @Test
  void writesYamlAPersonWouldWrite() {
    String yaml = SpecCodec.writeYaml(friendlySpec());
    assertThat(yaml).startsWith("name: web\ncapacity:\n  fixed: 6\ngeneration:\n  image: ami-0abc1234\n");
    assertThat(yaml).contains("  userData: |\n    #!/bin/sh\n", "  healthCheck:\n    path: /healthz\n    port: 8080\n",
        "maxHourlySpend: 12.50", "location: nfs://files/web", "persistence: EXTERNAL");
    assertThat(yaml).doesNotContain("---", "\"", "strategy", "gracePeriod", "healthyThreshold", "verifyReachable");
  }

  @Test
  void leavesOutWhatIsDefault() {
    FleetSpec minimal = FleetSpec.builder("web").capacity(Capacity.fixed(2))
        .generation(GenerationSpec.builder().image("ami-1").instanceType("t3.micro").build()).build();
    assertThat(SpecCodec.writeYaml(minimal)).isEqualTo("""
        name: web
        capacity:
          fixed: 2
        generation:
          image: ami-1
          instanceType: t3.micro
        """);
  }

  @Test
  void absentPartsTakeTheirDefaults() {
    FleetSpec spec = SpecCodec.parseYaml("name: web\ncapacity: 2\ngeneration: { image: ami-1, instanceType: t3.micro,"
        + " healthCheck: { path: /healthz } }\n");
    assertThat(spec.capacity()).isEqualTo(Capacity.fixed(2));
    assertThat(spec.strategy()).isEqualTo(RolloutStrategy.DEFAULT);
    assertThat(spec.state()).isEqualTo(StatePolicy.NONE);
    assertThat(spec.cost()).isEqualTo(CostPolicy.NONE);
    assertThat(spec.generation().healthCheck()).isEqualTo(HealthCheck.DEFAULT.withHttp("/healthz", 80));
    assertThat(SpecCodec.parseYaml("name: web\ncapacity: 2\nstrategy: { rolling: { maxUnavailable: 1 } }\n"
        + "generation: { image: ami-1, instanceType: t3.micro }\n").strategy())
        .isEqualTo(RolloutStrategy.rolling(Amount.percent(25), Amount.of(1)));
    assertThat(SpecCodec.parseYaml("name: web\ncapacity: 2\nstrategy: { blueGreen: {} }\n"
        + "generation: { image: ami-1, instanceType: t3.micro }\n").strategy())
        .isEqualTo(new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC, Duration.ZERO, null));
  }

  @Test
  void roundTripsEveryStrategy() {
    List<RolloutStrategy> strategies = List.of(
        RolloutStrategy.rolling(Amount.of(2), Amount.percent(10)),
        new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.MANUAL, Duration.ofMinutes(15), "smoke"),
        new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC, Duration.ofMillis(1500), null),
        new RolloutStrategy.Canary(List.of(new CanaryStep.SetWeight(10), new CanaryStep.Pause(Duration.ofMinutes(5)),
            new CanaryStep.Analyse("errors"), new CanaryStep.SetWeight(50), new CanaryStep.Pause(Duration.ofHours(25)))));
    for (RolloutStrategy s : strategies) {
      FleetSpec spec = friendlySpec().toBuilder().strategy(s).build();
      assertThat(SpecCodec.parseYaml(SpecCodec.writeYaml(spec))).isEqualTo(spec);
      assertThat(SpecCodec.parseJson(SpecCodec.writeJson(spec))).isEqualTo(spec);
    }
    assertThat(SpecCodec.writeYaml(friendlySpec().toBuilder().strategy(strategies.get(1)).build()))
        .contains("  blueGreen:\n    promotion: MANUAL\n    keepPreviousFor: 15m\n    validator: smoke\n");
    assertThat(SpecCodec.writeYaml(friendlySpec().toBuilder().strategy(strategies.get(3)).build()))
        .contains("  canary:\n    steps:\n    - setWeight: 10\n    - pause: 5m\n    - analyse: errors\n");
  }

  @Test
  void roundTripsEveryKindOfVolumePlacementAndHealthCheck() {
    GenerationSpec g = GenerationSpec.builder().image("projects/p/global/images/web-42").instanceType("e2-medium")
        .volume(VolumeSpec.root(10))
        .volume(new VolumeSpec("data", 100, Persistence.LOCAL, null, false, "/dev/sdf"))
        .volume(VolumeSpec.data("scratch", 5, Persistence.EPHEMERAL))
        .volume(VolumeSpec.data("undeclared", 5, null))
        .volume(VolumeSpec.external("shared", 50, "nfs://files/web"))
        .placement(new Placement(List.of("a", "b"), "subnet-1", List.of("sg-1", "sg-2"), "deploy-key", "web-role",
            Map.of("spot", "true", "tenancy: mode", "dedicated # really")))
        .healthCheck(new HealthCheck(Duration.ZERO, Duration.ofMillis(250), 1, 100, Duration.ofHours(2), null, 65_535))
        .build();
    FleetSpec spec = friendlySpec().toBuilder().generation(g).build();
    assertThat(SpecCodec.parseYaml(SpecCodec.writeYaml(spec))).isEqualTo(spec);
    assertThat(SpecCodec.parseJson(SpecCodec.writeJson(spec))).isEqualTo(spec);
  }

  @ParameterizedTest
  @ValueSource(strings = {"12.50", "12", "0.0001", "1E+3", "123456.123456", "1000000", "0.000001", "7.1000000000"})
  void budgetsKeepTheirExactDecimal(String amount) {
    FleetSpec spec = friendlySpec().toBuilder().cost(new CostPolicy(new BigDecimal(amount))).build();
    assertThat(SpecCodec.parseYaml(SpecCodec.writeYaml(spec)).cost().maxHourlySpend()).isEqualTo(new BigDecimal(amount));
    assertThat(SpecCodec.parseJson(SpecCodec.writeJson(spec)).cost().maxHourlySpend()).isEqualTo(new BigDecimal(amount));
  }

  @Test
  void textThatLooksLikeAnotherTypeStaysText() {
    GenerationSpec.Builder g = friendlySpec().generation().toBuilder();
    List<String> tricky = List.of("1", "007", "1_000", "0x1f", "1e3", "-1", "yes", "no", "on", "off", "y", "true", "null", "");
    for (int i = 0; i < tricky.size(); i++) {
      g.label("l" + i, tricky.get(i));
    }
    g.userData("  leading spaces\ttab\r\nwindows line\ntrailing spaces   \n\n\n- not a list\n# not a comment\nkey: value\n€ ü 日");
    FleetSpec spec = friendlySpec().toBuilder().generation(g.build()).build();
    String yaml = SpecCodec.writeYaml(spec);
    assertThat(SpecCodec.parseYaml(yaml)).as(yaml).isEqualTo(spec);
    assertThat(yaml).contains("l0: \"1\"", "l6: \"yes\"", "l13: \"\"");
  }

  @Test
  void enumValuesAreReadInAnyCase() {
    FleetSpec spec = SpecCodec.parseYaml("name: web\ncapacity: 1\nstrategy: { blueGreen: { promotion: manual } }\n"
        + "generation: { image: a, instanceType: t, volumes: [ { name: d, sizeGb: 1, persistence: Local } ] }\n");
    assertThat(((RolloutStrategy.BlueGreen) spec.strategy()).promotion()).isEqualTo(RolloutStrategy.Promotion.MANUAL);
    assertThat(spec.generation().volumes().get(0).persistence()).isEqualTo(Persistence.LOCAL);
  }

  @Test
  void durationsInEveryAcceptedForm() {
    FleetSpec spec = SpecCodec.parseYaml("name: web\ncapacity: 1\ngeneration: { image: a, instanceType: t, healthCheck: "
        + "{ gracePeriod: PT45S, interval: 1500ms, progressDeadline: 1h30m } }\n");
    HealthCheck h = spec.generation().healthCheck();
    assertThat(h.gracePeriod()).hasSeconds(45);
    assertThat(h.interval()).hasMillis(1500);
    assertThat(h.progressDeadline()).hasMinutes(90);
  }

  @Test
  void readsFilesAndStreams(@TempDir Path dir) throws Exception {
    FleetSpec spec = friendlySpec();
    Path yaml = Files.writeString(dir.resolve("web.yml"), SpecCodec.writeYaml(spec));
    Path json = Files.writeString(dir.resolve("web.JSON"), SpecCodec.writeJson(spec));
    assertThat(SpecCodec.read(yaml)).isEqualTo(spec);
    assertThat(SpecCodec.read(json)).isEqualTo(spec);
    assertThat(SpecCodec.readYaml(yaml)).isEqualTo(spec);
    assertThat(SpecCodec.readJson(json)).isEqualTo(spec);
    assertThat(SpecCodec.readYaml(new ByteArrayInputStream(FRIENDLY.getBytes(StandardCharsets.UTF_8)))).isEqualTo(spec);
    assertThat(SpecCodec.readJson(new ByteArrayInputStream(SpecCodec.writeJson(spec).getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(spec);
  }

  @Test
  void aByteOrderMarkAndWindowsLineBreaksAreAccepted(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("web.yaml"), ("\uFEFF" + FRIENDLY.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8));
    assertThat(SpecCodec.read(file)).isEqualTo(friendlySpec());
  }

  @Test
  void problemsOfAFileNameTheFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "name: Web\n");
    assertThatThrownBy(() -> SpecCodec.read(file)).isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("Invalid fleet spec in " + file + ": 3 problems");
  }

  @Test
  void aMissingFileIsAClearError(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> SpecCodec.read(missing)).isInstanceOf(ImmutException.class)
        .isNotInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("Cannot read spec file " + missing);
  }

  @Test
  void jsonIsIndentedAndEndsWithALineBreak() {
    String json = SpecCodec.writeJson(friendlySpec());
    assertThat(json).startsWith("{\n  \"name\" : \"web\",\n").endsWith("}\n").contains("\"maxHourlySpend\" : 12.50");
  }
}
