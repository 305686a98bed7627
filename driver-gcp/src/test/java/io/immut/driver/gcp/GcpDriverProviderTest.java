package io.immut.driver.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.driver.gcp.local.LocalGce;
import io.immut.spi.CloudDriver;
import io.immut.spi.CloudDriverProvider;
import io.immut.spi.DriverConfig;
import io.immut.spi.DriverContext;
import io.immut.spi.InvalidConfigException;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class GcpDriverProviderTest {

  @Test
  void isFoundByServiceLoaderUnderTheNameGcp() {
    CloudDriverProvider provider = ServiceLoader.load(CloudDriverProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("gcp")).findFirst().orElseThrow();
    assertThat(provider).isInstanceOf(GcpDriverProvider.class);
    assertThat(provider.spiVersion()).isEqualTo(CloudDriverProvider.SPI_VERSION);
  }

  @Test
  void validatesTheConfigurationBeforeBuildingAnyClient() {
    assertThatThrownBy(() -> new GcpDriverProvider().create(DriverConfig.of("gcp", java.util.Map.of("pageSize", "x")),
        DriverContext.system()))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("pageSize").hasMessageContaining("project");
  }

  @Test
  void opensAWorkingDriverFromPropertiesWithItsScope() throws Exception {
    try (LocalGce local = LocalGce.start();
         CloudDriver driver = new GcpDriverProvider().create(DriverConfig.of("gcp", LocalGcp.properties(local)),
             DriverContext.system())) {
      assertThat(driver.name()).isEqualTo("gcp");
      assertThat(driver.scope().id()).isEqualTo("gcp:immut-test/us-central1");
      assertThat(driver.list(AgainstLocalGce.WEB)).isEmpty();
      assertThat(driver.capabilities().lateLaunchFailures()).isTrue();
      assertThat(driver.capabilities().tokenWindow()).isEqualTo(java.time.Duration.ofMinutes(60));
      assertThat(local.calls()).containsExactly("instances.aggregatedList");
    }
  }

  @Test
  void leavesReadyClientsOpenOnClose() throws Exception {
    try (LocalGce local = LocalGce.start()) {
      GcpDriverConfig config = GcpDriverConfig.from(DriverConfig.of("gcp", LocalGcp.properties(local)));
      try (GcpClients clients = GcpClients.of(config)) {
        GcpDriver.open(config, DriverContext.system(), clients).close();
        assertThat(clients.instances().isShutdown()).isFalse();
        assertThat(GcpDriver.open(config, DriverContext.system(), clients).list(AgainstLocalGce.WEB)).isEmpty();
      }
    }
  }
}
