package io.immut.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.CostPolicy;
import io.immut.api.GenerationSpec;
import io.immut.api.ImageRef;
import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.MemoryCloud;
import io.immut.spi.CloudDriver;
import io.immut.spi.FleetSelector;
import io.immut.spi.LaunchRequest;
import io.immut.spi.PriceCatalog;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Budgets and cost reports with the in-memory cloud's prices")
class MemoryCloudCostTest {
  @Test
  @DisplayName("the driver's catalog sizes the budget, and the report's spend equals the cloud's own")
  void memoryCloud() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(7).bootTime(Duration.ofSeconds(30))
        .price("t3.micro", new BigDecimal("0.0104")).price("t3.large", new BigDecimal("0.0832")).build();
    CloudDriver driver = cloud.driver();
    PriceCatalog catalog = driver.prices().orElseThrow();
    Budget budget = Budget.of(new CostPolicy(new BigDecimal("0.05")), catalog, "t3.micro");
    assertThat(budget.maxInstances()).hasValue(4);   // 0.05 / 0.0104 = 4.8

    FleetSelector web = new FleetSelector("web", "immut");
    GenerationSpec small = GenerationSpec.builder().image("ami-1").instanceType("t3.micro").build();
    GenerationSpec large = GenerationSpec.builder().image("ami-1").instanceType("t3.large").build();
    var image = driver.resolveImage(ImageRef.of("ami-1"));
    driver.launch(io.immut.spi.LaunchRequest.builder().token(io.immut.spi.LaunchToken.of("t-1")).ownership(io.immut.spi.Ownership.of(web, small.id())).spec(small).image(image).count(3).build());
    driver.launch(io.immut.spi.LaunchRequest.builder().token(io.immut.spi.LaunchToken.of("t-2")).ownership(io.immut.spi.Ownership.of(web, large.id())).spec(large).image(image).count(1).build());
    clock.advance(Duration.ofMinutes(1));

    CostReport report = CostReport.builder().fleet("web").views(driver.list(web)).catalog(catalog)
        .generationNames(Map.of(small.id(), "web-v001", large.id(), "web-v002"))
        .maxHourlySpend(budget.maxHourlySpend().orElse(null)).at(clock.now()).build();
    // 3 x 0.0104 + 0.0832 = 0.1144
    assertThat(report.hourlySpend()).isEqualByComparingTo("0.1144").isEqualByComparingTo(cloud.hourlyCost());
    assertThat(report.byGeneration().get("web-v001").instances()).isEqualTo(3);
    assertThat(report.byGeneration().get("web-v002").hourlySpend()).isEqualByComparingTo("0.0832");
    assertThat(budget.allows(report.hourlySpend())).isFalse();
    assertThat(budget.additionalInstances(report.hourlySpend())).isZero();
  }
}
