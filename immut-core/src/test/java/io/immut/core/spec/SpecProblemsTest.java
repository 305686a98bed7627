package io.immut.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.immut.api.InvalidSpecException;
import io.immut.api.SpecProblem;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing reports every problem of a document at once, each at its field path. */
class SpecProblemsTest {

  static List<SpecProblem> problemsOfYaml(String yaml) {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> SpecCodec.parseYaml(yaml));
    assertThat(e).as("the document is refused").isNotNull();
    return e.problems();
  }

  static List<String> pathsOfYaml(String yaml) {
    return problemsOfYaml(yaml).stream().map(SpecProblem::path).toList();
  }

  static SpecProblem only(String yaml) {
    List<SpecProblem> problems = problemsOfYaml(yaml);
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }

  private static final String VALID_GENERATION = "generation: { image: ami-1, instanceType: t3.micro }\n";

  @Test
  @DisplayName("a spec with five problems gives five, with their paths")
  void fiveProblemsAtOnce() {
    String yaml = """
        name: Web
        capacity: { fixed: 4 }
        strategy: { rolling: { maxSurge: 0, maxUnavailable: 0 } }
        generation:
          instanceType: t3.micro
          volumes:
            - { name: data, sizeGb: 20, persistence: LOCAL }
            - { name: logs, sizeGb: -1, persistence: EPHEMERAL }
          healthCheck: { gracePeriod: 30s, interval: 10s, progressDeadline: 20s }
        """;
    List<SpecProblem> problems = problemsOfYaml(yaml);
    assertThat(problems).extracting(SpecProblem::path).containsExactlyInAnyOrder(
        "name", "strategy.rolling.maxSurge", "generation.image", "generation.volumes[1].sizeGb",
        "generation.healthCheck.progressDeadline");
    assertThat(problems).allSatisfy(p -> {
      assertThat(p.problem()).isNotBlank();
      assertThat(p.allowed()).isNotBlank();
    });
  }

  @Test
  void problemsAreListedInDocumentOrder() {
    String yaml = """
        name: Web
        capacity: 3
        strategy: { rolling: { maxSurge: 150% } }
        generation:
          image: a
          instancetype: t
          volumes: [ { name: a, sizeGb: 1 }, { name: b, sizeGb: 0 } ]
        cost: { maxHourlySpend: 0 }
        """;
    assertThat(pathsOfYaml(yaml)).containsExactly("name", "strategy.rolling.maxSurge", "generation.instancetype",
        "generation.volumes[1].sizeGb", "cost.maxHourlySpend");
    assertThat(pathsOfYaml("capacity: -1\n")).containsExactly("name", "generation", "capacity.fixed");
  }

  @Test
  void theMessageListsEveryProblemAndSaysNothingWasSent() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
        () -> SpecCodec.parseYaml("name: Web\ncapacity: { fixed: -1 }\n" + VALID_GENERATION));
    assertThat(e).hasMessageStartingWith("Invalid fleet spec: 2 problems")
        .hasMessageContaining("\n  - name: 'Web' is not valid")
        .hasMessageContaining("\n  - capacity.fixed: -1 is out of range (allowed: an integer from 0 to 100000)")
        .hasMessageContaining("nothing was sent to the cloud");
  }

  @Test
  void missingRequiredFields() {
    assertThat(pathsOfYaml("strategy: { rolling: { maxSurge: 1, maxUnavailable: 0 } }\n"))
        .containsExactlyInAnyOrder("name", "generation", "capacity");
    assertThat(pathsOfYaml("name: web\ncapacity: 3\ngeneration: { userData: hi }\n"))
        .containsExactlyInAnyOrder("generation.image", "generation.instanceType");
    assertThat(problemsOfYaml("name: web\ncapacity: 3\ngeneration: { userData: hi }\n"))
        .extracting(SpecProblem::problem).containsOnly("is missing");
  }

  @Test
  void nullValuesCountAsMissing() {
    SpecProblem p = only("name:\ncapacity: 3\n" + VALID_GENERATION);
    assertThat(p.path()).isEqualTo("name");
    assertThat(p.problem()).isEqualTo("is missing");
  }

  @Test
  void unknownFieldsAreReportedWithTheAllowedNames() {
    SpecProblem p = only("name: web\ncapacity: 3\n" + VALID_GENERATION + "replicas: 3\n");
    assertThat(p.path()).isEqualTo("replicas");
    assertThat(p.problem()).isEqualTo("is not a known field");
    assertThat(p.allowed()).isEqualTo("one of name, capacity, strategy, generation, state, cost, trafficTarget");
  }

  @Test
  void aNearMissOfAFieldNameGetsASuggestion() {
    SpecProblem p = only("name: web\ncapacity: 3\ngeneration: { image: ami-1, instanceType: t3.micro, instancetype: x }\n");
    assertThat(p.path()).isEqualTo("generation.instancetype");
    assertThat(p.problem()).contains("did you mean 'instanceType'?");
    assertThat(p.allowed()).contains("image, instanceType, userData, labels, volumes, placement, healthCheck");
  }

  @Test
  void aMisspeltRequiredFieldIsOneProblemNotTwo() {
    SpecProblem p = only("nmae: web\ncapacity: 3\ngeneration: { image: a, instanceType: t, volumes: [ { name: d, sizegb: 1 } ] }\n"
        .replace("instanceType: t, volumes: [ { name: d, sizegb: 1 } ]", "instanceType: t"));
    assertThat(p.path()).isEqualTo("nmae");
    assertThat(p.problem()).contains("did you mean 'name'?");
    assertThat(pathsOfYaml("name: web\ncapacity: 3\ngeneration: { image: a, instanceType: t, volumes: [ { name: d, sizegb: 1 } ] }\n"))
        .containsExactly("generation.volumes[0].sizegb");
  }

  @Test
  void unknownFieldsAtEveryLevel() {
    String yaml = """
        name: web
        capacity: { fixed: 3, min: 1 }
        strategy: { rolling: { maxSurge: 1, maxUnavailable: 0, speed: fast } }
        generation:
          image: ami-1
          instanceType: t3.micro
          volumes: [ { name: data, sizeGb: 1, persistence: LOCAL, iops: 3000 } ]
          placement: { zones: [a], region: eu }
          healthCheck: { path: /healthz, timeout: 5s }
        state: { bindings: {}, probe: true, acknowledgements: [ { rule: r, subject: s, reason: x, by: me } ] }
        cost: { maxHourlySpend: 1, currency: EUR }
        """;
    assertThat(pathsOfYaml(yaml)).containsExactlyInAnyOrder("capacity.min", "strategy.rolling.speed",
        "generation.volumes[0].iops", "generation.placement.region", "generation.healthCheck.timeout", "state.probe",
        "state.acknowledgements[0].by", "cost.currency");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "name: 42|name|expected text but found a number (42); put it in quotes: \"42\"",
      "name: [web]|name|expected text but found a list",
      "capacity: { fixed: many }|capacity.fixed|expected a whole number but found text ('many')",
      "capacity: { fixed: 2.5 }|capacity.fixed|expected a whole number but found a number (2.5)",
      "capacity: web|capacity|expected a mapping but found text ('web')",
      "strategy: rolling|strategy|expected a mapping but found text ('rolling')",
      "strategy: { rolling: { maxSurge: true } }|strategy.rolling.maxSurge|expected a number or a percentage but found true/false (true)",
      "strategy: { rolling: { maxSurge: 1.5 } }|strategy.rolling.maxSurge|expected a number or a percentage but found a number (1.5)",
      "cost: { maxHourlySpend: cheap }|cost.maxHourlySpend|'cheap' is not a number",
      "state: { verifyReachable: sometimes }|state.verifyReachable|expected true or false but found text ('sometimes')",
  })
  void wrongTypes(String line, String path, String problem) {
    String doc = "name: web\ncapacity: 3\n" + VALID_GENERATION;
    String key = line.substring(0, line.indexOf(':'));
    String yaml = doc.lines().filter(l -> !l.startsWith(key + ":")).map(l -> l + "\n").reduce("", String::concat) + line + "\n";
    SpecProblem p = only(yaml);
    assertThat(p.path()).isEqualTo(path);
    assertThat(p.problem()).isEqualTo(problem);
  }

  @Test
  void wrongTypesInTheGeneration() {
    String yaml = """
        name: web
        capacity: 3
        generation:
          image: { id: ami-1 }
          instanceType: t3.micro
          userData: [ a ]
          labels: { team: web, version: 1, owner: }
          volumes: { name: data }
          placement: { zones: eu-west-1a, securityGroups: [ sg-1, 7 ] }
          healthCheck: { gracePeriod: 30, interval: soon, port: http }
        """;
    List<SpecProblem> problems = problemsOfYaml(yaml);
    assertThat(problems).extracting(SpecProblem::path).containsExactlyInAnyOrder(
        "generation.image", "generation.userData", "generation.labels.version", "generation.labels.owner",
        "generation.volumes", "generation.placement.zones", "generation.placement.securityGroups[1]",
        "generation.healthCheck.gracePeriod", "generation.healthCheck.interval", "generation.healthCheck.port");
    assertThat(problems).filteredOn(p -> p.path().equals("generation.healthCheck.gracePeriod")).singleElement()
        .satisfies(p -> assertThat(p.problem()).contains("without a unit; write 30s or 30m"));
    assertThat(problems).filteredOn(p -> p.path().equals("generation.labels.owner")).singleElement()
        .satisfies(p -> assertThat(p.problem()).isEqualTo("has no value"));
  }

  @Test
  void invalidValues() {
    String yaml = """
        name: web
        capacity: { fixed: 100001 }
        strategy: { blueGreen: { promotion: SOMETIMES, keepPreviousFor: -5m, validator: Smoke Test } }
        generation:
          image: "ami 1"
          instanceType: t3.micro
          labels: { Team: web, immut-owner: me, env: Prod }
          volumes:
            - { name: data, sizeGb: 70000, persistence: KEPT }
          placement: { zones: [ a, a ] }
          healthCheck: { healthyThreshold: 0, path: healthz, port: 70000 }
        state: { bindings: { Sessions: "redis://x", cache: " " } }
        cost: { maxHourlySpend: -2 }
        """;
    assertThat(pathsOfYaml(yaml)).containsExactlyInAnyOrder(
        "capacity.fixed",
        "strategy.blueGreen.promotion", "strategy.blueGreen.keepPreviousFor", "strategy.blueGreen.validator",
        "generation.image", "generation.labels.Team", "generation.labels.immut-owner", "generation.labels.env",
        "generation.volumes[0].sizeGb", "generation.volumes[0].persistence", "generation.placement.zones",
        "generation.healthCheck.healthyThreshold", "generation.healthCheck.path", "generation.healthCheck.port",
        "state.bindings.Sessions", "state.bindings.cache", "cost.maxHourlySpend");
  }

  @Test
  void anUnknownEnumValueListsTheAllowedOnes() {
    SpecProblem p = only("name: web\ncapacity: 3\ngeneration: { image: a, instanceType: t, volumes: [ { name: d, sizeGb: 1, "
        + "persistence: KEPT } ] }\n");
    assertThat(p.path()).isEqualTo("generation.volumes[0].persistence");
    assertThat(p.problem()).isEqualTo("'KEPT' is not known");
    assertThat(p.allowed()).isEqualTo("one of EPHEMERAL, EXTERNAL, LOCAL");
  }

  @Test
  void duplicateVolumeNamesAndRootsAreReportedAtTheirIndexInTheDocument() {
    String yaml = """
        name: web
        capacity: 3
        generation:
          image: ami-1
          instanceType: t3.micro
          volumes:
            - { name: root, sizeGb: 8, root: true }
            - { name: broken, sizeGb: zero }
            - { name: data, sizeGb: 10, persistence: LOCAL }
            - { name: data, sizeGb: 10, persistence: LOCAL }
            - { name: boot, sizeGb: 8, root: true }
        """;
    assertThat(pathsOfYaml(yaml)).containsExactlyInAnyOrder(
        "generation.volumes[1].sizeGb", "generation.volumes[3].name", "generation.volumes[4].root");
  }

  @Test
  void aVolumeWithoutSize() {
    SpecProblem p = only("name: web\ncapacity: 3\ngeneration: { image: a, instanceType: t, volumes: [ { name: d } ] }\n");
    assertThat(p.path()).isEqualTo("generation.volumes[0].sizeGb");
    assertThat(p.problem()).isEqualTo("is missing");
  }

  @Test
  void bothAmountsResolvingToZeroForTheCapacity() {
    SpecProblem p = only("name: web\ncapacity: 3\nstrategy: { rolling: { maxSurge: 0, maxUnavailable: 25% } }\n"
        + VALID_GENERATION);
    assertThat(p.path()).isEqualTo("strategy.rolling.maxUnavailable");
    assertThat(p.problem()).contains("rounds down to 0");
  }

  @Test
  void percentagesOverAHundred() {
    SpecProblem p = only("name: web\ncapacity: 3\nstrategy: { rolling: { maxSurge: 150%, maxUnavailable: 0 } }\n"
        + VALID_GENERATION);
    assertThat(p.path()).isEqualTo("strategy.rolling.maxSurge");
    assertThat(p.problem()).isEqualTo("150% is over 100%");
  }

  @Test
  void canaryStepsAreCheckedOneByOneAndAsASequence() {
    String yaml = """
        name: web
        capacity: 10
        strategy:
          canary:
            steps:
              - setWeight: 20
              - pause: 0s
              - setWeight: 10
              - analyse: Error Rate
              - wait: 5m
              - { setWeight: 30, pause: 1m }
              - setWeight: 120
        """ + VALID_GENERATION;
    assertThat(pathsOfYaml(yaml)).containsExactlyInAnyOrder(
        "strategy.canary.steps[1].pause", "strategy.canary.steps[2].setWeight", "strategy.canary.steps[3].analyse",
        "strategy.canary.steps[4].wait", "strategy.canary.steps[5]", "strategy.canary.steps[6].setWeight");
  }

  @Test
  void aDecreasingCanaryWeightIsReportedAtItsIndexInTheDocument() {
    String yaml = """
        name: web
        capacity: 10
        strategy: { canary: { steps: [ { setWeight: 20 }, { pause: 1m }, { setWeight: 10 } ] } }
        """ + VALID_GENERATION;
    SpecProblem p = only(yaml);
    assertThat(p.path()).isEqualTo("strategy.canary.steps[2].setWeight");
    assertThat(p.problem()).isEqualTo("10% is below the previous step's 20%");
  }

  @Test
  void aStrategyNamesExactlyOneKind() {
    assertThat(only("name: web\ncapacity: 3\nstrategy: {}\n" + VALID_GENERATION).problem())
        .isEqualTo("names none of rolling, blueGreen, canary");
    assertThat(only("name: web\ncapacity: 3\nstrategy: { rolling: {}, canary: { steps: [ { setWeight: 5 } ] } }\n"
        + VALID_GENERATION).problem()).isEqualTo("names more than one of rolling, canary");
    assertThat(only("name: web\ncapacity: 3\nstrategy: { canary: {} }\n" + VALID_GENERATION).path())
        .isEqualTo("strategy.canary.steps");
  }

  @Test
  void aKeyGivenTwiceIsAProblem() {
    SpecProblem p = only("name: web\nname: api\ncapacity: 3\n" + VALID_GENERATION);
    assertThat(p.path()).isEqualTo("name");
    assertThat(p.problem()).startsWith("is given twice");
  }

  @Test
  void malformedDocuments() {
    SpecProblem yaml = only("name: web\ncapacity: [3\n");
    assertThat(yaml.path()).isEmpty();
    assertThat(yaml.problem()).startsWith("is not well-formed").contains("line");
    InvalidSpecException json = catchThrowableOfType(InvalidSpecException.class, () -> SpecCodec.parseJson("{\"name\": }"));
    assertThat(json.problems()).singleElement().satisfies(p -> assertThat(p.problem()).startsWith("is not well-formed"));
  }

  @Test
  void aSecondDocumentOrTrailingTextIsAProblem() {
    SpecProblem yaml = only("name: web\ncapacity: 3\n" + VALID_GENERATION + "---\nname: api\n");
    assertThat(yaml.problem()).startsWith("has more after the fleet spec");
    assertThat(yaml.allowed()).contains("one fleet spec per document");
    InvalidSpecException json = catchThrowableOfType(InvalidSpecException.class, () -> SpecCodec.parseJson(
        "{\"name\": \"web\", \"capacity\": 3, \"generation\": {\"image\": \"a\", \"instanceType\": \"t\"}} {}"));
    assertThat(json.problems()).singleElement().satisfies(p -> assertThat(p.problem()).startsWith("has more"));
  }

  @Test
  void emptyDocumentsAndDocumentsThatAreNotMappings() {
    assertThat(only("").problem()).isEqualTo("the document is empty");
    assertThat(only("- web\n- api\n").problem()).isEqualTo("expected a mapping but found a list");
  }

  @Test
  void problemsOfTheStatePolicy() {
    String yaml = """
        name: web
        capacity: 3
        state:
          acknowledgements:
            - { rule: volume.local-data, subject: data }
            - { rule: " ", subject: "*", reason: because }
            - not a mapping
        """ + VALID_GENERATION;
    assertThat(pathsOfYaml(yaml)).containsExactlyInAnyOrder("state.acknowledgements[0].reason",
        "state.acknowledgements[1].rule", "state.acknowledgements[2]");
  }

  @Test
  void jsonDocumentsReportTheSamePaths() {
    String json = """
        {"name": "web", "capacity": {"fixed": 3},
         "generation": {"image": "ami-1", "instanceType": "t3.micro",
           "volumes": [{"name": "a", "sizeGb": 1, "persistence": "LOCAL"}, {"name": "b", "sizeGb": 0}]},
         "extra": 1}
        """;
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> SpecCodec.parseJson(json));
    assertThat(e.problems()).extracting(SpecProblem::path)
        .containsExactlyInAnyOrder("generation.volumes[1].sizeGb", "extra");
  }
}
