package io.immut.driver.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.immut.driver.azure.local.ArmError;
import io.immut.driver.azure.local.LocalArm;
import io.immut.spi.DriverClock;
import io.immut.spi.DriverContext;
import io.immut.spi.DriverException;
import io.immut.spi.LaunchFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ARM's answers, parsed by the real SDK, classified by the driver. */
@DisplayName("the error mapping")
class AzureErrorsTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static LocalArm arm;
  private static AzureDriver driver;

  @BeforeAll
  static void start() throws Exception {
    arm = LocalArm.start();
    DriverClock fixed = new DriverClock() {
      @Override
      public Instant now() {
        return NOW;
      }

      @Override
      public void sleep(Duration d) {
        throw new AssertionError("the driver must not wait: " + d);
      }
    };
    driver = LocalAzure.driver(arm, Map.of(), DriverContext.builder().clock(fixed).build());
  }

  @AfterAll
  static void stop() {
    driver.close();
    arm.close();
  }

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of(429, "OperationNotAllowed", "too many requests", DriverException.Throttled.class),
        Arguments.of(409, "AllocationFailed", "Allocation failed", DriverException.CapacityUnavailable.class),
        Arguments.of(409, "ZonalAllocationFailed", "zonal", DriverException.CapacityUnavailable.class),
        Arguments.of(409, "SkuNotAvailable", "not available", DriverException.CapacityUnavailable.class),
        Arguments.of(409, "QuotaExceeded", "quota", DriverException.QuotaExceeded.class),
        Arguments.of(409, "OperationNotAllowed", "results in exceeding approved Total Regional Cores quota",
            DriverException.QuotaExceeded.class),
        Arguments.of(409, "OperationNotAllowed", "The VM is being deallocated", DriverException.InvalidRequest.class),
        Arguments.of(403, "AuthorizationFailed", "does not have authorization", DriverException.AuthFailed.class),
        Arguments.of(401, "InvalidAuthenticationToken", "expired", DriverException.AuthFailed.class),
        Arguments.of(404, "ResourceNotFound", "not found", DriverException.NotFound.class),
        Arguments.of(404, "ResourceGroupNotFound", "Resource group 'x' could not be found", DriverException.NotFound.class),
        Arguments.of(500, "InternalExecutionError", "retry", DriverException.Transient.class),
        Arguments.of(503, "ServiceUnavailable", "retry", DriverException.Transient.class),
        Arguments.of(400, "InvalidParameter", "bad", DriverException.InvalidRequest.class));
  }

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @MethodSource("answers")
  @DisplayName("maps each ARM answer to its type, naming the code and the resource group")
  void maps(int status, String code, String message, Class<? extends DriverException> type) {
    arm.failNext("GET virtualMachines", ArmError.of(status, code, message));
    DriverException e = catchThrowableOfType(() -> driver.list(Fixtures.WEB), DriverException.class);
    assertThat(e).isInstanceOf(type);
    assertThat(e.getMessage()).contains(code).contains(LocalArm.GROUP).contains("GET virtualMachines");
    assertThat(e.operation()).isEqualTo("list");
  }

  @Test
  @DisplayName("reads Retry-After seconds and names the rate-limit headers of a 429")
  void retryAfterSeconds() {
    arm.failNext("GET virtualMachines", ArmError.throttled("HighCostGet3Min"));
    DriverException e = catchThrowableOfType(() -> driver.list(Fixtures.WEB), DriverException.class);
    assertThat(e).isInstanceOf(DriverException.Throttled.class);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(17));
    assertThat(e.getMessage()).contains("x-ms-ratelimit-remaining-resource").contains("HighCostGet3Min;0");
  }

  @Test
  @DisplayName("reads an HTTP-date Retry-After against the engine's clock")
  void retryAfterDate() {
    String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(42).atOffset(ZoneOffset.UTC));
    arm.failNext("GET virtualMachines", new ArmError(429, "TooManyRequests", "slow down", List.of(),
        Map.of("Retry-After", at)));
    DriverException e = catchThrowableOfType(() -> driver.list(Fixtures.WEB), DriverException.class);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(42));
  }

  @Test
  @DisplayName("takes the capacity or quota code of an error's details over a generic outer code")
  void detailCode() {
    arm.failNext("GET virtualMachines", new ArmError(409, "Conflict", "outer", List.of(Map.of("code",
        "ZonalAllocationFailed", "message", "inner")), Map.of()));
    DriverException e = catchThrowableOfType(() -> driver.list(Fixtures.WEB), DriverException.class);
    assertThat(e).isInstanceOf(DriverException.CapacityUnavailable.class);
    assertThat(e.cloudCode()).contains("ZonalAllocationFailed");
  }

  @Test
  @DisplayName("maps no answer at all (the endpoint is gone) to Transient")
  void noAnswer() throws Exception {
    LocalArm gone = LocalArm.start();
    AzureDriver d = LocalAzure.driver(gone, Map.of(), DriverContext.system());
    gone.close();
    try {
      DriverException e = catchThrowableOfType(() -> d.list(Fixtures.WEB), DriverException.class);
      assertThat(e).isInstanceOf(DriverException.Transient.class);
      assertThat(e.isRetryable()).isTrue();
    } finally {
      d.close();
    }
  }

  @Test
  @DisplayName("maps late provisioning codes to launch failure reasons")
  void launchFailures() {
    assertThat(AzureErrors.launchFailure("AllocationFailed", "x").reason()).isEqualTo(LaunchFailure.Reason.CAPACITY);
    assertThat(AzureErrors.launchFailure("OverconstrainedAllocationRequest", null).reason())
        .isEqualTo(LaunchFailure.Reason.CAPACITY);
    assertThat(AzureErrors.launchFailure("OperationNotAllowed", "exceeding approved quota").reason())
        .isEqualTo(LaunchFailure.Reason.QUOTA);
    assertThat(AzureErrors.launchFailure("OperationNotAllowed", "something else").reason())
        .isEqualTo(LaunchFailure.Reason.OTHER);
    assertThat(AzureErrors.launchFailure("ImageNotFound", null).reason()).isEqualTo(LaunchFailure.Reason.IMAGE);
    assertThat(AzureErrors.launchFailure(null, null).message()).isNotBlank();
  }
}
