package io.immut.driver.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.driver.aws.local.LocalEc2;
import io.immut.spi.CloudDriver;
import io.immut.spi.CloudDriverProvider;
import io.immut.spi.DriverConfig;
import io.immut.spi.InvalidConfigException;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

@DisplayName("provider")
class AwsDriverProviderTest {

  @Test
  @DisplayName("is found by ServiceLoader under the name aws, speaking this SPI version")
  void serviceLoader() {
    CloudDriverProvider provider = ServiceLoader.load(CloudDriverProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("aws")).findFirst().orElseThrow();
    assertThat(provider).isInstanceOf(AwsDriverProvider.class);
    assertThat(provider.spiVersion()).isEqualTo(CloudDriverProvider.SPI_VERSION);
  }

  @Test
  @DisplayName("validates the configuration before building any client")
  void validatesFirst() {
    assertThatThrownBy(() -> new AwsDriverProvider().create(DriverConfig.of("aws", Map.of("maxRetries", "x")), io.immut.spi.DriverContext.system()))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("maxRetries");
  }

  @Test
  @DisplayName("opens a working driver from properties")
  void opens() throws Exception {
    try (LocalEc2 local = LocalEc2.start();
         CloudDriver driver = new AwsDriverProvider().create(DriverConfig.of("aws", LocalAws.properties(local)), io.immut.spi.DriverContext.system())) {
      assertThat(driver.name()).isEqualTo("aws");
      assertThat(driver.list(Fixtures.WEB)).isEmpty();
      assertThat(driver.capabilities().tagsVolumes()).isTrue();
      assertThat(driver.capabilities().maxInspectBatch()).isEqualTo(1000);
      assertThat(driver.capabilities().listLag()).as("EC2's listings are eventually consistent")
          .isEqualTo(AwsDriverConfig.DEFAULT_LIST_LAG);
      assertThat(local.calls()).containsExactly("ec2:DescribeInstances");
    }
  }

  @Test
  @DisplayName("wraps a ready Ec2Client without traffic, and leaves the client open on close")
  void readyClient() throws Exception {
    try (LocalEc2 local = LocalEc2.start()) {
      var config = AwsDriverConfig.from(DriverConfig.of("aws", LocalAws.properties(local)));
      try (Ec2Client ec2 = AwsClients.ec2(config)) {
        AwsDriver driver = new AwsDriver(ec2, null, AwsDriverConfig.defaults(null));
        assertThat(driver.traffic()).isEmpty();
        assertThat(driver.prices().orElseThrow().hourlyPrice("t3.micro")).as("prices of the client's region, us-east-1")
            .contains(new java.math.BigDecimal("0.0104"));
        assertThat(driver.capabilities().traffic()).isFalse();
        AwsDriver lagging = new AwsDriver(ec2, null, AwsDriverConfig.from(DriverConfig.of("aws", Map.of("listLag", "12s"))));
        assertThat(lagging.capabilities().listLag()).as("the configured bound").isEqualTo(java.time.Duration.ofSeconds(12));
        lagging.close();
        driver.close();
        assertThat(ec2.describeInstances().reservations()).isEmpty();
      }
    }
  }
}
