package io.immut.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.core.Drivers;
import io.immut.core.Drivers.DriverDiscoveryException;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class DriversTest {

  private static Drivers discoveryWith(String dir) {
    URL root = DriversTest.class.getClassLoader().getResource("discovery/" + dir + "/");
    assertThat(root).as("test resource discovery/%s", dir).isNotNull();
    return Drivers.using(new URLClassLoader(new URL[] {root}, DriversTest.class.getClassLoader()));
  }

  @Test
  void findsTheMemoryDriverByName() {
    assertThat(Drivers.names()).contains("memory");
    assertThat(Drivers.provider("memory").name()).isEqualTo("memory");
  }

  @Test
  void unknownNameListsTheNamesFoundAndTheArtifactToAdd() {
    assertThatThrownBy(() -> Drivers.provider("aws"))
        .isInstanceOf(DriverDiscoveryException.class)
        .hasMessageContaining("No immut driver named 'aws'")
        .hasMessageContaining("Drivers found: ")
        .hasMessageContaining("memory")
        .hasMessageContaining("io.immut:driver-aws");
  }

  @Test
  void unknownNameOfAThirdPartyDriverExplainsTheServiceFile() {
    assertThatThrownBy(() -> Drivers.provider("openstack"))
        .isInstanceOf(DriverDiscoveryException.class)
        .hasMessageContaining("META-INF/services/io.immut.spi.CloudDriverProvider");
  }

  @Test
  void twoProvidersWithOneNameIsAnErrorNamingBothClasses() {
    Drivers drivers = discoveryWith("duplicate");
    assertThat(drivers.availableNames()).contains("twin", "memory");
    assertThatThrownBy(() -> drivers.find("twin"))
        .isInstanceOf(DriverDiscoveryException.class)
        .hasMessageContaining("Several providers are named 'twin'")
        .hasMessageContaining(TestProviders.TwinA.class.getName())
        .hasMessageContaining(TestProviders.TwinB.class.getName());
  }

  @Test
  void aBrokenProviderDoesNotHideTheOthersAndIsNamedWhenItsDriverIsAskedFor() {
    Drivers drivers = discoveryWith("broken");
    assertThat(drivers.find("memory").name()).isEqualTo("memory");
    assertThatThrownBy(() -> drivers.find("broken"))
        .isInstanceOf(DriverDiscoveryException.class)
        .hasMessageContaining("failed to load")
        .hasMessageContaining(TestProviders.Broken.class.getName());
  }

  @Test
  void aProviderOfAnotherSpiVersionIsRefusedWithBothVersions() {
    assertThatThrownBy(() -> discoveryWith("oldspi").find("future"))
        .isInstanceOf(DriverDiscoveryException.class)
        .hasMessageContaining("SPI version 3")
        .hasMessageContaining("this immut speaks version 2");
  }
}
