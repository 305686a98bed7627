package io.immut.driver.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.driver.azure.local.LocalArm;
import io.immut.spi.CloudDriver;
import io.immut.spi.CloudDriverProvider;
import io.immut.spi.DriverConfig;
import io.immut.spi.DriverContext;
import io.immut.spi.InvalidConfigException;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("provider")
class AzureDriverProviderTest {

  @Test
  @DisplayName("is found by ServiceLoader under the name azure, speaking this SPI version")
  void serviceLoader() {
    CloudDriverProvider provider = ServiceLoader.load(CloudDriverProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("azure")).findFirst().orElseThrow();
    assertThat(provider).isInstanceOf(AzureDriverProvider.class);
    assertThat(provider.spiVersion()).isEqualTo(CloudDriverProvider.SPI_VERSION);
  }

  @Test
  @DisplayName("validates the configuration before building any client")
  void validatesFirst() {
    assertThatThrownBy(() -> new AzureDriverProvider().create(DriverConfig.of("azure", Map.of()), DriverContext.system()))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("subscriptionId");
  }

  @Test
  @DisplayName("opens a driver from properties without a request, scoped to subscription, group and location")
  void opensWithoutIo() throws Exception {
    try (LocalArm arm = LocalArm.start();
         CloudDriver driver = new AzureDriverProvider().create(DriverConfig.of("azure", LocalAzure.properties(arm,
             Map.of("tenantId", "00000000-0000-0000-0000-000000000001", "clientId", "app", "clientSecret", "x"))),
             DriverContext.system())) {
      assertThat(driver.name()).isEqualTo("azure");
      assertThat(driver.scope().id()).contains(LocalArm.SUBSCRIPTION).contains(LocalArm.GROUP).contains(LocalArm.LOCATION)
          .doesNotContain("app");
      assertThat(driver.capabilities().lateLaunchFailures()).isTrue();
      assertThat(arm.requests()).isEmpty();
    }
  }

  @Test
  @DisplayName("builds azure-identity's default chain on the JDK HTTP client alone, without a request")
  void defaultChain() throws Exception {
    try (LocalArm arm = LocalArm.start();
         CloudDriver driver = new AzureDriverProvider().create(DriverConfig.of("azure", LocalAzure.properties(arm,
             Map.of())), DriverContext.system())) {
      assertThat(driver.capabilities().prices()).isTrue();
      assertThat(arm.requests()).isEmpty();
    }
    assertThat(com.azure.core.http.HttpClient.createDefault().getClass().getName()).contains(".jdk.");
  }

  @Test
  @DisplayName("wraps ready managers the caller configured")
  void readyManagers() throws Exception {
    try (LocalArm arm = LocalArm.start()) {
      AzureDriverConfig config = LocalAzure.config(arm, Map.of());
      var profile = AzureClients.profile(config);
      var pipeline = AzureClients.pipeline(config, LocalAzure.credential(), new LocalAzure.LoopbackRouter(arm.port()));
      try (AzureDriver driver = AzureDriver.of(config,
          com.azure.resourcemanager.compute.ComputeManager.authenticate(pipeline, profile),
          com.azure.resourcemanager.network.NetworkManager.authenticate(pipeline, profile), DriverContext.system())) {
        assertThat(driver.list(Fixtures.WEB)).isEmpty();
        assertThat(arm.requests()).hasSize(1).allSatisfy(r -> assertThat(r).startsWith("GET ").endsWith("/virtualMachines"));
      }
    }
  }
}
