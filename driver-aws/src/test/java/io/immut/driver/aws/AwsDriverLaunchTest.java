package io.immut.driver.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.GenerationSpec;
import io.immut.api.Placement;
import io.immut.api.VolumeSpec;
import io.immut.driver.aws.local.LocalEc2;
import io.immut.driver.aws.local.LocalEc2.LocalInstance;
import io.immut.driver.aws.local.LocalEc2.LocalVolume;
import io.immut.spi.DriverException;
import io.immut.spi.LaunchResult;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("launch: one RunInstances per request, one more for the rest of a short launch")
class AwsDriverLaunchTest extends AgainstLocalEc2 {
  private Map<String, String> runInstances() {
    List<Map<String, String>> calls = local.requests("RunInstances");
    assertThat(calls).hasSize(1);
    return calls.get(0);
  }

  @Test
  @DisplayName("sends the launch token as ClientToken, MinCount 1 and MaxCount N")
  void tokenAndCounts() {
    LaunchResult result = driver.launch(Fixtures.request(driver, "web-7c8e-w1", 3));

    Map<String, String> p = runInstances();
    assertThat(p).containsEntry("ClientToken", "web-7c8e-w1").containsEntry("MinCount", "1").containsEntry("MaxCount", "3")
        .containsEntry("ImageId", Fixtures.IMAGE).containsEntry("InstanceType", "t3.micro");
    assertThat(result.instances()).hasSize(3);
    assertThat(result.isShort()).isFalse();
    assertThat(result.token().value()).isEqualTo("web-7c8e-w1");
    assertThat(local.instances()).allSatisfy(i -> assertThat(i.clientToken()).isEqualTo("web-7c8e-w1"));
  }

  @Test
  @DisplayName("a retried launch with the same token returns the first instances and launches nothing")
  void idempotentByToken() {
    var request = Fixtures.request(driver, "retry-me", 2);
    LaunchResult first = driver.launch(request);
    LaunchResult again = driver.launch(request);

    assertThat(again.instances()).extracting(v -> v.id()).containsExactlyElementsOf(
        first.instances().stream().map(v -> v.id()).toList());
    assertThat(local.instances()).hasSize(2);
  }

  @Test
  @DisplayName("the same token with another request is refused as invalid, not launched")
  void tokenReuseWithOtherParameters() {
    driver.launch(Fixtures.request(driver, "tok", 2));
    assertThatThrownBy(() -> driver.launch(Fixtures.request(driver, "tok", 3)))
        .isInstanceOf(DriverException.InvalidRequest.class)
        .satisfies(e -> assertThat(((DriverException) e).cloudCode()).contains("IdempotentParameterMismatch"));
    assertThat(local.instances()).hasSize(2);
  }

  @Test
  @DisplayName("tags the instances and their volumes with the ownership tags and the labels")
  void tagsInstancesAndVolumes() {
    var request = Fixtures.request(driver, "t1", 2);
    driver.launch(request);

    Map<String, String> p = runInstances();
    assertThat(p).containsEntry("TagSpecification.1.ResourceType", "instance")
        .containsEntry("TagSpecification.2.ResourceType", "volume");
    Map<String, String> expected = Map.of("immut:fleet", "web", "immut:owner", "team-a",
        "immut:generation", request.generationId(), "app", "web");
    for (LocalInstance i : local.instances()) {
      assertThat(i.tags()).isEqualTo(expected);
      assertThat(i.volumes()).hasSize(3).allSatisfy(v -> assertThat(v.tags()).isEqualTo(expected));
    }
  }

  @Test
  @DisplayName("maps the spec's volumes to block devices deleted with the instance, and creates none for an EXTERNAL volume")
  void blockDevices() {
    driver.launch(Fixtures.request(driver, "t1", 1));

    Map<String, String> p = runInstances();
    assertThat(p).containsEntry("BlockDeviceMapping.1.DeviceName", "/dev/xvda")
        .containsEntry("BlockDeviceMapping.1.Ebs.VolumeSize", "20")
        .containsEntry("BlockDeviceMapping.1.Ebs.DeleteOnTermination", "true")
        .containsEntry("BlockDeviceMapping.2.DeviceName", "/dev/sdf")
        .containsEntry("BlockDeviceMapping.2.Ebs.DeleteOnTermination", "true")
        .containsEntry("BlockDeviceMapping.3.DeviceName", "/dev/sdg")
        .containsEntry("BlockDeviceMapping.3.Ebs.DeleteOnTermination", "true")
        .containsEntry("BlockDeviceMapping.3.Ebs.VolumeSize", "5")
        .containsEntry("BlockDeviceMapping.3.Ebs.VolumeType", "gp3")
        .doesNotContainKey("BlockDeviceMapping.4.DeviceName");
    Map<String, LocalVolume> byDevice = local.instances().get(0).volumes().stream()
        .collect(Collectors.toMap(LocalVolume::device, v -> v));
    assertThat(byDevice.get("/dev/xvda").size()).isEqualTo(20);
    assertThat(byDevice.get("/dev/sdf").deleteOnTermination()).isTrue();   // ephemeral scratch
    assertThat(byDevice.get("/dev/sdg").deleteOnTermination()).isTrue();   // local cache: lost with the instance, as declared
    assertThat(byDevice).hasSize(3).doesNotContainKey("/dev/sdh");
    assertThat(byDevice.values()).noneMatch(v -> v.size() == 12);          // the external data lives on its share
  }

  @Test
  @DisplayName("sends the user data base64-encoded, and EC2 gets the original bytes back")
  void userData() {
    driver.launch(Fixtures.request(driver, "t1", 1));

    String sent = runInstances().get("UserData");
    assertThat(new String(Base64.getDecoder().decode(sent))).isEqualTo(Fixtures.spec().userData());
    assertThat(local.instances().get(0).userData()).isEqualTo(Fixtures.spec().userData());
  }

  @Test
  @DisplayName("places instances in the subnet with the security groups, key pair, instance profile and IMDSv2")
  void placement() {
    GenerationSpec spec = Fixtures.spec().toBuilder().placement(new Placement(List.of(), "subnet-0abc",
        List.of("sg-0001", "sg-0002"), "deploy-key", "arn:aws:iam::123456789012:instance-profile/web", Map.of())).build();
    driver.launch(Fixtures.request(driver, "t1", 1, spec));

    assertThat(runInstances()).containsEntry("SubnetId", "subnet-0abc").containsEntry("SecurityGroupId.1", "sg-0001")
        .containsEntry("SecurityGroupId.2", "sg-0002").containsEntry("KeyName", "deploy-key")
        .containsEntry("IamInstanceProfile.Arn", "arn:aws:iam::123456789012:instance-profile/web")
        .containsEntry("MetadataOptions.HttpTokens", "required")
        .doesNotContainKey("Placement.AvailabilityZone");
    LocalInstance i = local.instances().get(0);
    assertThat(i.subnet()).isEqualTo("subnet-0abc");
    assertThat(i.securityGroupIds()).containsExactly("sg-0001", "sg-0002");
    assertThat(i.keyName()).isEqualTo("deploy-key");
    assertThat(i.httpTokens()).isEqualTo("required");
  }

  @Test
  @DisplayName("without a subnet, picks one of the zones from the token, the same zone on a retry")
  void zonesFromToken() {
    GenerationSpec spec = Fixtures.spec().toBuilder().placement(new Placement(List.of("us-east-1a", "us-east-1b"), null,
        List.of(), null, "web-profile", Map.of("placementGroup", "spread-1"))).build();
    var request = Fixtures.request(driver, "zone-token", 1, spec);
    driver.launch(request);
    driver.launch(request);

    List<Map<String, String>> calls = local.requests("RunInstances");
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).get("Placement.AvailabilityZone")).isIn("us-east-1a", "us-east-1b")
        .isEqualTo(calls.get(1).get("Placement.AvailabilityZone"));
    assertThat(calls.get(0)).containsEntry("IamInstanceProfile.Name", "web-profile")
        .containsEntry("Placement.GroupName", "spread-1");
    assertThat(calls.get(0).values()).doesNotContain("web-tg");
    assertThat(local.instances()).hasSize(1);
  }

  @Test
  @DisplayName("refuses placement properties it does not know, before any call")
  void unknownPlacementProperty() {
    GenerationSpec spec = Fixtures.spec().toBuilder().placement(new Placement(List.of(), null, List.of(), null, null,
        Map.of("spotPrice", "0.01"))).build();
    var request = Fixtures.request(driver, "t1", 1, spec);
    assertThatThrownBy(() -> driver.launch(request)).isInstanceOf(DriverException.InvalidRequest.class)
        .hasMessageContaining("placement.properties.spotPrice").hasMessageContaining("placementGroup");
    assertThat(local.requests("RunInstances")).isEmpty();
  }

  @Test
  @DisplayName("a short launch returns the instances that did launch and says why")
  void shortLaunch() {
    local.capacity("t3.micro", 2);
    LaunchResult result = driver.launch(Fixtures.request(driver, "short", 5));

    assertThat(result.isShort()).isTrue();
    assertThat(result.requested()).isEqualTo(5);
    assertThat(result.instances()).hasSize(2);
    assertThat(result.shortfall()).get().satisfies(s -> {
      assertThat(s.reason()).isEqualTo(io.immut.spi.LaunchFailure.Reason.CAPACITY);
      assertThat(s.message()).contains("2 of 5");
    });
  }

  @Test
  @DisplayName("a launch cut short by the account's instance limit says QUOTA, found by asking for exactly the rest")
  void shortLaunchOnQuota() {
    local.instanceLimit(2);
    LaunchResult result = driver.launch(Fixtures.request(driver, "short-quota", 5));

    assertThat(result.instances()).hasSize(2);
    assertThat(result.shortfall()).get().satisfies(s -> {
      assertThat(s.reason()).isEqualTo(io.immut.spi.LaunchFailure.Reason.QUOTA);
      assertThat(s.message()).contains("2 of 5").contains("InstanceLimitExceeded");
    });
    List<Map<String, String>> calls = local.requests("RunInstances");
    assertThat(calls).hasSize(2);
    assertThat(calls.get(1)).containsEntry("MinCount", "3").containsEntry("MaxCount", "3")
        .containsEntry("ClientToken", "short-quota.rest");
  }

  @Test
  @DisplayName("when the rest can be launched after all, the launch is complete, and a retry launches nothing more")
  void restLaunchedOnTheSecondAsk() {
    local.capacity("t3.micro", 2);
    var request = Fixtures.request(driver, "short-then-room", 3);
    LaunchResult first = driver.launch(request);
    assertThat(first.isShort()).isTrue();
    local.capacity("t3.micro", 10);

    LaunchResult retry = driver.launch(request);

    assertThat(retry.isShort()).isFalse();
    assertThat(retry.instances()).hasSize(3).extracting(v -> v.id()).containsAll(
        first.instances().stream().map(v -> v.id()).toList());
    assertThat(driver.launch(request).instances()).extracting(v -> v.id())
        .containsExactlyInAnyOrderElementsOf(retry.instances().stream().map(v -> v.id()).toList());
    assertThat(local.instances()).hasSize(3);
  }

  @Test
  @DisplayName("an image that vanished before the launch fails as launch, naming the image")
  void unknownImageAtLaunch() {
    var request = Fixtures.request(driver, "gone-image", 1);
    local.failNext("DescribeImages", 400, "InvalidAMIID.NotFound", "The image id '[" + Fixtures.IMAGE + "]' does not exist");
    try (AwsDriver fresh = LocalAws.driver(local)) {
      assertThatThrownBy(() -> fresh.launch(request)).isInstanceOfSatisfying(DriverException.NotFound.class,
          e -> assertThat(e.operation()).isEqualTo("launch")).hasMessageContaining(Fixtures.IMAGE);
    }
  }

  @Test
  @DisplayName("no capacity at all is CapacityUnavailable, an account limit QuotaExceeded")
  void nothingLaunched() {
    local.capacity("t3.micro", 0);
    assertThatThrownBy(() -> driver.launch(Fixtures.request(driver, "none", 2)))
        .isInstanceOf(DriverException.CapacityUnavailable.class).hasMessageContaining("InsufficientInstanceCapacity");
    local.capacity("t3.micro", 100).instanceLimit(0);
    assertThatThrownBy(() -> driver.launch(Fixtures.request(driver, "none-2", 2)))
        .isInstanceOf(DriverException.QuotaExceeded.class).hasMessageContaining("InstanceLimitExceeded");
  }

  @Test
  @DisplayName("an image given without a root device mapping is asked for its root device once")
  void rootDeviceFromImage() {
    var request = Fixtures.request(driver, "t1", 1);
    local.clearCalls();
    driver.launch(request);
    assertThat(local.calls()).containsExactly("ec2:RunInstances");
  }

  @Test
  @DisplayName("check reports every problem EC2 would refuse, with paths in the generation, before any call")
  void checkBeforeAnyCall() {
    GenerationSpec bad = Fixtures.spec().toBuilder()
        .placement(new Placement(List.of(), "subnet-1", List.of("web-sg"), null, null,
            Map.of("tenancy", "shared", "colour", "blue")))
        .volume(VolumeSpec.external("db", 100, "vol-0abc"))
        .build();
    local.clearCalls();

    assertThat(driver.check(bad)).extracting(io.immut.api.SpecProblem::path).containsExactlyInAnyOrder(
        "placement.properties.colour", "placement.properties.tenancy", "placement.securityGroups", "volumes[4].location");
    assertThat(driver.check(Fixtures.spec())).isEmpty();
    assertThat(local.requests("RunInstances")).isEmpty();
    assertThat(local.requests("DescribeImages")).isEmpty();
  }
}
