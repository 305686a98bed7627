package io.immut.driver.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.driver.aws.local.LocalEc2;
import io.immut.spi.InstanceView;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.InstanceStatusSummary;
import software.amazon.awssdk.services.ec2.model.SummaryStatus;

@DisplayName("health from EC2's status checks")
class StatusChecksTest extends AgainstLocalEc2 {
  private Map<InstanceId, HealthStatus> health() {
    return driver.list(Fixtures.WEB).stream().collect(Collectors.toMap(InstanceView::id, InstanceView::health));
  }

  @Test
  @DisplayName("running instances are healthy, impaired or unknown as both checks say; pending ones unknown, unasked")
  void mapsTheChecks() {
    List<InstanceView> launched = driver.launch(Fixtures.request(driver, "t1", 3)).instances();
    local.clearCalls();
    assertThat(health().values()).containsOnly(HealthStatus.UNKNOWN);
    assertThat(local.calls()).containsExactly("ec2:DescribeInstances");

    local.settle();
    local.statusCheck(launched.get(1).id().value(), "impaired");
    local.statusCheck(launched.get(2).id().value(), "initializing");
    local.clearCalls();

    assertThat(health()).containsEntry(launched.get(0).id(), HealthStatus.HEALTHY)
        .containsEntry(launched.get(1).id(), HealthStatus.UNHEALTHY)
        .containsEntry(launched.get(2).id(), HealthStatus.UNKNOWN);
    assertThat(local.calls()).containsExactly("ec2:DescribeInstances", "ec2:DescribeInstanceStatus");
    assertThat(local.requests("DescribeInstanceStatus").get(0)).containsKeys("InstanceId.1", "InstanceId.2", "InstanceId.3")
        .doesNotContainKey("MaxResults");
  }

  @Test
  @DisplayName("asks for at most 100 instances a call")
  void batches() {
    driver.close();
    driver = LocalAws.driver(local, Map.of("launchBatch", "1000"));
    driver.launch(Fixtures.request(driver, "big", 150));
    local.settle();
    local.clearCalls();

    assertThat(health().values()).hasSize(150).containsOnly(HealthStatus.HEALTHY);
    assertThat(local.requests("DescribeInstanceStatus")).hasSize(2);
  }

  @Test
  @DisplayName("an instance the status checks do not know yet keeps an unknown health; the list does not fail")
  void notYetKnown() {
    List<InstanceView> launched = driver.launch(Fixtures.request(driver, "t1", 2)).instances();
    local.settle();
    String first = launched.stream().map(v -> v.id().value()).sorted().findFirst().orElseThrow();
    local.failNext("DescribeInstanceStatus", 400, "InvalidInstanceID.NotFound", "The instance ID '" + first
        + "' does not exist");

    Map<InstanceId, HealthStatus> health = health();
    assertThat(health).containsEntry(InstanceId.of(first), HealthStatus.UNKNOWN);
    assertThat(health.values()).containsOnlyOnce(HealthStatus.HEALTHY);
  }

  @Test
  @DisplayName("an EC2 implementation without DescribeInstanceStatus gives unknown health, not a failed list")
  void unsupported() {
    driver.launch(Fixtures.request(driver, "t1", 2));
    local.settle();
    local.failNext("DescribeInstanceStatus", 400, "InvalidAction", "The action DescribeInstanceStatus is not valid");
    assertThat(health().values()).hasSize(2).containsOnly(HealthStatus.UNKNOWN);
    local.failNext("DescribeInstanceStatus", 403, "UnauthorizedOperation", "You are not authorized");
    org.assertj.core.api.Assertions.assertThatThrownBy(this::health)
        .isInstanceOf(io.immut.spi.DriverException.AuthFailed.class);
  }

  @Test
  @DisplayName("with statusChecks off, listings make no status call and carry unknown health")
  void off() {
    driver.close();
    driver = LocalAws.driver(local, Map.of("statusChecks", "false"));
    driver.launch(Fixtures.request(driver, "t1", 2));
    local.settle();
    local.clearCalls();
    assertThat(health().values()).containsOnly(HealthStatus.UNKNOWN);
    assertThat(local.calls()).containsExactly("ec2:DescribeInstances");
  }

  @Test
  @DisplayName("maps the summaries")
  void summaries() {
    InstanceStatusSummary ok = InstanceStatusSummary.builder().status(SummaryStatus.OK).build();
    InstanceStatusSummary impaired = InstanceStatusSummary.builder().status(SummaryStatus.IMPAIRED).build();
    InstanceStatusSummary init = InstanceStatusSummary.builder().status(SummaryStatus.INITIALIZING).build();
    InstanceStatusSummary data = InstanceStatusSummary.builder().status(SummaryStatus.INSUFFICIENT_DATA).build();
    assertThat(StatusChecks.health(ok, ok)).isEqualTo(HealthStatus.HEALTHY);
    assertThat(StatusChecks.health(ok, impaired)).isEqualTo(HealthStatus.UNHEALTHY);
    assertThat(StatusChecks.health(impaired, init)).isEqualTo(HealthStatus.UNHEALTHY);
    assertThat(StatusChecks.health(ok, init)).isEqualTo(HealthStatus.UNKNOWN);
    assertThat(StatusChecks.health(data, ok)).isEqualTo(HealthStatus.UNKNOWN);
    assertThat(StatusChecks.health(null, null)).isEqualTo(HealthStatus.UNKNOWN);
  }
}
