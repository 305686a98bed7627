package io.immut.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.ImmutException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DemandTraceTest {

  @Test
  @DisplayName("reads a per-minute CSV with its header, start and step")
  void readsCsv() throws URISyntaxException {
    DemandTrace t = DemandTrace.read(Path.of(getClass().getResource("/traces/tiny.csv").toURI()));
    assertThat(t.size()).isEqualTo(5);
    assertThat(t.start()).isEqualTo(Instant.ofEpochSecond(1_000_000_020L));
    assertThat(t.step()).isEqualTo(Duration.ofMinutes(1));
    assertThat(t.values()).containsExactly(10, 25, 25, 5, 30);
    assertThat(t.peak()).isEqualTo(30);
    assertThat(t.total()).isEqualTo(95);
    assertThat(t.end()).isEqualTo(Instant.ofEpochSecond(1_000_000_020L + 300));
  }

  @Test
  @DisplayName("the capacity for a peak of 20 instances is the peak over 20")
  void capacityForPeak() {
    DemandTrace t = DemandTrace.of(Instant.EPOCH, Duration.ofMinutes(1), 41, 405, 12);
    assertThat(t.capacityForPeak(20)).isEqualTo(20.25);
    assertThat(Oracle.needed(405, t.capacityForPeak(20))).isEqualTo(20);
  }

  @Test
  @DisplayName("a gap in the timestamps is an error naming the line")
  void gapIsAnError() {
    String csv = "timestamp_seconds,requests\n0,1\n60,2\n180,3\n";
    assertThatThrownBy(() -> DemandTrace.parse(new StringReader(csv), "gap.csv"))
        .isInstanceOf(ImmutException.class)
        .hasMessageContaining("gap.csv, line 4")
        .hasMessageContaining("does not follow 60");
  }

  @Test
  @DisplayName("a wrong header, a negative count or no rows are errors")
  void badInput() {
    assertThatThrownBy(() -> DemandTrace.parse(new StringReader("time,count\n0,1\n"), "h.csv"))
        .hasMessageContaining("line 1").hasMessageContaining("header");
    assertThatThrownBy(() -> DemandTrace.parse(new StringReader("0,1\n60,-2\n"), "n.csv"))
        .hasMessageContaining("line 2").hasMessageContaining("negative");
    assertThatThrownBy(() -> DemandTrace.parse(new StringReader("timestamp_seconds,requests\n"), "e.csv"))
        .hasMessageContaining("no data rows");
  }

  @Test
  @DisplayName("a slice keeps the step and moves the start")
  void slice() {
    DemandTrace t = DemandTrace.of(Instant.EPOCH, Duration.ofMinutes(1), 1, 2, 3, 4);
    DemandTrace s = t.slice(1, 3);
    assertThat(s.values()).containsExactly(2, 3);
    assertThat(s.start()).isEqualTo(Instant.EPOCH.plusSeconds(60));
  }
}
