package io.immut.driver.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.InstanceId;
import io.immut.driver.aws.local.LocalEc2;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceView;
import io.immut.spi.TrafficRouter;
import io.immut.spi.TrafficRouter.TargetHealth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

@DisplayName("traffic: ELBv2 target groups")
class AwsTrafficRouterTest {
  private LocalEc2 local;
  private AwsDriver driver;
  private TrafficRouter router;
  private String arn;
  private Set<InstanceId> ids;

  @BeforeEach
  void start() throws Exception {
    local = LocalEc2.start();
    arn = local.createTargetGroup("web-tg");
    driver = LocalAws.driver(local, Map.of("targetGroup", "web-tg"));
    router = driver.traffic().orElseThrow();
    ids = driver.launch(Fixtures.request(driver, "t1", 2)).instances().stream().map(InstanceView::id)
        .collect(Collectors.toSet());
    local.settle();
  }

  @AfterEach
  void stop() {
    driver.close();
    local.close();
  }

  @Test
  @DisplayName("registers instances by target group name, looked up once")
  void registerByName() {
    router.register("web-tg", ids);
    router.register("web-tg", ids);

    assertThat(local.targets(arn)).containsOnlyKeys(ids.stream().map(InstanceId::value).toList());
    assertThat(local.requests("DescribeTargetGroups")).hasSize(1).first().satisfies(p ->
        assertThat(p).containsEntry("Names.member.1", "web-tg"));
    assertThat(local.requests("RegisterTargets")).allSatisfy(p -> assertThat(p).containsEntry("TargetGroupArn", arn)
        .containsKey("Targets.member.1.Id").containsKey("Targets.member.2.Id"));
    assertThat(driver.capabilities().traffic()).isTrue();
  }

  @Test
  @DisplayName("reads target health as the balancer moves on: initial, healthy, unhealthy, draining")
  void health() {
    List<InstanceId> two = ids.stream().sorted().toList();
    local.failHealthChecks(two.get(1).value());
    router.register(arn, ids);

    assertThat(router.health(arn)).containsOnly(Map.entry(two.get(0), TargetHealth.INITIAL),
        Map.entry(two.get(1), TargetHealth.INITIAL));
    assertThat(router.health(arn)).containsOnly(Map.entry(two.get(0), TargetHealth.HEALTHY),
        Map.entry(two.get(1), TargetHealth.UNHEALTHY));

    router.deregister("default", Set.of(two.get(0)));
    assertThat(router.health(arn)).containsEntry(two.get(0), TargetHealth.DRAINING);
    assertThat(router.health(arn)).doesNotContainKey(two.get(0));
  }

  @Test
  @DisplayName("deregistering is idempotent, also for instances that are not registered or do not exist")
  void deregisterIdempotent() {
    router.register(arn, ids);
    router.deregister(arn, ids);
    router.deregister(arn, ids);
    router.deregister(arn, Set.of(InstanceId.of("i-0fffffffffffffff1"), ids.iterator().next()));
    assertThat(local.targets(arn).values()).containsOnly("draining");
  }

  @Test
  @DisplayName("an unknown target group is NotFound; 'default' without a configured one is refused")
  void unknownTarget() {
    assertThatThrownBy(() -> router.register("nope", ids)).isInstanceOf(DriverException.NotFound.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> router.health("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/1"))
        .isInstanceOf(DriverException.NotFound.class);
    try (AwsDriver plain = LocalAws.driver(local)) {
      assertThatThrownBy(() -> plain.traffic().orElseThrow().register("default", ids))
          .isInstanceOf(DriverException.InvalidRequest.class).hasMessageContaining("targetGroup");
    }
  }

  @Test
  @DisplayName("registering a terminated instance is refused by the balancer")
  void terminatedTarget() {
    InstanceId one = ids.iterator().next();
    driver.terminate(Set.of(one));
    local.settle();
    assertThatThrownBy(() -> router.register(arn, Set.of(one))).isInstanceOf(DriverException.NotFound.class)
        .hasMessageContaining("InvalidTarget");
  }

  @Test
  @DisplayName("maps every ELBv2 target state")
  void states() {
    assertThat(AwsTrafficRouter.targetHealth(TargetHealthStateEnum.INITIAL)).isEqualTo(TargetHealth.INITIAL);
    assertThat(AwsTrafficRouter.targetHealth(TargetHealthStateEnum.HEALTHY)).isEqualTo(TargetHealth.HEALTHY);
    assertThat(AwsTrafficRouter.targetHealth(TargetHealthStateEnum.UNHEALTHY)).isEqualTo(TargetHealth.UNHEALTHY);
    assertThat(AwsTrafficRouter.targetHealth(TargetHealthStateEnum.UNUSED)).isEqualTo(TargetHealth.UNHEALTHY);
    assertThat(AwsTrafficRouter.targetHealth(TargetHealthStateEnum.UNAVAILABLE)).isEqualTo(TargetHealth.UNHEALTHY);
    assertThat(AwsTrafficRouter.targetHealth(TargetHealthStateEnum.DRAINING)).isEqualTo(TargetHealth.DRAINING);
    assertThat(AwsTrafficRouter.targetHealth(TargetHealthStateEnum.UNHEALTHY_DRAINING)).isEqualTo(TargetHealth.DRAINING);
    assertThat(AwsTrafficRouter.targetHealth(null)).isEqualTo(TargetHealth.INITIAL);
  }
}
