package io.immut.driver.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzurePriceCatalogTest {

  @Test
  void theShippedTableGivesTheLinuxPayAsYouGoPriceOfASizeInItsRegion() {
    AzurePriceCatalog eastus = AzurePriceCatalog.forRegion("eastus", Map.of());
    assertThat(eastus.hourlyPrice("Standard_B1s")).contains(new BigDecimal("0.0104"));
    assertThat(AzurePriceCatalog.forRegion("northpole", Map.of()).hourlyPrice("Standard_B1s")).isEmpty();
  }

  @Test
  void windowsSpotAndLowPriorityMetersOfTheSameSizeAreNotItsPrice() {
    // meters of one size as the Retail Prices API lists them: same armSkuName, type and unit
    assertThat(AzurePriceCatalog.isLinuxRegular(Map.of("productName", "Virtual Machines DSv3 Series",
        "meterName", "D2s v3"))).isTrue();
    assertThat(AzurePriceCatalog.isLinuxRegular(Map.of("productName", "Virtual Machines DSv3 Series Windows",
        "meterName", "D2s v3"))).isFalse();
    assertThat(AzurePriceCatalog.isLinuxRegular(Map.of("productName", "Virtual Machines DSv3 Series",
        "meterName", "D2s v3 Spot"))).isFalse();
    assertThat(AzurePriceCatalog.isLinuxRegular(Map.of("productName", "Virtual Machines DSv3 Series",
        "meterName", "D2s v3 Low Priority"))).isFalse();
  }
}
