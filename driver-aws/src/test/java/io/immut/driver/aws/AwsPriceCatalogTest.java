package io.immut.driver.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("prices")
class AwsPriceCatalogTest {

  @Test
  @DisplayName("knows common types in common regions, from a dated table")
  void table() {
    AwsPriceCatalog c = AwsPriceCatalog.forRegion("us-east-1", Map.of());
    assertThat(c.hourlyPrice("t3.micro")).contains(new BigDecimal("0.0104"));
    assertThat(c.hourlyPrice("m5.large")).contains(new BigDecimal("0.096"));
    assertThat(c.asOf()).isEqualTo(LocalDate.of(2025, 1, 15));
    assertThat(c.currency()).isEqualTo("USD");
    assertThat(AwsPriceCatalog.forRegion("eu-west-1", Map.of()).hourlyPrice("t3.micro")).contains(new BigDecimal("0.0114"));
  }

  @Test
  @DisplayName("an unknown type or region has no price: never a guess")
  void unknown() {
    assertThat(AwsPriceCatalog.forRegion("us-east-1", Map.of()).hourlyPrice("x9.mega")).isEmpty();
    assertThat(AwsPriceCatalog.forRegion("ap-south-7", Map.of()).hourlyPrice("t3.micro")).isEmpty();
    assertThat(AwsPriceCatalog.forRegion(null, Map.of()).prices()).isEmpty();
  }

  @Test
  @DisplayName("overrides from the configuration win over the table")
  void overrides() {
    AwsPriceCatalog c = AwsPriceCatalog.forRegion("us-east-1", Map.of("t3.micro", new BigDecimal("0.0099"),
        "x9.mega", new BigDecimal("3.5")));
    assertThat(c.hourlyPrice("t3.micro")).contains(new BigDecimal("0.0099"));
    assertThat(c.hourlyPrice("x9.mega")).contains(new BigDecimal("3.5"));
  }

  @Test
  @DisplayName("the driver's catalog is the configured region's with the overrides")
  void driverCatalog() throws Exception {
    try (var local = io.immut.driver.aws.local.LocalEc2.start();
         AwsDriver driver = LocalAws.driver(local, Map.of("price.t3.small", "0.03"))) {
      assertThat(driver.capabilities().prices()).isTrue();
      var prices = driver.prices().orElseThrow();
      assertThat(prices.hourlyPrice("t3.micro")).contains(new BigDecimal("0.0104"));
      assertThat(prices.hourlyPrice("t3.small")).contains(new BigDecimal("0.03"));
      assertThat(local.calls()).isEmpty();
    }
  }
}
