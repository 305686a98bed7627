package io.immut.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionTest {
  @TempDir
  Path dir;

  private Io io(Map<String, String> env) {
    return new Io(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        new BufferedReader(new StringReader("")), env, dir, false);
  }

  @Test
  void environmentNamesMapToPropertiesByCamelCaseAndDoubleUnderscoreDots() {
    assertThat(Connection.propertyOf("REGION")).isEqualTo("region");
    assertThat(Connection.propertyOf("BOOT_TIME")).isEqualTo("bootTime");
    assertThat(Connection.propertyOf("SUBSCRIPTION_ID")).isEqualTo("subscriptionId");
    assertThat(Connection.propertyOf("PRICE__T3__MICRO")).isEqualTo("price.t3.micro");
  }

  @Test
  void flagsOverTheEnvironmentOverTheFileOverDefaults() throws Exception {
    Files.writeString(dir.resolve("c.properties"), "driver=aws\nhistory=from-file\naws.region=eu-west-1\n"
        + "aws.profile=file\naws.endpoint=http://file\ngcp.project=other\n");
    ConnectionOptions o = new ConnectionOptions();
    o.configFile = "c.properties";
    o.config.put("endpoint", "http://flag");
    Connection c = Connection.resolve(o, io(Map.of("IMMUT_CONFIG_PROFILE", "env", "IMMUT_CONFIG_ENDPOINT", "http://env",
        "IMMUT_OWNER", "team-a")));
    assertThat(c.driver()).isEqualTo("aws");
    assertThat(c.config().properties()).containsExactlyInAnyOrderEntriesOf(Map.of("region", "eu-west-1", "profile", "env",
        "endpoint", "http://flag"));
    assertThat(c.history().shown()).isEqualTo(dir.resolve("from-file").toString());
    assertThat(c.sandbox()).isNull();

    o.driver = "sandbox";
    o.config.clear();
    Connection sandbox = Connection.resolve(o, io(Map.of("IMMUT_SANDBOX_DIR", "sb")));
    assertThat(sandbox.sandbox().path()).isEqualTo(dir.resolve("sb"));
    assertThat(sandbox.history().shown()).isEqualTo(dir.resolve("from-file").toString());
  }

  @Test
  void secretValuesAreMaskedAndNeverDescribed() {
    ConnectionOptions o = new ConnectionOptions();
    o.driver = "azure";
    o.config.put("clientSecret", "s3cr3t-value");
    o.config.put("tenantId", "t");
    Connection c = Connection.resolve(o, io(Map.of()));
    assertThat(c.describe()).doesNotContain("s3cr3t-value").contains("clientSecret=****");
    assertThat(Cli.mask("login failed with s3cr3t-value", c.secrets())).isEqualTo("login failed with ****");
  }

  @Test
  void aPostgresHistoryTakesItsUserAndPasswordFromTheEnvironmentAndNeverShowsThem() {
    ConnectionOptions o = new ConnectionOptions();
    o.history = "jdbc:postgresql://u:pw1@db/immut?password=pw2";
    Connection c = Connection.resolve(o, io(Map.of("IMMUT_HISTORY_USER", "deploy", "IMMUT_HISTORY_PASSWORD", "pw3-secret")));
    assertThat(c.history()).isInstanceOf(HistoryLocation.Jdbc.class);
    HistoryLocation.Jdbc jdbc = (HistoryLocation.Jdbc) c.history();
    assertThat(jdbc.user()).isEqualTo("deploy");
    assertThat(jdbc.password()).isEqualTo("pw3-secret");
    assertThat(c.describe() + jdbc + jdbc.shown()).doesNotContain("pw1").doesNotContain("pw2").doesNotContain("pw3-secret");
    assertThat(c.secrets()).contains("pw3-secret");
  }

  @Test
  void theConfigFileMayHoldTheHistoryAndItsCredentialsTheEnvironmentWins() throws Exception {
    Files.writeString(dir.resolve("immut.properties"), "history=jdbc:postgresql://db/immut\nhistory.user=file-user\n"
        + "history.password=file-pass\n");
    ConnectionOptions o = new ConnectionOptions();
    o.configFile = "immut.properties";
    HistoryLocation.Jdbc jdbc = (HistoryLocation.Jdbc) Connection.resolve(o, io(Map.of("IMMUT_HISTORY_USER", "env-user")))
        .history();
    assertThat(jdbc.user()).isEqualTo("env-user");
    assertThat(jdbc.password()).isEqualTo("file-pass");
  }

  @Test
  void aJdbcUrlOfAnotherDatabaseIsRefusedAtOnceWithoutItsPassword() {
    assertThatThrownBy(() -> HistoryLocation.parse("jdbc:mysql://u:pw1@db/immut?password=pw2", null, null, io(Map.of())))
        .isInstanceOf(CliException.class).hasMessageContaining("not a PostgreSQL database")
        .hasMessageContaining("jdbc:postgresql://HOST:5432/DATABASE").hasMessageNotContaining("pw1")
        .hasMessageNotContaining("pw2");
  }

  @Test
  void anUnreadableConfigFileIsOneLineWithTheFix() {
    ConnectionOptions o = new ConnectionOptions();
    o.configFile = "missing.properties";
    assertThatThrownBy(() -> Connection.resolve(o, io(Map.of()))).isInstanceOf(CliException.class)
        .hasMessageStartingWith("cannot read the config file missing.properties").hasMessageContaining("--config-file");
  }
}
