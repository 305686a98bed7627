package io.immut.core.memory;

import static io.immut.core.memory.Fixtures.WEB;
import static io.immut.core.memory.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.immut.api.ImageRef;
import io.immut.api.InstanceState;
import io.immut.core.clock.VirtualClock;
import io.immut.spi.CloudDriver;
import io.immut.spi.CloudDriverProvider;
import io.immut.spi.DriverConfig;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceView;
import io.immut.spi.InvalidConfigException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The memory driver provider")
class MemoryDriverProviderTest {
  private final VirtualClock clock = new VirtualClock();

  private MemoryCloud cloud(Map<String, String> properties) {
    return MemoryDriverProvider.builder(DriverConfig.of("memory", properties), clock).build();
  }

  @Test
  @DisplayName("is found by ServiceLoader under the name memory")
  void serviceLoader() {
    List<CloudDriverProvider> found = ServiceLoader.load(CloudDriverProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("memory")).toList();
    assertThat(found).singleElement().isInstanceOf(MemoryDriverProvider.class);
    assertThat(found.get(0).spiVersion()).isEqualTo(CloudDriverProvider.SPI_VERSION);
  }

  @Test
  @DisplayName("opens a working driver on the system clock from an empty configuration")
  void empty() {
    try (CloudDriver driver = new MemoryDriverProvider().create(DriverConfig.empty("memory"), io.immut.spi.DriverContext.system())) {
      assertThat(driver.name()).isEqualTo("memory");
      assertThat(driver.resolveImage(ImageRef.of("ami-anything")).id()).isEqualTo("ami-anything");
      assertThat(driver.launch(request("a", 2)).instances()).hasSize(2);
      assertThat(driver.list(WEB)).hasSize(2);
      assertThat(((MemoryDriver) driver).cloud().clock()).hasToString("Clock.system()");
    }
  }

  @Test
  @DisplayName("reads timing, quota, lag, batch limits and zones")
  void timing() {
    MemoryCloud cloud = cloud(Map.of("seed", "9", "bootTime", "60s", "bootTimes", "t3.large=2m", "healthyAfter", "PT5S",
        "quota", "3", "listLag", "1s", "maxLaunchBatch", "2", "maxTerminateBatch", "7", "zones", "x-1, x-2"));
    CloudDriver driver = cloud.driver();
    assertThat(driver.capabilities().maxLaunchBatch()).isEqualTo(2);
    assertThat(driver.capabilities().maxTerminateBatch()).isEqualTo(7);
    assertThatThrownBy(() -> driver.launch(request("big", 3))).isInstanceOf(DriverException.InvalidRequest.class);
    driver.launch(request("a", 2));
    driver.launch(request("large", WEB, "t3.large", 1));
    assertThatThrownBy(() -> driver.launch(request("c", 1))).isInstanceOf(DriverException.QuotaExceeded.class);
    assertThat(driver.list(WEB)).isEmpty();
    clock.advance(Duration.ofSeconds(61));
    List<InstanceView> listed = driver.list(WEB);
    assertThat(listed).filteredOn(v -> v.instanceType().equals("t3.micro"))
        .extracting(InstanceView::state).containsOnly(InstanceState.RUNNING);
    assertThat(listed).filteredOn(v -> v.instanceType().equals("t3.large"))
        .extracting(InstanceView::state).containsOnly(InstanceState.PROVISIONING);
    assertThat(cloud.launchForeign(Map.of(), "t3.micro", "ami-1").zone()).isIn("x-1", "x-2");
  }

  @Test
  @DisplayName("resolves only the listed images when images are given")
  void images() {
    CloudDriver driver = cloud(Map.of("images", "ami-1, ami-2")).driver();
    assertThat(driver.resolveImage(ImageRef.of("ami-2")).id()).isEqualTo("ami-2");
    assertThatThrownBy(() -> driver.resolveImage(ImageRef.of("ami-3")))
        .isInstanceOf(DriverException.NotFound.class).hasMessageContaining("ami-3").hasMessageContaining("ami-1, ami-2");
  }

  @Test
  @DisplayName("reads prices and capacity per type")
  void pricesAndCapacity() {
    MemoryCloud cloud = cloud(Map.of("prices", "t3.micro=0.5,x1.big=2", "capacity", "t3.micro=1"));
    assertThat(cloud.driver().prices().orElseThrow().hourlyPrice("x1.big")).contains(new BigDecimal("2"));
    cloud.driver().launch(request("a", 1));
    assertThat(cloud.hourlyCost()).isEqualByComparingTo("0.5");
    assertThatThrownBy(() -> cloud.driver().launch(request("b", 1)))
        .isInstanceOf(DriverException.CapacityUnavailable.class);
  }

  @Test
  @DisplayName("lists every problem of a configuration at once")
  void problems() {
    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> new MemoryDriverProvider()
        .create(DriverConfig.of("memory", Map.of("bootTime", "soon", "quota", "-1", "bootJitter", "2",
            "capacity", "t3.micro=many", "prices", "t3.micro", "bootTimes", "t3.large=-5s", "listLag", "-2s",
            "images", " , ", "zones", "a,a", "colour", "blue")), io.immut.spi.DriverContext.system()));
    assertThat(e).isNotNull();
    assertThat(e.problems()).hasSize(10);
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("bootTime:").contains("soon"))
        .anySatisfy(p -> assertThat(p).startsWith("quota:"))
        .anySatisfy(p -> assertThat(p).startsWith("bootJitter:"))
        .anySatisfy(p -> assertThat(p).startsWith("capacity:").contains("t3.micro=many"))
        .anySatisfy(p -> assertThat(p).startsWith("prices:"))
        .anySatisfy(p -> assertThat(p).startsWith("bootTimes:"))
        .anySatisfy(p -> assertThat(p).startsWith("listLag:"))
        .anySatisfy(p -> assertThat(p).startsWith("images:"))
        .anySatisfy(p -> assertThat(p).startsWith("zones:"))
        .anySatisfy(p -> assertThat(p).startsWith("colour:").contains("not a property"));
    assertThat(e.getMessage()).contains("memory");
  }
}
