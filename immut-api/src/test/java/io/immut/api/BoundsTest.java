package io.immut.api;

import static io.immut.api.SpecAssertions.onlyProblemOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every number and duration of a spec has a range, so that no value can overflow arithmetic or flood a message. */
class BoundsTest {

  @ParameterizedTest
  @ValueSource(strings = {"999999999999999999d", "9223372036854775807s", "PT9223372036854775807S", "P999999999D",
      "366d", "8761h", "PT-8761H", "9999999999999999999999ms"})
  void durationsLongerThanAYearAreRefusedWithoutAnArithmeticError(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("365d");
  }

  @Test
  void aYearIsTheLongestDuration() {
    assertThat(Durations.parse("365d")).isEqualTo(Durations.MAX);
    assertThat(Durations.parse("8760h")).isEqualTo(Durations.MAX);
  }

  @Test
  void aDurationMessageQuotesAnExcerptOfALongText() {
    String longText = "1".repeat(100_000) + "s";
    assertThatThrownBy(() -> Durations.parse(longText))
        .hasMessageContaining("(100001 characters)")
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
  }

  @Test
  void javaBuiltDurationsBeyondAYearAreProblemsNotOverflows() {
    Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
    assertThatThrownBy(() -> new HealthCheck(forever, forever, 2, 3, forever, null, 80))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("gracePeriod: ")
        .hasMessageContaining("is longer than 365d");
    SpecProblem p = onlyProblemOf(() -> new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC,
        Duration.ofDays(400), null));
    assertThat(p.problem()).isEqualTo("9600h is longer than 365d");
    assertThat(p.allowed()).isEqualTo("a duration from 0s up to 365d");
  }

  @Test
  void aNegativeDurationIsCalledNegativeAndAllowedIsSaidOnce() {
    SpecProblem p = onlyProblemOf(() -> new RolloutStrategy.CanaryStep.Pause(Duration.ofSeconds(-5)));
    assertThat(p.problem()).isEqualTo("PT-5S is negative");
    assertThat(p.toString()).containsOnlyOnce("allowed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e999999999", "-1e999999999", "1e-999999999", "1E+2147483647", "-1E+2147483647",
      "1E-2147483647", "1000000.01", "0.0000001", "-0"})
  void aBudgetOutsideItsRangeIsAShortProblem(String amount) {
    SpecProblem p = onlyProblemOf(() -> new CostPolicy(new BigDecimal(amount)));
    assertThat(p.path()).isEqualTo("maxHourlySpend");
    assertThat(p.toString()).hasSizeLessThan(200);
  }

  @Test
  void aBudgetKeepsItsWrittenScaleWithinItsRange() {
    assertThat(new CostPolicy(new BigDecimal("1000000")).budget()).contains(new BigDecimal("1000000"));
    assertThat(new CostPolicy(new BigDecimal("0.000001")).budget()).contains(new BigDecimal("0.000001"));
    assertThat(new CostPolicy(new BigDecimal("12.5000000")).budget()).contains(new BigDecimal("12.5000000"));
    assertThat(new CostPolicy(new BigDecimal("1E+3")).budget()).contains(new BigDecimal("1E+3"));
  }

  @Test
  void anAmountIsAtMostTheLargestCapacity() {
    assertThat(Amount.of(100_000).value()).isEqualTo(100_000);
    assertThat(onlyProblemOf(() -> Amount.of(Integer.MAX_VALUE)).problem()).isEqualTo("2147483647 is over 100000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ami-\u0000", "ami-\ud800", "ami-\u007f", "ami-\u0085x"})
  void anImageReferenceHasNoControlCharactersOrLoneSurrogates(String value) {
    SpecProblem p = onlyProblemOf(() -> ImageRef.of(value));
    assertThat(p.problem()).doesNotContain("\u0000").contains("\\u");
  }

  @Test
  void anImageReferenceMayHoldAPairedSurrogate() {
    assertThat(ImageRef.of("img-\ud83d\ude00").value()).hasSize(6);
  }

  @Test
  void anExcerptIsShortAndShowsControlCharacters() {
    assertThat(SpecProblem.excerpt("web")).isEqualTo("'web'");
    assertThat(SpecProblem.excerpt("a\u0000b\nc")).isEqualTo("'a\\u0000b\\nc'");
    assertThat(SpecProblem.excerpt("x".repeat(2_000_000)))
        .isEqualTo("'" + "x".repeat(40) + "\u2026' (2000000 characters)");
    assertThat(SpecProblem.excerpt(null)).isEqualTo("nothing");
  }
}
