package io.immut.driver.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.InstanceId;
import io.immut.driver.aws.local.LocalEc2;
import io.immut.spi.DriverException;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

@DisplayName("error mapping")
class AwsErrorsTest {
  private final AwsErrors errors = new AwsErrors("eu-west-1");

  private static AwsServiceException ec2Error(String code, int status) {
    return Ec2Exception.builder().statusCode(status).requestId("req-1")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("message of " + code)
            .serviceName("Ec2").build())
        .message(code).build();
  }

  static Stream<Arguments> codes() {
    return Stream.of(
        Arguments.of("RequestLimitExceeded", 503, DriverException.Throttled.class),
        Arguments.of("Throttling", 400, DriverException.Throttled.class),
        Arguments.of("ThrottlingException", 400, DriverException.Throttled.class),
        Arguments.of("InsufficientInstanceCapacity", 500, DriverException.CapacityUnavailable.class),
        Arguments.of("InsufficientHostCapacity", 500, DriverException.CapacityUnavailable.class),
        Arguments.of("InsufficientCapacity", 500, DriverException.CapacityUnavailable.class),
        Arguments.of("InstanceLimitExceeded", 400, DriverException.QuotaExceeded.class),
        Arguments.of("VcpuLimitExceeded", 400, DriverException.QuotaExceeded.class),
        Arguments.of("VolumeLimitExceeded", 400, DriverException.QuotaExceeded.class),
        Arguments.of("InvalidAMIID.NotFound", 400, DriverException.NotFound.class),
        Arguments.of("InvalidAMIID.Malformed", 400, DriverException.NotFound.class),
        Arguments.of("InvalidAMIID.Unavailable", 400, DriverException.NotFound.class),
        Arguments.of("InvalidInstanceID.NotFound", 400, DriverException.NotFound.class),
        Arguments.of("InvalidSubnetID.NotFound", 400, DriverException.NotFound.class),
        Arguments.of("TargetGroupNotFound", 400, DriverException.NotFound.class),
        Arguments.of("AuthFailure", 401, DriverException.AuthFailed.class),
        Arguments.of("UnauthorizedOperation", 403, DriverException.AuthFailed.class),
        Arguments.of("AccessDenied", 403, DriverException.AuthFailed.class),
        Arguments.of("InvalidClientTokenId", 403, DriverException.AuthFailed.class),
        Arguments.of("InternalError", 500, DriverException.Transient.class),
        Arguments.of("Unavailable", 503, DriverException.Transient.class),
        Arguments.of("SomethingNewOnTheServer", 502, DriverException.Transient.class),
        Arguments.of("InvalidParameterValue", 400, DriverException.InvalidRequest.class),
        Arguments.of("IdempotentParameterMismatch", 400, DriverException.InvalidRequest.class),
        Arguments.of("InvalidInstanceID.Malformed", 400, DriverException.InvalidRequest.class));
  }

  @ParameterizedTest(name = "{0} (HTTP {1}) is {2}")
  @MethodSource("codes")
  void mapsEveryCode(String code, int status, Class<? extends DriverException> expected) {
    DriverException e = errors.map("launch", "RunInstances", "2 x t3.micro of fleet web", ec2Error(code, status));
    assertThat(e).isInstanceOf(expected);
    assertThat(e.cloudCode()).contains(code);
    assertThat(e.operation()).isEqualTo("launch");
    assertThat(e.getMessage()).contains("RunInstances").contains("fleet web").contains("eu-west-1").contains(code)
        .contains("req-1");
    assertThat(e.isRetryable()).isEqualTo(expected == DriverException.Throttled.class
        || expected == DriverException.Transient.class);
  }

  @Test
  @DisplayName("every code of the driver's lists is classified as its list says")
  void everyListedCode() {
    AwsErrors.THROTTLING.forEach(c -> assertThat(errors.map("x", "A", "s", ec2Error(c, 400)))
        .as(c).isInstanceOf(DriverException.Throttled.class));
    AwsErrors.CAPACITY.forEach(c -> assertThat(errors.map("x", "A", "s", ec2Error(c, 500)))
        .as(c).isInstanceOf(DriverException.CapacityUnavailable.class));
    AwsErrors.QUOTA.forEach(c -> assertThat(errors.map("x", "A", "s", ec2Error(c, 400)))
        .as(c).isInstanceOf(DriverException.QuotaExceeded.class));
    AwsErrors.AUTH.forEach(c -> assertThat(errors.map("x", "A", "s", ec2Error(c, 400)))
        .as(c).isInstanceOf(DriverException.AuthFailed.class));
    AwsErrors.TRANSIENT.forEach(c -> assertThat(errors.map("x", "A", "s", ec2Error(c, 500)))
        .as(c).isInstanceOf(DriverException.Transient.class));
    AwsErrors.NOT_FOUND.forEach(c -> assertThat(errors.map("x", "A", "s", ec2Error(c, 400)))
        .as(c).isInstanceOf(DriverException.NotFound.class));
  }

  @Test
  @DisplayName("InvalidInstanceID.NotFound right after a launch is eventual consistency: transient")
  void eventualConsistency() {
    DriverException e = errors.map("inspect", "DescribeInstances", "instance i-1",
        ec2Error("InvalidInstanceID.NotFound", 400), true);
    assertThat(e).isInstanceOf(DriverException.Transient.class).hasMessageContaining("eventually consistent");
    assertThat(e.isRetryable()).isTrue();
  }

  @Test
  @DisplayName("an unknown 4xx without a code is an invalid request, 401/403 an auth failure, 429 throttling")
  void byStatus() {
    assertThat(errors.map("x", "A", "s", Ec2Exception.builder().statusCode(400).build()))
        .isInstanceOf(DriverException.InvalidRequest.class);
    assertThat(errors.map("x", "A", "s", Ec2Exception.builder().statusCode(403).build()))
        .isInstanceOf(DriverException.AuthFailed.class);
    assertThat(errors.map("x", "A", "s", Ec2Exception.builder().statusCode(429).build()))
        .isInstanceOf(DriverException.Throttled.class);
  }

  @Test
  @DisplayName("no answer (I/O, timeout) is transient")
  void noAnswer() {
    assertThat(errors.map("list", "DescribeInstances", "fleet web", SdkClientException.create("Connection refused")))
        .isInstanceOf(DriverException.Transient.class).hasMessageContaining("no answer");
    assertThat(errors.map("list", "DescribeInstances", "fleet web", ApiCallTimeoutException.create(1000)))
        .isInstanceOf(DriverException.Transient.class);
  }

  @Nested
  @DisplayName("through the real SDK and the local endpoint")
  class EndToEnd {
    static Stream<Arguments> answers() {
      return Stream.of(
          Arguments.of(503, "RequestLimitExceeded", DriverException.Throttled.class),
          Arguments.of(500, "InsufficientInstanceCapacity", DriverException.CapacityUnavailable.class),
          Arguments.of(400, "InstanceLimitExceeded", DriverException.QuotaExceeded.class),
          Arguments.of(400, "VcpuLimitExceeded", DriverException.QuotaExceeded.class),
          Arguments.of(400, "InvalidAMIID.NotFound", DriverException.NotFound.class),
          Arguments.of(401, "AuthFailure", DriverException.AuthFailed.class),
          Arguments.of(403, "UnauthorizedOperation", DriverException.AuthFailed.class),
          Arguments.of(500, "InternalError", DriverException.Transient.class),
          Arguments.of(503, "Unavailable", DriverException.Transient.class),
          Arguments.of(400, "InvalidParameterValue", DriverException.InvalidRequest.class));
    }

    @ParameterizedTest(name = "HTTP {0} {1} is {2}")
    @MethodSource("answers")
    void classifies(int status, String code, Class<? extends DriverException> expected) throws IOException {
      try (LocalEc2 local = LocalEc2.start(); AwsDriver driver = LocalAws.driver(local)) {
        var request = Fixtures.request(driver, "t1", 1);
        local.failNext("RunInstances", status, code, "the answer " + code);
        assertThatThrownBy(() -> driver.launch(request)).isInstanceOf(expected).hasMessageContaining(code)
            .hasMessageContaining("the answer " + code);
        assertThat(local.instances()).isEmpty();
      }
    }

    @Test
    @DisplayName("wrong credentials are AuthFailed")
    void wrongCredentials() throws IOException {
      try (LocalEc2 local = LocalEc2.start();
           AwsDriver driver = LocalAws.driver(local, Map.of("accessKeyId", "AKIDSOMEONEELSE00001"))) {
        assertThatThrownBy(() -> driver.list(Fixtures.WEB)).isInstanceOf(DriverException.AuthFailed.class)
            .hasMessageContaining("AuthFailure").hasMessageNotContaining(LocalEc2.SECRET_KEY);
      }
    }

    @Test
    @DisplayName("an endpoint that does not answer is transient")
    void noEndpoint() throws IOException {
      LocalEc2 local = LocalEc2.start();
      AwsDriver driver = LocalAws.driver(local);
      local.close();
      try (driver) {
        assertThatThrownBy(() -> driver.terminate(Set.of(InstanceId.of("i-0fffffffffffffff1"))))
            .isInstanceOf(DriverException.Transient.class);
      }
    }

    @Test
    @DisplayName("with maxRetries 1 the SDK retries a throttled call once, with the same ClientToken")
    void lowRetries() throws IOException {
      try (LocalEc2 local = LocalEc2.start(); AwsDriver driver = LocalAws.driver(local, Map.of("maxRetries", "1"))) {
        var request = Fixtures.request(driver, "retried", 1);
        local.failNext("RunInstances", 503, "RequestLimitExceeded", "slow down");
        assertThat(driver.launch(request).instances()).hasSize(1);
        assertThat(local.requests("RunInstances")).hasSize(2)
            .allSatisfy(p -> assertThat(p).containsEntry("ClientToken", "retried"));
        local.failNext("RunInstances", 503, "RequestLimitExceeded", "slow down")
            .failNext("RunInstances", 503, "RequestLimitExceeded", "slow down");
        assertThatThrownBy(() -> driver.launch(Fixtures.request(driver, "retried-2", 1)))
            .isInstanceOf(DriverException.Throttled.class);
      }
    }
  }
}
