package io.immut.driver.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.driver.aws.local.LocalEc2;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceInspection.Address;
import io.immut.spi.InstanceInspection.AttachedVolume;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("inspect and resolveImage")
class AwsDriverInspectTest extends AgainstLocalEc2 {
  private InstanceId launchOne(GenerationSpec spec) {
    InstanceId id = driver.launch(Fixtures.request(driver, "t-" + spec.id(), 1, spec)).instances().get(0).id();
    local.settle();
    return id;
  }

  @Test
  @DisplayName("reports every EBS volume with size, device, root flag, DeleteOnTermination and tags")
  void ebsVolumes() {
    InstanceId id = launchOne(Fixtures.spec());

    InstanceInspection inspection = driver.inspect(id);

    Map<String, AttachedVolume> byDevice = inspection.volumes().stream()
        .collect(Collectors.toMap(AttachedVolume::device, v -> v));
    assertThat(byDevice).containsOnlyKeys("/dev/xvda", "/dev/sdf", "/dev/sdg");
    assertThat(byDevice.get("/dev/xvda")).satisfies(v -> {
      assertThat(v.root()).isTrue();
      assertThat(v.sizeGb()).isEqualTo(20);
      assertThat(v.deleteOnTermination()).isTrue();
      assertThat(v.instanceStore()).isFalse();
      assertThat(v.volumeId()).startsWith("vol-");
    });
    assertThat(byDevice.get("/dev/sdg").deleteOnTermination()).isTrue();
    assertThat(byDevice.get("/dev/sdg").sizeGb()).isEqualTo(5);
    assertThat(byDevice.get("/dev/sdf").root()).isFalse();
    assertThat(byDevice.values()).allSatisfy(v -> assertThat(v.tags()).containsEntry("immut:fleet", "web"));
    assertThat(inspection.instanceType()).isEqualTo("t3.micro");
    assertThat(inspection.imageId()).isEqualTo(Fixtures.IMAGE);
    assertThat(inspection.tags()).containsEntry("immut:owner", "team-a");
  }

  @Test
  @DisplayName("reports the NVMe instance-store disks of the instance type, lost with the instance")
  void instanceStore() {
    InstanceId id = launchOne(Fixtures.spec().toBuilder().instanceType("m5d.large").build());

    var store = driver.inspect(id).volumes().stream().filter(AttachedVolume::instanceStore).toList();

    assertThat(store).singleElement().satisfies(v -> {
      assertThat(v.sizeGb()).isEqualTo(75);
      assertThat(v.deleteOnTermination()).isTrue();
      assertThat(v.root()).isFalse();
    });
    local.clearCalls();
    driver.inspect(id);
    assertThat(local.calls()).doesNotContain("ec2:DescribeInstanceTypes");
  }

  @Test
  @DisplayName("reports older instance-store disks as far as the image maps them")
  void olderInstanceStore() {
    local.addImage("ami-0eeeeeeeeeeeeeee1", "with-ephemeral", "123456789012", Map.of(), 2);
    GenerationSpec older = Fixtures.spec().toBuilder().instanceType("d2.xlarge").build();
    InstanceId plain = launchOne(older);
    InstanceId mapped = launchOne(older.toBuilder().image("ami-0eeeeeeeeeeeeeee1").build());

    assertThat(driver.inspect(plain).volumes()).noneMatch(AttachedVolume::instanceStore);
    assertThat(driver.inspect(mapped).volumes()).filteredOn(AttachedVolume::instanceStore).hasSize(2)
        .allSatisfy(v -> assertThat(v.sizeGb()).isEqualTo(2000));
  }

  @Test
  @DisplayName("an EC2 implementation that does not know the instance type reports no instance-store disks")
  void unknownType() {
    InstanceId id = launchOne(Fixtures.spec().toBuilder().instanceType("m5d.large").build());
    local.failNext("DescribeInstanceTypes", 400, "InvalidInstanceType", "The following supplied instance types do not"
        + " exist: [m5d.large]");
    assertThat(driver.inspect(id).volumes()).noneMatch(AttachedVolume::instanceStore).hasSize(3);
  }

  @Test
  @DisplayName("reports the private, the public and the elastic addresses, and interfaces that outlive the instance")
  void addresses() {
    InstanceId id = launchOne(Fixtures.spec());
    String allocation = local.associateAddress(id.value(), "198.51.100.7");
    String eni = local.attachKeptInterface(id.value());

    InstanceInspection inspection = driver.inspect(id);

    assertThat(inspection.addresses()).filteredOn(a -> !a.publicAddress()).singleElement()
        .satisfies(a -> assertThat(a.ip()).startsWith("10.0."));
    assertThat(inspection.addresses()).filteredOn(Address::publicAddress).singleElement().satisfies(a -> {
      assertThat(a.ip()).isEqualTo("198.51.100.7");
      assertThat(a.staticAddress()).isTrue();
      assertThat(a.allocationId()).isEqualTo(allocation);
    });
    assertThat(inspection.boundResources()).singleElement().satisfies(b -> {
      assertThat(b.kind()).isEqualTo("network-interface");
      assertThat(b.id()).isEqualTo(eni);
    });
    Map<String, String> p = local.requests("DescribeAddresses").get(0);
    assertThat(p).containsEntry("Filter.1.Name", "instance-id").containsEntry("Filter.1.Value.1", id.value());
  }

  @Test
  @DisplayName("an ordinary public address is not static")
  void ephemeralPublicAddress() {
    InstanceId id = launchOne(Fixtures.spec());
    assertThat(driver.inspect(id).addresses()).filteredOn(Address::publicAddress).singleElement()
        .satisfies(a -> assertThat(a.staticAddress()).isFalse());
  }

  @Test
  @DisplayName("an unknown instance is NotFound, naming it and the region")
  void unknownInstance() {
    assertThatThrownBy(() -> driver.inspect(InstanceId.of("i-0fffffffffffffff1")))
        .isInstanceOf(DriverException.NotFound.class).hasMessageContaining("i-0fffffffffffffff1")
        .hasMessageContaining("us-east-1");
  }

  @Test
  @DisplayName("resolves an image by id, with its name, creation time, version and tags")
  void resolveById() {
    Image image = driver.resolveImage(ImageRef.of(Fixtures.IMAGE));
    assertThat(image.id()).isEqualTo(Fixtures.IMAGE);
    assertThat(image.name()).isEqualTo("base-image");
    assertThat(image.version()).isEqualTo("1.0");
    assertThat(image.created()).contains(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  @DisplayName("resolves an image by name to the newest of the configured owners")
  void resolveByName() {
    local.addImage("ami-0aaaaaaaaaaaaaaa1", "web-2026-01", "123456789012", Map.of("git", "abc123"));
    local.addImage("ami-0aaaaaaaaaaaaaaa2", "web-2026-02", "123456789012", Map.of("git", "def456"));
    local.addImage("ami-0aaaaaaaaaaaaaaa3", "web-2026-03", "999999999999", Map.of());

    Image image = driver.resolveImage(ImageRef.of("web-*"));

    assertThat(image.id()).isEqualTo("ami-0aaaaaaaaaaaaaaa2");
    assertThat(image.labels()).containsEntry("git", "def456");
    assertThat(local.requests("DescribeImages").get(0)).containsEntry("Owner.1", "self");
  }

  @Test
  @DisplayName("a missing image is NotFound, naming the image and the region")
  void missingImage() {
    assertThatThrownBy(() -> driver.resolveImage(ImageRef.of("ami-0bbbbbbbbbbbbbbb1")))
        .isInstanceOf(DriverException.NotFound.class).hasMessageContaining("ami-0bbbbbbbbbbbbbbb1")
        .hasMessageContaining("us-east-1")
        .satisfies(e -> assertThat(((DriverException) e).cloudCode()).contains("InvalidAMIID.NotFound"));
    assertThatThrownBy(() -> driver.resolveImage(ImageRef.of("nothing-by-this-name")))
        .isInstanceOf(DriverException.NotFound.class).hasMessageContaining("nothing-by-this-name")
        .hasMessageContaining("us-east-1");
  }
}
