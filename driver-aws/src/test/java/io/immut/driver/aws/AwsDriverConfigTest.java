package io.immut.driver.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.spi.DriverConfig;
import io.immut.spi.InvalidConfigException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("configuration")
class AwsDriverConfigTest {

  private static AwsDriverConfig read(Map<String, String> p) {
    return AwsDriverConfig.from(DriverConfig.of("aws", p));
  }

  @Test
  @DisplayName("has defaults that keep SDK retries low and batches within EC2's limits")
  void defaults() {
    AwsDriverConfig c = read(Map.of("region", "eu-west-1"));
    assertThat(c.region()).isEqualTo("eu-west-1");
    assertThat(c.maxRetries()).isEqualTo(1);
    assertThat(c.terminateBatch()).isEqualTo(1000);
    assertThat(c.launchBatch()).isEqualTo(100);
    assertThat(c.pageSize()).isEqualTo(1000);
    assertThat(c.volumeType()).isEqualTo("gp3");
    assertThat(c.requireImdsV2()).isTrue();
    assertThat(c.imageOwners()).isEqualTo("self");
    assertThat(c.credentials()).isNull();
    assertThat(c.endpoint()).isNull();
    assertThat(c.apiCallTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.consistencyWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.listLag()).isEqualTo(Duration.ofSeconds(5));
    assertThat(read(Map.of()).region()).isNull();
  }

  @Test
  @DisplayName("reads every property")
  void everything() {
    AwsDriverConfig c = read(Map.ofEntries(Map.entry("region", "us-west-2"), Map.entry("endpoint", "http://127.0.0.1:4566"),
        Map.entry("elbEndpoint", "http://127.0.0.1:4567"), Map.entry("accessKeyId", "AKID1"),
        Map.entry("secretAccessKey", "s3cr3t"), Map.entry("sessionToken", "tok3n"), Map.entry("maxRetries", "0"),
        Map.entry("apiCallTimeout", "30s"), Map.entry("connectTimeout", "2s"), Map.entry("pageSize", "50"),
        Map.entry("launchBatch", "20"), Map.entry("terminateBatch", "500"), Map.entry("volumeType", "io2"),
        Map.entry("requireImdsV2", "false"), Map.entry("imageOwners", "self,amazon"), Map.entry("targetGroup", "web-tg"),
        Map.entry("consistencyWindow", "2m"), Map.entry("listLag", "20s"), Map.entry("price.t3.micro", "0.02")));
    assertThat(c.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
    assertThat(c.elbEndpoint()).isEqualTo(URI.create("http://127.0.0.1:4567"));
    assertThat(c.credentials().accessKeyId()).isEqualTo("AKID1");
    assertThat(c.credentials().sessionToken()).isEqualTo("tok3n");
    assertThat(c.maxRetries()).isZero();
    assertThat(c.pageSize()).isEqualTo(50);
    assertThat(c.terminateBatch()).isEqualTo(500);
    assertThat(c.volumeType()).isEqualTo("io2");
    assertThat(c.requireImdsV2()).isFalse();
    assertThat(c.targetGroup()).isEqualTo("web-tg");
    assertThat(c.priceOverrides()).containsEntry("t3.micro", new BigDecimal("0.02"));
    assertThat(c.listLag()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  @DisplayName("takes a list lag from 0s to 5m and at most the consistency window, naming the field otherwise")
  void listLagRange() {
    assertThat(read(Map.of("listLag", "0s")).listLag()).isZero();
    assertThat(read(Map.of("listLag", "5m")).listLag()).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> read(Map.of("listLag", "6m", "consistencyWindow", "10m")))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
            .containsExactly("listLag: 360s is longer than the engine waits at a rollout's start; allowed: 0s to 5m"
                + " (EC2's listings usually catch up within seconds), such as 5s"));
    assertThatThrownBy(() -> read(Map.of("listLag", "90s", "consistencyWindow", "1m")))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).singleElement()
            .asString().startsWith("listLag: 90s is longer than consistencyWindow (60s)"));
    assertThatThrownBy(() -> read(Map.of("listLag", "-1s"))).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("listLag");
    assertThatThrownBy(() -> read(Map.of("listLag", "soon"))).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("listLag");
    assertThatThrownBy(() -> new AwsDriverConfig(null, null, null, null, null, 1, Duration.ofSeconds(60),
        Duration.ofSeconds(10), 1000, 100, 1000, "gp3", true, "self", null, true, Duration.ofMinutes(5),
        Duration.ofMinutes(6), Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("listLag: PT6M");
  }

  @Test
  @DisplayName("the ELBv2 endpoint defaults to the EC2 endpoint")
  void elbEndpointDefault() {
    assertThat(read(Map.of("endpoint", "http://localhost:4566")).elbEndpoint()).isEqualTo(URI.create("http://localhost:4566"));
  }

  @Test
  @DisplayName("reports every problem at once, without a secret's value")
  void allProblemsAtOnce() {
    assertThatThrownBy(() -> read(Map.of("region", "Europe", "endpoint", "ftp://x", "secretAccessKey", "hunter2-secret",
        "maxRetries", "9", "terminateBatch", "5000", "volumeType", "ssd", "price.t3.micro", "cheap", "regoin", "eu-west-1")))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
          assertThat(e.problems()).hasSize(8);
          assertThat(String.join("\n", e.problems())).contains("region: 'Europe'").contains("endpoint: 'ftp://x'")
              .contains("accessKeyId: is missing").contains("maxRetries").contains("terminateBatch")
              .contains("volumeType: 'ssd'").contains("price.t3.micro").contains("regoin");
          assertThat(e.getMessage()).doesNotContain("hunter2-secret");
        });
  }

  @Test
  @DisplayName("refuses a profile together with static credentials, and a session token alone")
  void conflicts() {
    assertThatThrownBy(() -> read(Map.of("profile", "prod", "accessKeyId", "AKID1", "secretAccessKey", "x")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("profile");
    assertThatThrownBy(() -> read(Map.of("sessionToken", "t")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("sessionToken");
  }

  @Test
  @DisplayName("never prints the credentials")
  void secretsHidden() {
    DriverConfig raw = DriverConfig.of("aws", Map.of("accessKeyId", "AKIDVISIBLE", "secretAccessKey", "hunter2",
        "sessionToken", "tok3n"));
    AwsDriverConfig c = AwsDriverConfig.from(raw);
    assertThat(c.toString()).doesNotContain("AKIDVISIBLE").doesNotContain("hunter2").doesNotContain("tok3n");
    assertThat(raw.toString()).doesNotContain("hunter2").doesNotContain("tok3n");
  }
}
