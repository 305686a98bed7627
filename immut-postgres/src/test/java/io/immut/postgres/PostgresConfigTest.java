package io.immut.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresConfigTest {

  @Test
  @DisplayName("toString shows neither the password nor credentials written into the URL")
  void secretsNeverShow() {
    PostgresConfig config = PostgresConfig.builder()
        .jdbcUrl("jdbc:postgresql://db.internal:5432/immut?user=immut&password=url-secret")
        .user("immut").password("field-secret").build();

    assertThat(config.toString()).doesNotContain("url-secret").doesNotContain("field-secret")
        .contains("db.internal:5432/immut", "password=****", "user=immut");
    assertThat(config.jdbcUrlShown()).doesNotContain("url-secret");
    assertThat(config.password()).contains("field-secret");
  }

  @Test
  @DisplayName("user info in a URL is masked too")
  void userInfoMasked() {
    PostgresConfig config = PostgresConfig.builder().jdbcUrl("jdbc:postgresql://immut:pw-in-url@db:5432/immut").build();

    assertThat(config.toString()).doesNotContain("pw-in-url");
  }

  @Test
  @DisplayName("build reports every invalid field at once, naming the fix")
  void everyProblemAtOnce() {
    assertThatThrownBy(() -> PostgresConfig.builder().jdbcUrl("jdbc:mysql://db/x?password=s").poolSize(0).schema("Bad-Name")
        .connectTimeout(Duration.ofMillis(10)).retryWindow(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a PostgreSQL JDBC URL")
        .hasMessageContaining("poolSize must be from 1 to 1000, got 0")
        .hasMessageContaining("schema must be a lower-case SQL identifier")
        .hasMessageContaining("connectTimeout must be at least 250 ms")
        .hasMessageContaining("retryWindow must be zero or positive")
        .message().doesNotContain("password=s");
  }

  @Test
  @DisplayName("a URL is required")
  void urlRequired() {
    assertThatThrownBy(() -> PostgresConfig.builder().build()).hasMessageContaining("jdbcUrl is required");
  }

  @Test
  @DisplayName("toBuilder keeps every field")
  void toBuilderKeepsFields() {
    PostgresConfig config = PostgresConfig.builder().jdbcUrl("jdbc:postgresql://h/d").user("u").password("p").poolSize(7)
        .schema("fleet_a").connectTimeout(Duration.ofSeconds(3)).retryWindow(Duration.ZERO).build();

    PostgresConfig copy = config.toBuilder().build();

    assertThat(copy.toString()).isEqualTo(config.toString());
    assertThat(copy.password()).contains("p");
  }

  @Test
  @DisplayName("the store's builder refuses neither or both of a configuration and a data source")
  void storeNeedsOneSource() {
    assertThatThrownBy(() -> PostgresFleetStore.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no database");
  }
}
