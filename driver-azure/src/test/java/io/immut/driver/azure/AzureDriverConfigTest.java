package io.immut.driver.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.driver.azure.local.LocalArm;
import io.immut.spi.DriverConfig;
import io.immut.spi.InvalidConfigException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the configuration")
class AzureDriverConfigTest {
  private static final Map<String, String> MINIMAL = Map.of("subscriptionId", LocalArm.SUBSCRIPTION,
      "resourceGroup", "rg-1", "location", "westeurope");

  @Test
  @DisplayName("has defaults for everything but the subscription, resource group and location")
  void defaults() {
    AzureDriverConfig c = AzureDriverConfig.from(DriverConfig.of("azure", MINIMAL));
    assertThat(c.endpoint()).isEqualTo(AzureDriverConfig.PUBLIC_ENDPOINT);
    assertThat(c.maxRetries()).isZero();
    assertThat(c.windows()).isFalse();
    assertThat(c.servicePrincipal()).isNull();
    assertThat(c.launchBatch()).isEqualTo(20);
    assertThat(c.tokenWindow()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.scopeId()).isEqualTo("azure:" + LocalArm.SUBSCRIPTION + "/rg-1/westeurope");
  }

  @Test
  @DisplayName("reports every problem at once, each with what is allowed")
  void allProblems() {
    assertThatThrownBy(() -> AzureDriverConfig.from(DriverConfig.of("azure", Map.of("subscriptionId", "my-sub",
        "location", "West Europe", "clientId", "abc", "maxRetries", "3", "osType", "mac", "subnet", "subnet-1",
        "price.t3.micro", "1", "adminUsername", "root"))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("subscriptionId: 'my-sub' is not a subscription id")
        .hasMessageContaining("resourceGroup: is missing")
        .hasMessageContaining("location: 'West Europe'")
        .hasMessageContaining("tenantId: is missing")
        .hasMessageContaining("maxRetries")
        .hasMessageContaining("osType: 'mac'")
        .hasMessageContaining("subnet: 'subnet-1'")
        .hasMessageContaining("price.t3.micro")
        .hasMessageContaining("adminUsername: 'root'");
  }

  @Test
  @DisplayName("needs an administrator password for Windows")
  void windowsPassword() {
    Map<String, String> p = new java.util.HashMap<>(MINIMAL);
    p.put("osType", "windows");
    assertThatThrownBy(() -> AzureDriverConfig.from(DriverConfig.of("azure", p))).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("adminPassword: is missing");
  }

  @Test
  @DisplayName("never shows the client secret or the administrator password")
  void secretsNeverShow() {
    Map<String, String> p = new java.util.HashMap<>(MINIMAL);
    p.putAll(Map.of("tenantId", "t-1", "clientId", "c-1", "clientSecret", "s3cr3t-value", "osType", "windows",
        "adminPassword", "Pa55word-value", "endpoint", "https://user:hunter2@management.example/"));
    AzureDriverConfig c = AzureDriverConfig.from(DriverConfig.of("azure", p));
    assertThat(c.servicePrincipal().clientSecret()).isEqualTo("s3cr3t-value");
    assertThat(c.toString()).doesNotContain("s3cr3t-value").doesNotContain("Pa55word-value").doesNotContain("hunter2")
        .contains("clientId=c-1");
    assertThat(DriverConfig.of("azure", p).toString()).doesNotContain("s3cr3t-value").doesNotContain("Pa55word-value");
  }

  @Test
  @DisplayName("takes price overrides over the shipped, dated table, and prices no unknown size")
  void prices() {
    Map<String, String> p = new java.util.HashMap<>(MINIMAL);
    p.put("location", "eastus");
    p.put("price.Standard_B1s", "0.02");
    AzureDriverConfig c = AzureDriverConfig.from(DriverConfig.of("azure", p));
    AzurePriceCatalog prices = AzurePriceCatalog.forRegion(c.location(), c.priceOverrides());
    assertThat(prices.hourlyPrice("Standard_B1s")).contains(new BigDecimal("0.02"));
    assertThat(prices.hourlyPrice("Standard_D2s_v5")).contains(new BigDecimal("0.096"));
    assertThat(prices.hourlyPrice("Standard_X99")).isEmpty();
    assertThat(prices.asOf()).isNotNull();
    assertThat(AzurePriceCatalog.forRegion("westeurope", Map.of()).prices()).as("a region the table lacks").isEmpty();
  }
}
