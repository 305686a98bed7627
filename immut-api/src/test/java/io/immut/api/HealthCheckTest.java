package io.immut.api;

import static io.immut.api.SpecAssertions.onlyProblemOf;
import static io.immut.api.SpecAssertions.fullPathsOf;
import static io.immut.api.SpecAssertions.pathsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HealthCheckTest {
  private static final Duration S30 = Duration.ofSeconds(30);
  private static final Duration S10 = Duration.ofSeconds(10);
  private static final Duration M10 = Duration.ofMinutes(10);

  @Test
  void theDefaultIsValidAndHasNoHttpProbe() {
    assertThat(HealthCheck.DEFAULT.path()).isNull();
    assertThat(HealthCheck.DEFAULT.withHttp("/healthz", 8080)).satisfies(h -> {
      assertThat(h.path()).isEqualTo("/healthz");
      assertThat(h.port()).isEqualTo(8080);
    });
  }

  @Test
  void aDeadlineThatLeavesNoTimeForACheckIsTooShort() {
    SpecProblem p = onlyProblemOf(() -> new HealthCheck(S30, S10, 2, 3, Duration.ofSeconds(40), null, 80));
    assertThat(p.path()).isEqualTo("progressDeadline");
    assertThat(p.problem()).isEqualTo("40s leaves no time for a check after the grace period");
    assertThat(p.allowed()).isEqualTo("more than gracePeriod + interval (40s)");
    assertThat(new HealthCheck(S30, S10, 2, 3, Duration.ofSeconds(41), null, 80).progressDeadline()).hasSeconds(41);
  }

  @Test
  void aNegativeGracePeriodIsRefusedButZeroIsAllowed() {
    assertThat(pathsOf(() -> HealthCheck.DEFAULT.withGracePeriod(Duration.ofSeconds(-1)))).containsExactly("gracePeriod");
    assertThat(HealthCheck.DEFAULT.withGracePeriod(Duration.ZERO).gracePeriod()).isZero();
  }

  @Test
  void theIntervalMustBePositive() {
    SpecProblem p = onlyProblemOf(() -> new HealthCheck(S30, Duration.ZERO, 2, 3, M10, null, 80));
    assertThat(p.path()).isEqualTo("interval");
    assertThat(p.problem()).isEqualTo("0s is zero");
    assertThat(p.allowed()).isEqualTo("a positive duration up to 365d");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 101})
  void thresholdsOutOfRange(int threshold) {
    assertThat(pathsOf(() -> new HealthCheck(S30, S10, threshold, threshold, M10, null, 80)))
        .containsExactly("healthyThreshold", "unhealthyThreshold");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -80, 65_536})
  void portOutOfRange(int port) {
    assertThat(pathsOf(() -> HealthCheck.DEFAULT.withHttp("/healthz", port))).containsExactly("port");
  }

  @Test
  void aProbePathMustBeAbsolute() {
    SpecProblem p = onlyProblemOf(() -> HealthCheck.DEFAULT.withHttp("healthz", 80));
    assertThat(p.path()).isEqualTo("path");
    assertThat(p.problem()).contains("does not start with '/'");
  }

  @Test
  void missingDurations() {
    assertThat(pathsOf(() -> new HealthCheck(null, null, 2, 3, null, null, 80)))
        .containsExactly("gracePeriod", "interval", "progressDeadline");
  }

  @Test
  void everyProblemAtOnce() {
    assertThat(pathsOf(() -> new HealthCheck(Duration.ofSeconds(-1), Duration.ZERO, 0, 101, Duration.ZERO, "x", 0)))
        .containsExactlyInAnyOrder("gracePeriod", "interval", "progressDeadline", "healthyThreshold",
            "unhealthyThreshold", "port", "path");
  }

  @Test
  void theBuilderStartsFromTheDefaultsAndSetsWhatItIsTold() {
    assertThat(HealthCheck.builder().build()).isEqualTo(HealthCheck.DEFAULT);
    HealthCheck h = HealthCheck.builder().gracePeriod(Duration.ZERO).interval(Duration.ofMillis(250)).healthyThreshold(1)
        .unhealthyThreshold(5).progressDeadline(Duration.ofMinutes(2)).http("/healthz", 8080).build();
    assertThat(h).isEqualTo(new HealthCheck(Duration.ZERO, Duration.ofMillis(250), 1, 5, Duration.ofMinutes(2), "/healthz", 8080));
    assertThat(h.toBuilder().port(9090).build()).isEqualTo(h.withHttp("/healthz", 9090));
    assertThat(h.toBuilder().path(null).build().path()).isNull();
  }

  @Test
  void theBuilderReportsEveryProblemAtItsPathInAFleetSpec() {
    assertThat(fullPathsOf(() -> HealthCheck.builder().interval(Duration.ZERO).healthyThreshold(0).http("healthz", 0).build()))
        .containsExactlyInAnyOrder("generation.healthCheck.interval", "generation.healthCheck.healthyThreshold",
            "generation.healthCheck.path", "generation.healthCheck.port");
    SpecProblem p = onlyProblemOf(() -> HealthCheck.builder().port(70_000).build());
    assertThat(p.path()).isEqualTo("port");
    assertThat(fullPathsOf(() -> HealthCheck.builder().port(70_000).build())).containsExactly("generation.healthCheck.port");
    assertThat(p.problem()).isEqualTo("70000 is out of range");
  }
}
