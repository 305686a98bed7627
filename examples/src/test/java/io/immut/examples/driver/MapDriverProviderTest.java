package io.immut.examples.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.ImageRef;
import io.immut.core.Drivers;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverConfig;
import io.immut.spi.DriverException;
import io.immut.spi.InvalidConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The map driver is found by ServiceLoader under its name, and validates its whole configuration. */
class MapDriverProviderTest {

  @Test
  void isFoundByNameBesideTheMemoryDriver() {
    assertThat(Drivers.names()).contains("map", "memory");
    assertThat(Drivers.provider("map")).isInstanceOf(MapDriverProvider.class);
  }

  @Test
  void opensADriverOverItsOwnCloudWithTheConfiguredImages() {
    try (CloudDriver driver = Drivers.open("map", DriverConfig.of("map", Map.of("images", "img-1, img-2",
        "terminateBatch", "7")))) {
      assertThat(driver.name()).isEqualTo("map");
      assertThat(driver.resolveImage(ImageRef.of("img-2")).id()).isEqualTo("img-2");
      assertThat(driver.capabilities().maxTerminateBatch()).isEqualTo(7);
      assertThatThrownBy(() -> driver.resolveImage(ImageRef.of("img-3"))).isInstanceOf(DriverException.NotFound.class);
    }
  }

  @Test
  void reportsEveryProblemOfTheConfigurationAtOnce() {
    DriverConfig config = DriverConfig.of("map", Map.of("images", " , ", "pageSize", "zero", "pagesize", "5"));
    assertThatThrownBy(() -> new MapDriverProvider().create(config, io.immut.spi.DriverContext.system()))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
            .hasSize(3)
            .anySatisfy(p -> assertThat(p).startsWith("pageSize:"))
            .anySatisfy(p -> assertThat(p).startsWith("images: is empty"))
            .anySatisfy(p -> assertThat(p).startsWith("pagesize: is not a property of driver 'map'")));
  }
}
