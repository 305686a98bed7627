package io.immut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AmountTest {

  @ParameterizedTest
  @CsvSource({"2, 2, false", "0, 0, false", "25%, 25, true", "100%, 100, true", "' 7 ', 7, false", "0%, 0, true"})
  void parsesNumbersAndPercentages(String text, int value, boolean percent) {
    assertThat(Amount.parse(text)).isEqualTo(new Amount(value, percent));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "2.5", "25 percent", "%", "1e3"})
  void refusesTextThatIsNeitherNumberNorPercentage(String text) {
    assertThatThrownBy(() -> Amount.parse(text))
        .isInstanceOfSatisfying(InvalidSpecException.class, e -> {
          assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.problem()).contains("is not a number or a percentage");
            assertThat(p.allowed()).contains("25%");
          });
        });
  }

  @Test
  void refusesNullText() {
    assertThatThrownBy(() -> Amount.parse(null)).isInstanceOf(InvalidSpecException.class);
  }

  @Test
  @DisplayName("a percentage over 100 is refused, with what is allowed")
  void percentageOver100() {
    assertThatThrownBy(() -> Amount.parse("101%"))
        .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems()).singleElement()
            .satisfies(p -> {
              assertThat(p.problem()).isEqualTo("101% is over 100%");
              assertThat(p.allowed()).contains("0% to 100%");
            }));
  }

  @Test
  void negativeNumbersAndPercentagesAreRefused() {
    assertThatThrownBy(() -> Amount.of(-1)).isInstanceOf(InvalidSpecException.class).hasMessageContaining("-1 is negative");
    assertThatThrownBy(() -> Amount.parse("-5%")).isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("-5% is negative");
  }

  @Test
  void aLargeAbsoluteNumberIsNotAPercentageAndIsAllowed() {
    assertThat(Amount.of(500).resolve(10, true)).isEqualTo(500);
  }

  @Test
  @DisplayName("surge percentages round up, unavailability percentages round down")
  void resolveRounding() {
    assertThat(Amount.percent(25).resolve(10, true)).isEqualTo(3);
    assertThat(Amount.percent(25).resolve(10, false)).isEqualTo(2);
    assertThat(Amount.percent(25).resolve(3, false)).isZero();
    assertThat(Amount.percent(1).resolve(1, true)).isEqualTo(1);
    assertThat(Amount.percent(100).resolve(7, false)).isEqualTo(7);
    assertThat(Amount.of(2).resolve(100, false)).isEqualTo(2);
    assertThat(Amount.percent(50).resolve(100_000, true)).isEqualTo(50_000);
  }

  @Test
  void zeroWhateverTheCapacity() {
    assertThat(Amount.of(0).isZero()).isTrue();
    assertThat(Amount.percent(0).isZero()).isTrue();
    assertThat(Amount.percent(1).isZero()).isFalse();
  }

  @Test
  void formatsAsItIsWritten() {
    assertThat(Amount.percent(25)).hasToString("25%");
    assertThat(Amount.of(3)).hasToString("3");
  }

  @Property
  void parseReadsWhatToStringWrites(@ForAll @IntRange(min = 0, max = 100) int value, @ForAll boolean percent) {
    Amount a = new Amount(value, percent);
    assertThat(Amount.parse(a.toString())).isEqualTo(a);
  }

  @Property
  void percentagesResolveWithinBounds(@ForAll @IntRange(min = 0, max = 100) int pct,
                                      @ForAll @IntRange(min = 0, max = 100_000) int desired) {
    int up = Amount.percent(pct).resolve(desired, true);
    int down = Amount.percent(pct).resolve(desired, false);
    assertThat(down).isLessThanOrEqualTo(up).isBetween(0, desired);
    assertThat(up).isBetween(0, desired);
    assertThat(up - down).isLessThanOrEqualTo(1);
  }
}
