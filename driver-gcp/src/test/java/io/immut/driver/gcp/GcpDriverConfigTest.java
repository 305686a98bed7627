package io.immut.driver.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.spi.DriverConfig;
import io.immut.spi.InvalidConfigException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcpDriverConfigTest {
  private static final Map<String, String> MINIMAL = Map.of("project", "my-project-1", "region", "europe-west1",
      "zones", "europe-west1-b, europe-west1-c");

  private static GcpDriverConfig read(Map<String, String> p) {
    return GcpDriverConfig.from(DriverConfig.of("gcp", p));
  }

  @Test
  void defaultsUseApplicationDefaultCredentialsAndGcesLimits() {
    GcpDriverConfig c = read(MINIMAL);
    assertThat(c.zones()).containsExactly("europe-west1-b", "europe-west1-c");
    assertThat(c.credentialsFile()).isNull();
    assertThat(c.anonymous()).isFalse();
    assertThat(c.endpoint()).isNull();
    assertThat(c.network()).isEqualTo("default");
    assertThat(c.externalIp()).isFalse();
    assertThat(c.scopes()).containsExactly(GcpClients.CLOUD_PLATFORM);
    assertThat(c.diskType()).isEqualTo("pd-balanced");
    assertThat(c.pageSize()).isEqualTo(500);
    assertThat(c.launchBatch()).isEqualTo(100);
    assertThat(c.terminateBatch()).isEqualTo(500);
    assertThat(c.deleteConcurrency()).isEqualTo(8);
    assertThat(c.apiCallTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.failedRetention()).isEqualTo(Duration.ofMinutes(60));
  }

  @Test
  void readsEveryProperty() {
    GcpDriverConfig c = read(Map.ofEntries(Map.entry("project", "my-project-1"), Map.entry("region", "us-east1"),
        Map.entry("zones", "us-east1-b"), Map.entry("credentialsFile", "/etc/immut/key.json"),
        Map.entry("endpoint", "https://compute.example.test"), Map.entry("network", "prod"),
        Map.entry("subnetwork", "regions/us-east1/subnetworks/web"), Map.entry("externalIp", "true"),
        Map.entry("serviceAccount", "web@my-project-1.iam.gserviceaccount.com"),
        Map.entry("scopes", "https://www.googleapis.com/auth/logging.write"), Map.entry("diskType", "pd-ssd"),
        Map.entry("pageSize", "50"), Map.entry("launchBatch", "200"), Map.entry("terminateBatch", "100"),
        Map.entry("deleteConcurrency", "16"), Map.entry("apiCallTimeout", "20s"), Map.entry("failedRetention", "2h"),
        Map.entry("price.e2-micro", "0.01")));
    assertThat(c.credentialsFile()).isEqualTo(Path.of("/etc/immut/key.json"));
    assertThat(c.subnetwork()).isEqualTo("regions/us-east1/subnetworks/web");
    assertThat(c.externalIp()).isTrue();
    assertThat(c.scopes()).containsExactly("https://www.googleapis.com/auth/logging.write");
    assertThat(c.pageSize()).isEqualTo(50);
    assertThat(c.launchBatch()).isEqualTo(200);
    assertThat(c.deleteConcurrency()).isEqualTo(16);
    assertThat(c.failedRetention()).isEqualTo(Duration.ofHours(2));
    assertThat(c.priceOverrides()).containsEntry("e2-micro", new BigDecimal("0.01"));
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(() -> read(Map.of("project", "X", "region", "europe-west1", "zones", "us-east1-b,us-east1-b",
        "credentials", "maybe", "pageSize", "900", "diskType", "gp3", "endpoint", "ftp://x", "price.e2-micro", "cheap",
        "color", "blue")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("project: 'X'")
        .hasMessageContaining("zones: 'us-east1-b' is not a zone of region 'europe-west1'")
        .hasMessageContaining("lists a zone twice")
        .hasMessageContaining("credentials: 'maybe'")
        .hasMessageContaining("pageSize")
        .hasMessageContaining("diskType: 'gp3'")
        .hasMessageContaining("endpoint: 'ftp://x'")
        .hasMessageContaining("price.e2-micro: 'cheap'")
        .hasMessageContaining("color: is not a property");
  }

  @Test
  void saysWhatIsMissing() {
    assertThatThrownBy(() -> read(Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("project: is missing")
        .hasMessageContaining("region: is missing")
        .hasMessageContaining("zones: is missing");
  }

  @Test
  void noCredentialsOnlyWithAnEndpoint() {
    assertThatThrownBy(() -> read(Map.of("project", "my-project-1", "region", "europe-west1", "zones", "europe-west1-b",
        "credentials", "none")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("credentials: is none without an endpoint");
    assertThat(read(Map.of("project", "my-project-1", "region", "europe-west1", "zones", "europe-west1-b",
        "credentials", "none", "endpoint", "http://127.0.0.1:8080")).anonymous()).isTrue();
  }

  @Test
  void toStringHidesCredentialsInAnEndpoint() {
    GcpDriverConfig c = read(Map.of("project", "my-project-1", "region", "europe-west1", "zones", "europe-west1-b",
        "endpoint", "https://user:s3cr3t-pass@compute.example.test"));
    assertThat(c.toString()).doesNotContain("s3cr3t-pass").contains("my-project-1").contains(List.of("europe-west1-b").toString());
  }
}
