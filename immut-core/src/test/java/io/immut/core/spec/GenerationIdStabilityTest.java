package io.immut.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.FleetSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The generation id of a spec file depends on its content only: not on field order, format or a write/read cycle. */
class GenerationIdStabilityTest {

  /** The id of {@link SpecCodecTest#FRIENDLY}: a change here means every such fleet would roll on its next apply. */
  static final String PINNED = "db38217886";

  @Test
  void theIdOfAFixedSpecIsPinned() {
    assertThat(SpecCodec.parseYaml(SpecCodecTest.FRIENDLY).generationId()).isEqualTo(PINNED);
  }

  @Test
  void shuffledFieldOrderGivesTheSameId() {
    String shuffled = """
        cost: { maxHourlySpend: 12.50 }
        generation:
          healthCheck: { port: 8080, path: /healthz, progressDeadline: 10m, unhealthyThreshold: 3, healthyThreshold: 2, interval: 10s, gracePeriod: 30s }
          placement: { subnet: subnet-1, zones: [eu-west-1a, eu-west-1b] }
          volumes: [ { location: "nfs://files/web", persistence: EXTERNAL, sizeGb: 20, name: data } ]
          labels: { team: web }
          userData: "#!/bin/sh\\n"
          instanceType: t3.micro
          image: ami-0abc1234
        state: { acknowledgements: [ { reason: "...", subject: data, rule: volume.local-data } ], verifyReachable: false, bindings: { sessions: "redis://cache:6379" } }
        strategy: { rolling: { maxUnavailable: 0, maxSurge: 25% } }
        capacity: { fixed: 6 }
        name: web
        """;
    FleetSpec a = SpecCodec.parseYaml(SpecCodecTest.FRIENDLY);
    FleetSpec b = SpecCodec.parseYaml(shuffled);
    assertThat(b).isEqualTo(a);
    assertThat(b.generationId()).isEqualTo(a.generationId()).isEqualTo(PINNED);
  }

  @Test
  void randomlyShuffledJsonGivesTheSameId() {
    FleetSpec spec = SpecCodecTest.friendlySpec();
    var mapper = SpecCodec.jsonMapper();
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      var tree = mapper.valueToTree(spec);
      String json = shuffle((com.fasterxml.jackson.databind.JsonNode) tree, random);
      FleetSpec back = SpecCodec.parseJson(json);
      assertThat(back).isEqualTo(spec);
      assertThat(back.generationId()).isEqualTo(PINNED);
    }
  }

  @Test
  void aWriteReadCycleInEitherFormatKeepsTheId() {
    FleetSpec spec = SpecCodec.parseYaml(SpecCodecTest.FRIENDLY);
    FleetSpec cycled = SpecCodec.parseJson(SpecCodec.writeJson(SpecCodec.parseYaml(SpecCodec.writeYaml(spec))));
    assertThat(cycled.generationId()).isEqualTo(PINNED);
  }

  @Test
  void anyChangeOfTheGenerationGivesANewId() {
    List<String> edits = List.of(
        "ami-0abc1234|ami-0abc1235",
        "t3.micro|t3.small",
        "#!/bin/sh|#!/bin/bash",
        "team: web|team: api",
        "sizeGb: 20|sizeGb: 21",
        "persistence: EXTERNAL, location: \"nfs://files/web\"|persistence: EXTERNAL, location: \"nfs://files/api\"",
        "eu-west-1a, eu-west-1b|eu-west-1b, eu-west-1a",
        "subnet: subnet-1|subnet: subnet-2",
        "gracePeriod: 30s|gracePeriod: 31s",
        "port: 8080|port: 8081",
        "path: /healthz|path: /ready");
    List<String> ids = new ArrayList<>();
    ids.add(PINNED);
    for (String edit : edits) {
      String[] parts = edit.split("\\|");
      assertThat(SpecCodecTest.FRIENDLY).contains(parts[0]);
      ids.add(SpecCodec.parseYaml(SpecCodecTest.FRIENDLY.replace(parts[0], parts[1])).generationId());
    }
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void fleetLevelChangesKeepTheGenerationId() {
    List<String> edits = List.of("fixed: 6|fixed: 9", "maxSurge: 25%|maxSurge: 1", "maxHourlySpend: 12.50|maxHourlySpend: 20",
        "verifyReachable: false|verifyReachable: true");
    for (String edit : edits) {
      String[] parts = edit.split("\\|");
      assertThat(SpecCodec.parseYaml(SpecCodecTest.FRIENDLY.replace(parts[0], parts[1])).generationId()).isEqualTo(PINNED);
    }
  }

  private static String shuffle(com.fasterxml.jackson.databind.JsonNode node, Random random) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.shuffle(names, random);
      return names.stream().map(n -> quote(n) + ":" + shuffle(node.get(n), random)).collect(Collectors.joining(",", "{", "}"));
    }
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(n -> items.add(shuffle(n, random)));
      return String.join(",", items.stream().collect(Collectors.joining(",", "[", "]")));
    }
    return node.toString();
  }

  private static String quote(String s) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
  }
}
