package io.immut.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.immut.api.InvalidSpecException;
import io.immut.api.SpecProblem;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The inputs that once broke the reader, each refused with one clear, short problem at its path. */
@DisplayName("Spec reader limits")
class SpecLimitsTest {
  private static final String GENERATION = "generation:\n  image: ami-1\n  instanceType: t3.micro\n";
  private static final String BASE = "name: web\ncapacity: 3\n" + GENERATION;

  private static SpecProblem onlyProblem(ThrowingCallable read) {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, read);
    assertThat(e).as("an InvalidSpecException").isNotNull();
    assertThat(e.problems()).hasSize(1);
    SpecProblem p = e.problems().get(0);
    assertThat(p.toString()).hasSizeLessThan(400).doesNotContain("\n").containsOnlyOnce("allowed");
    return p;
  }

  private static SpecProblem onlyProblemOfYaml(String yaml) {
    return onlyProblem(() -> SpecCodec.parseYaml(yaml));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1e999999999", "1e999999999", "1e-999999999", "1E+2147483647", "'1e999999999'", "\"-1e999999999\"",
      "1000000.5", "0.0000001"})
  void aBudgetOutOfRangeIsAProblemNotAHeapOrAHang(String amount) {
    SpecProblem p = onlyProblemOfYaml(BASE + "cost: {maxHourlySpend: " + amount + "}\n");
    assertThat(p.path()).isEqualTo("cost.maxHourlySpend");
    assertThat(p.allowed()).contains("up to 1000000", "6 decimal places");
  }

  @Test
  void durationsThatOverflowAreProblemsAtTheirPath() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> SpecCodec.parseYaml(BASE
        + "  healthCheck: {gracePeriod: 999999999999999999d, interval: 9223372036854775807s}\n"));
    assertThat(e.problems()).extracting(SpecProblem::path)
        .containsExactly("generation.healthCheck.gracePeriod", "generation.healthCheck.interval");
    assertThat(e.problems()).extracting(SpecProblem::problem)
        .containsExactly("'999999999999999999d' is longer than 365d", "'9223372036854775807s' is longer than 365d");
    assertThat(e.problems().get(0).allowed()).isEqualTo("a duration from 0s to 365d, such as 30s, 5m, 1h30m or PT30S");
  }

  @Test
  void aDocumentOverTheLimitIsRefusedBeforeItIsParsed() {
    String huge = BASE + "# " + "x".repeat(10 * 1024 * 1024);
    SpecProblem p = onlyProblemOfYaml(huge);
    assertThat(p.path()).isEmpty();
    assertThat(p.problem()).isEqualTo("is too large: " + huge.length() + " characters");
    assertThat(p.allowed()).startsWith("a document of at most 1048576 characters");
    SpecProblem fromStream = onlyProblem(() -> SpecCodec.readYaml(new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8))));
    assertThat(fromStream.problem()).isEqualTo("is too large: more than 4194304 bytes");
  }

  @Test
  void aLongValueIsNamedByItsLengthNotEchoed() {
    SpecProblem p = onlyProblemOfYaml(BASE + "  userData: " + "y".repeat(200_000) + "\n");
    assertThat(p.path()).isEqualTo("generation.userData");
    assertThat(p.problem()).isEqualTo("is 200000 characters long (line 6, column 13)");
    assertThat(p.allowed()).isEqualTo("text of at most 65536 characters");
  }

  @Test
  void anAliasIsRefusedInsteadOfReadingAsItsName() {
    SpecProblem p = onlyProblemOfYaml(BASE + "  labels: {app: *app}\n");
    assertThat(p.path()).isEqualTo("generation.labels.app");
    assertThat(p.problem()).isEqualTo("is the YAML alias *app (line 6, column 17)");
    assertThat(p.allowed()).contains("no YAML aliases or merge keys");
  }

  @Test
  void anAliasAsAKeyIsRefused() {
    SpecProblem p = onlyProblemOfYaml(BASE + "  labels:\n    team: &t web\n    *t : x\n");
    assertThat(p.path()).isEmpty();
    assertThat(p.problem()).isEqualTo("has a key given by a YAML alias (line 8, column 7)");
  }

  @Test
  void mergeKeysAndAliasesAreRefusedOncePerPlaceAndAnAnchorAloneIsReadThrough() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> SpecCodec.parseYaml(
        "name: &n web\ncapacity: 3\ngeneration:\n  <<: {image: ami-1}\n  image: *n\n  instanceType: t3.micro\n"));
    assertThat(e.problems()).extracting(SpecProblem::path).containsExactly("generation.<<", "generation.image");
    assertThat(e.problems()).extracting(SpecProblem::problem).containsExactly(
        "is a YAML merge key (line 4, column 7)", "is the YAML alias *n (line 5, column 10)");
    assertThat(SpecCodec.parseYaml("name: &n web\ncapacity: 3\n" + GENERATION).name()).isEqualTo("web");
  }

  @ParameterizedTest
  @ValueSource(strings = {"!!binary aGVsbG8=", "!!str web", "!custom x", "!!map {a: b}"})
  void aTaggedValueIsRefused(String value) {
    SpecProblem p = onlyProblemOfYaml(BASE + "  userData: " + value + "\n");
    assertThat(p.path()).isEqualTo("generation.userData");
    assertThat(p.problem()).startsWith("has the YAML tag !").doesNotContain("[B@");
  }

  @Test
  void controlCharactersAndLoneSurrogatesAreRefusedInText() {
    SpecProblem nul = onlyProblemOfYaml("name: web\ncapacity: 3\ngeneration:\n  image: \"ami-\\0\"\n  instanceType: t\n");
    assertThat(nul.path()).isEqualTo("generation.image");
    assertThat(nul.problem()).isEqualTo("'ami-\\u0000' contains the control character U+0000 at character 5 (line 4, column 10)");
    SpecProblem surrogate = onlyProblem(() -> SpecCodec.parseJson(
        "{\"name\":\"web\",\"capacity\":3,\"generation\":{\"image\":\"ami-\\ud800\",\"instanceType\":\"t\"}}"));
    assertThat(surrogate.path()).isEqualTo("generation.image");
    assertThat(surrogate.problem()).startsWith("'ami-\\uD800' contains an unpaired surrogate (U+D800) at character 5");
    String rawNul = "name: web\ncapacity: 3\ngeneration:\n  image: ami-\u0000\n  instanceType: t\n";
    SpecProblem raw = onlyProblemOfYaml(rawNul);
    assertThat(raw.problem()).startsWith("contains the character U+0000 at character " + (rawNul.indexOf('\u0000') + 1));
  }

  @Test
  void nestingIsBounded() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
        () -> SpecCodec.parseYaml(BASE + "  labels: " + "[".repeat(40) + "]".repeat(40) + "\n"));
    assertThat(e.problems()).extracting(SpecProblem::path)
        .containsExactly("generation.labels", "generation.labels" + "[0]".repeat(30));
    assertThat(e.problems().get(1).problem()).isEqualTo("nests deeper than 32 levels (line 6, column 41)");
  }

  @Test
  void atMostAHundredProblemsAreListedAndTheRestCounted() {
    StringBuilder doc = new StringBuilder(BASE).append("state:\n  bindings:\n");
    for (int i = 0; i < 5000; i++) {
      doc.append("    k").append(i).append(": ").append(i).append('\n');
    }
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> SpecCodec.parseYaml(doc.toString()));
    assertThat(e.problems()).hasSize(101);
    assertThat(e.problems().get(100).problem()).isEqualTo("4900 more problems are not listed");
    assertThat(e.getMessage()).startsWith("Invalid fleet spec: 101 problems");
  }

  @Test
  void aFileNameGivenAsTheDocumentSaysHowToReadTheFile() {
    SpecProblem p = onlyProblemOfYaml("specs/web.yaml");
    assertThat(p.path()).isEmpty();
    assertThat(p.problem()).contains("looks like a file name", "parseYaml(String)");
    assertThat(p.allowed()).contains("SpecCodec.read(Path.of(\"specs/web.yaml\"))");
  }

  @Test
  void aYamlSyntaxErrorIsOneLineWithWhereAndTheFix() {
    SpecProblem p = onlyProblemOfYaml("name: web\n  capacity: 3: 4\n");
    assertThat(p.problem()).isEqualTo("is not well-formed YAML: a ': ' cannot start a mapping here (line 2, column 11)");
    assertThat(p.allowed()).contains("check the indentation", "quote values");
    SpecProblem flow = onlyProblemOfYaml("name: [web\n");
    assertThat(flow.problem()).isEqualTo("is not well-formed YAML: while parsing a flow sequence started at line 1, column 7,"
        + " expected ',' or ']', but got <stream end> (line 2, column 1)");
    SpecProblem key = onlyProblemOfYaml("name: web\n[a]: b\n");
    assertThat(key.problem()).startsWith("has a key that is a list or a mapping");
  }

  @Test
  void aStreamThatIsNotUtf8SaysWhichByte() {
    byte[] bytes = (BASE + "  userData: caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
    SpecProblem p = onlyProblem(() -> SpecCodec.readYaml(new ByteArrayInputStream(bytes)));
    assertThat(p.problem()).isEqualTo("is not UTF-8 text: byte " + (bytes.length - 2) + " (0xE9) starts no UTF-8 character");
  }

  @Test
  void aDecreasingCanaryWeightIsReportedBesideAnotherStepsProblem() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> SpecCodec.parseYaml(
        "name: web\ncapacity: 3\nstrategy: {canary: {steps: [{setWeight: 50}, {setWeight: 200}, {setWeight: 10}]}}\n"
            + GENERATION));
    assertThat(e.problems()).extracting(SpecProblem::path)
        .containsExactly("strategy.canary.steps[1].setWeight", "strategy.canary.steps[2].setWeight");
    assertThat(e.problems().get(1).problem()).isEqualTo("10% is below the previous step's 50%");
  }

  @Test
  void aNumberWhoseExponentIsBeyondAnIntIsAProblem() {
    SpecProblem p = onlyProblem(() -> SpecCodec.parseJson("{\"name\": \"web\", \"capacity\": 1e-9999999991,"
        + " \"generation\": {\"image\": \"ami-1\", \"instanceType\": \"t\"}}"));
    assertThat(p.path()).isEqualTo("capacity");
    assertThat(p.problem()).isEqualTo("'1e-9999999991' is a number beyond any range (line 1, column 29)");
    assertThat(onlyProblemOfYaml(BASE + "cost: {maxHourlySpend: 1e99999999999}\n").problem())
        .isEqualTo("has a number beyond any range: '1e99999999999' (line 6, column 37)");
  }

  @Test
  void aLongFieldNameIsCut() {
    SpecProblem p = onlyProblem(() -> SpecCodec.parseJson("{\"name\": \"web\", \"capacity\": 3, \"generation\": {"
        + "\"image\": \"ami-1\", \"instanceType\": \"t\", \"labels\": {\"" + "k".repeat(5000) + "\": \"v\"}}}"));
    assertThat(p.path()).isEqualTo("generation.labels." + "k".repeat(40) + "\u2026");
    assertThat(p.problem()).startsWith("is a field name of 5000 characters");
    assertThat(List.of(p.allowed())).containsExactly("a field name of at most 256 printable characters");
  }
}
