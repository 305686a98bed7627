package io.immut.driver.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.cloud.compute.v1.Error;
import com.google.cloud.compute.v1.Errors;
import com.google.cloud.compute.v1.Operation;
import io.immut.api.ImageRef;
import io.immut.driver.gcp.local.LocalGce;
import io.immut.spi.DriverException;
import io.immut.spi.LaunchFailure;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compute Engine's error answers, as the real client receives them from the local endpoint, map to
 * one DriverException type each; the reason is read from the raw body, since the client keeps only
 * the HTTP status (a rate limit is a 403 to it).
 */
class GcpErrorsTest extends AgainstLocalGce {

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @CsvSource({
      "403, rateLimitExceeded, usageLimits, Throttled",
      "403, userRateLimitExceeded, usageLimits, Throttled",
      "429, rateLimitExceeded, usageLimits, Throttled",
      "403, quotaExceeded, usageLimits, QuotaExceeded",
      "503, insufficientCapacity, global, CapacityUnavailable",
      "503, ZONE_RESOURCE_POOL_EXHAUSTED, global, CapacityUnavailable",
      "403, forbidden, global, AuthFailed",
      "401, required, global, AuthFailed",
      "404, notFound, global, NotFound",
      "400, invalid, global, InvalidRequest",
      "409, alreadyExists, global, InvalidRequest",
      "400, resourceNotReady, global, Transient",
      "500, backendError, global, Transient",
      "503, backendError, global, Transient",
  })
  void answersMapToTypes(int status, String reason, String domain, String type) {
    local.failNext("instances.aggregatedList", status, reason, domain, "the service's words");
    Throwable thrown = catchThrowable(() -> driver.list(WEB));

    assertThat(thrown).isInstanceOf(DriverException.class);
    assertThat(thrown.getClass().getSimpleName()).isEqualTo(type);
    DriverException e = (DriverException) thrown;
    assertThat(e.cloudCode()).hasValue(reason);
    assertThat(e.getMessage()).contains("the service's words").contains(String.valueOf(status));
    assertThat(e.isRetryable()).isEqualTo(type.equals("Throttled") || type.equals("Transient"));
  }

  @Test
  void noAnswerIsTransient() {
    local.close();
    Throwable thrown = catchThrowable(() -> driver.resolveImage(ImageRef.of(LocalGce.IMAGE)));
    assertThat(thrown).isInstanceOf(DriverException.Transient.class);
  }

  @Test
  void unknownImageIsNotFoundNamingWhereItWasLooked() {
    Throwable thrown = catchThrowable(() -> driver.resolveImage(ImageRef.of("family/no-such-family")));
    assertThat(thrown).isInstanceOf(DriverException.NotFound.class)
        .hasMessageContaining("family/no-such-family")
        .hasMessageContaining("projects/immut-test/global/images/family/no-such-family");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "ZONE_RESOURCE_POOL_EXHAUSTED, CAPACITY",
      "ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS, CAPACITY",
      "RESOURCE_EXHAUSTED, CAPACITY",
      "QUOTA_EXCEEDED, QUOTA",
      "RESOURCE_NOT_FOUND, IMAGE",
      "CONDITION_NOT_MET, OTHER",
  })
  void operationErrorsMapToLaunchFailures(String code, LaunchFailure.Reason reason) {
    String message = code.equals("RESOURCE_NOT_FOUND") ? "The resource 'projects/p/global/images/gone' was not found"
        : "words";
    Operation op = Operation.newBuilder().setName("operation-1").setStatus(Operation.Status.DONE)
        .setError(Error.newBuilder().addErrors(Errors.newBuilder().setCode(code).setMessage(message))).build();

    LaunchFailure f = GcpErrors.failure(op);
    assertThat(f.reason()).isEqualTo(reason);
    assertThat(f.message()).contains(code).contains(message);
  }

  @Test
  void anOperationWithoutErrorIsNoFailure() {
    assertThat(GcpErrors.failure(Operation.newBuilder().setStatus(Operation.Status.DONE).build())).isNull();
  }

  @Test
  void aLaunchRefusedInItsAnswerLaunchesNothingAndSaysWhy() {
    local.failNext("instances.bulkInsert", 403, "quotaExceeded", "usageLimits", "Quota 'CPUS' exceeded.");
    Throwable thrown = catchThrowable(() -> driver.launch(request("t-refused", spec("e2-small"), 4)));

    assertThat(thrown).isInstanceOf(DriverException.QuotaExceeded.class).hasMessageContaining("Quota 'CPUS' exceeded.");
    local.settle();
    assertThat(local.instances()).isEmpty();
    assertThat(Map.copyOf(local.instances())).isEmpty();
  }
}
