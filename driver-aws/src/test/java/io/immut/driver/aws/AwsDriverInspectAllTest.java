package io.immut.driver.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.GenerationSpec;
import io.immut.api.InstanceId;
import io.immut.driver.aws.local.LocalEc2;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceInspection.Address;
import io.immut.spi.InstanceInspection.AttachedVolume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

@DisplayName("inspectAll")
class AwsDriverInspectAllTest extends AgainstLocalEc2 {
  private static final InstanceId UNKNOWN_1 = InstanceId.of("i-0fffffffffffffff1");
  private static final InstanceId UNKNOWN_2 = InstanceId.of("i-0fffffffffffffff2");
  private InstanceId launchOne(GenerationSpec spec) {
    InstanceId id = driver.launch(Fixtures.request(driver, "t-" + spec.id(), 1, spec)).instances().get(0).id();
    local.settle();
    return id;
  }

  private List<InstanceId> foreign(int count) {
    return local.launchForeign(Map.of("team", "other"), "t3.micro", count).stream().map(InstanceId::of).toList();
  }

  private Map<String, Long> callCounts() {
    return local.calls().stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  @Test
  @DisplayName("a batch of 1,000 instances, as DescribeInstances takes")
  void batchSize() {
    assertThat(driver.capabilities().maxInspectBatch()).isEqualTo(1000);
  }

  @Test
  @DisplayName("inspects every instance exactly as inspect does: EBS volumes, instance store, elastic and public IPs")
  void sameAsInspect() {
    InstanceId ebs = launchOne(Fixtures.spec());
    InstanceId store = launchOne(Fixtures.spec().toBuilder().instanceType("m5d.large").build());
    InstanceId elastic = launchOne(Fixtures.spec().toBuilder().instanceType("t3.small").build());
    String allocation = local.associateAddress(elastic.value(), "198.51.100.7");
    local.attachKeptInterface(elastic.value());
    List<InstanceId> ids = List.of(ebs, store, elastic);

    Map<InstanceId, InstanceInspection> all = driver.inspectAll(ids);

    assertThat(all.keySet()).containsExactlyElementsOf(ids);
    for (InstanceId id : ids) {
      assertThat(all.get(id)).isEqualTo(driver.inspect(id));
    }
    assertThat(all.get(ebs).volumes()).hasSize(3).extracting(AttachedVolume::deleteOnTermination).containsOnly(true);
    assertThat(all.get(store).volumes()).filteredOn(AttachedVolume::instanceStore).singleElement()
        .satisfies(v -> assertThat(v.sizeGb()).isEqualTo(75));
    assertThat(all.get(elastic).addresses()).filteredOn(Address::publicAddress).singleElement()
        .satisfies(a -> assertThat(a.allocationId()).isEqualTo(allocation));
    assertThat(all.get(elastic).boundResources()).hasSize(1);
    assertThat(all.get(ebs).addresses()).filteredOn(Address::publicAddress).singleElement()
        .satisfies(a -> assertThat(a.staticAddress()).isFalse());
  }

  @Test
  @DisplayName("leaves out the ids EC2 does not know, asking again without the ones it names")
  void unknownLeftOut() {
    InstanceId known = launchOne(Fixtures.spec());
    local.clearCalls();

    Map<InstanceId, InstanceInspection> all = driver.inspectAll(List.of(UNKNOWN_1, known, UNKNOWN_2));

    assertThat(all).containsOnlyKeys(known);
    assertThat(all.get(known)).isEqualTo(driver.inspect(known));
    List<Map<String, String>> describes = local.requests("DescribeInstances");
    assertThat(describes.get(0)).containsKeys("InstanceId.1", "InstanceId.2", "InstanceId.3");
    assertThat(describes.get(1)).containsEntry("InstanceId.1", known.value()).doesNotContainKey("InstanceId.2");
  }

  @Test
  @DisplayName("only unknown ids: an empty answer")
  void onlyUnknown() {
    assertThat(driver.inspectAll(List.of(UNKNOWN_1, UNKNOWN_2))).isEmpty();
    assertThat(driver.inspectAll(List.of())).isEmpty();
  }

  @Test
  @DisplayName("a NotFound that names no id falls back to the instance-id filter")
  void notFoundNamingNothing() {
    InstanceId known = launchOne(Fixtures.spec());
    local.clearCalls();
    local.failNext("DescribeInstances", 400, "InvalidInstanceID.NotFound", "Some instance does not exist");

    Map<InstanceId, InstanceInspection> all = driver.inspectAll(List.of(known, UNKNOWN_1));

    assertThat(all).containsOnlyKeys(known);
    assertThat(local.requests("DescribeInstances").get(1)).containsEntry("Filter.1.Name", "instance-id")
        .containsEntry("Filter.1.Value.1", known.value()).containsEntry("Filter.1.Value.2", UNKNOWN_1.value());
  }

  @Test
  @DisplayName("the number of EC2 calls does not grow with the batch; filters stay within 200 values")
  void constantCalls() {
    List<InstanceId> few = foreign(3);
    List<InstanceId> many = foreign(450);
    driver.inspect(few.get(0));

    local.clearCalls();
    assertThat(driver.inspectAll(few)).hasSize(3);
    Map<String, Long> forFew = callCounts();
    local.clearCalls();
    assertThat(driver.inspectAll(many)).hasSize(450);
    Map<String, Long> forMany = callCounts();

    assertThat(forFew).containsExactlyInAnyOrderEntriesOf(Map.of("ec2:DescribeInstances", 1L,
        "ec2:DescribeVolumes", 1L, "ec2:DescribeAddresses", 1L));
    assertThat(forMany).containsExactlyInAnyOrderEntriesOf(Map.of("ec2:DescribeInstances", 1L,
        "ec2:DescribeVolumes", 3L, "ec2:DescribeAddresses", 3L));
    List<Map<String, String>> filtered = new ArrayList<>(local.requests("DescribeAddresses"));
    filtered.addAll(local.requests("DescribeVolumes"));
    assertThat(filtered).allSatisfy(p -> assertThat(p).doesNotContainKey("Filter.1.Value.201"));
  }

  @Test
  @DisplayName("more ids than a batch are described in batches of 1,000")
  void overBatch() {
    List<InstanceId> ids = new ArrayList<>(foreign(3));
    for (int n = 0; n < 1000; n++) {
      ids.add(InstanceId.of(String.format("i-0e%015x", n)));
    }
    local.clearCalls();

    assertThat(driver.inspectAll(ids)).containsOnlyKeys(ids.subList(0, 3));
    assertThat(local.requests("DescribeInstances")).allSatisfy(p -> assertThat(p).doesNotContainKey("InstanceId.1001"));
  }

  @Test
  @DisplayName("an instance launched moments ago and not visible yet is a transient failure, as for inspect")
  void recentlyLaunched() {
    local.visibilityLag(5);
    InstanceId id = driver.launch(Fixtures.request(driver, "t-recent", 1, Fixtures.spec())).instances().get(0).id();

    assertThatThrownBy(() -> driver.inspectAll(List.of(id))).isInstanceOf(DriverException.Transient.class)
        .hasMessageContaining(id.value());
  }

  @Test
  @DisplayName("the local endpoint answers EC2's FilterLimitExceeded to a filter of more than 200 values")
  void filterLimit() {
    List<String> values = new ArrayList<>();
    for (int n = 0; n < 201; n++) {
      values.add(String.format("i-0e%015x", n));
    }
    try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(local.endpoint()).region(Region.of(LocalEc2.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LocalEc2.ACCESS_KEY, LocalEc2.SECRET_KEY))).build()) {
      assertThatThrownBy(() -> ec2.describeAddresses(r -> r.filters(Filter.builder().name("instance-id")
          .values(values).build())))
          .isInstanceOfSatisfying(AwsServiceException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("FilterLimitExceeded"));
      assertThat(ec2.describeAddresses(r -> r.filters(Filter.builder().name("instance-id")
          .values(values.subList(0, 200)).build())).addresses()).isEmpty();
    }
  }
}
