package io.immut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({"30s, PT30S", "5m, PT5M", "1h30m, PT1H30M", "250ms, PT0.25S", "2d, PT48H", "0, PT0S", "0s, PT0S",
      "1h2m3s4ms, PT1H2M3.004S", "PT30S, PT30S", "pt1h, PT1H", "' 45s ', PT45S", "90s, PT1M30S"})
  void parsesShortAndIsoForms(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "30", "5 minutes", "m", "1.5h", "30sec", "s30", "PTxS", "-5m", "5m30"})
  void refusesOtherTextWithTheAllowedForms(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("30s, 5m, 1h30m or PT30S");
  }

  @ParameterizedTest
  @CsvSource({"PT30S, 30s", "PT5M, 5m", "PT1H30M, 1h30m", "PT0.25S, 250ms", "PT48H, 48h", "PT0S, 0s",
      "PT1H0M1S, 1h1s"})
  void formatsInTheShortForm(String iso, String text) {
    assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
  }

  @Test
  void formatsSubMillisecondAndNegativeDurationsInIso() {
    assertThat(Durations.format(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
    assertThat(Durations.format(Duration.ofSeconds(-5))).isEqualTo("PT-5S");
    assertThat(Durations.parse(Durations.format(Duration.ofNanos(1500)))).isEqualTo(Duration.ofNanos(1500));
  }

  @Property
  void parseReadsWhatFormatWrites(@ForAll @LongRange(min = 0, max = 365L * 24 * 3600 * 1000) long millis) {
    Duration d = Duration.ofMillis(millis);
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }

  @Property
  void parseReadsWhatFormatWritesForAnyNanos(@ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long nanos) {
    Duration d = Duration.ofNanos(nanos);
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }
}
