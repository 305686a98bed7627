package io.immut.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BindingSyntaxTest {

  private final StateCheck check = StateCheck.defaults();

  @ParameterizedTest
  @ValueSource(strings = {
      "redis://cache.internal:6379", "redis://cache.internal/0", "rediss://:s3cret@cache.internal:6380/2",
      "postgresql://app@db.internal:5432/app", "postgres://db.internal/app", "jdbc:postgresql://db.internal:5432/app",
      "mysql://db.internal:3306/app", "memcached://cache.internal:11211", "mongodb+srv://cluster0.example.mongodb.net/app",
      "nfs://files.internal/exports/web", "s3://my-bucket/sessions", "https://store.example.com/api",
      "amqp://mq.internal:5672/vhost", "kafka://broker.internal:9092", "custom://store.internal:7000"})
  @DisplayName("well-formed bindings raise no finding without verifyReachable")
  void wellFormed(String uri) {
    StateReport report = check.checkSpec(Specs.withBindings(Map.of("store", uri), false));

    assertThat(report.findings()).as(uri).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "cache.internal:6379", "redis://", "redis:cache", "redis://cache.internal:6379/sessions", "redis://cache.internal:0",
      "nfs://files.internal", "s3://bucket:443/x", "mongodb+srv://cluster0.example.net:27017/app",
      "postgresql://db internal:5432/app", "memcached://cache.internal:11211/x", "http://[::1"})
  @DisplayName("malformed bindings are blockers")
  void malformed(String uri) {
    StateReport report = check.checkSpec(Specs.withBindings(Map.of("store", uri), false));

    assertThat(report.blockers()).as(uri).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo(Rules.BINDING_MALFORMED);
      assertThat(f.kind()).isEqualTo(SubjectKind.BINDING);
      assertThat(f.subject()).isEqualTo("store");
      assertThat(f.remediation()).contains("URI");
    });
  }

  @Test
  @DisplayName("a malformed binding's message names the problem and an example of the scheme")
  void malformedMessage() {
    StateReport report = check.checkSpec(Specs.withBindings(Map.of("sessions", "redis://cache.internal/sessions"), false));

    Finding f = report.blockers().get(0);
    assertThat(f.message()).contains("sessions", "database number");
    assertThat(f.remediation()).contains("redis://cache.internal:6379/0");
  }

  @Test
  @DisplayName("passwords in bindings never appear in findings")
  void passwordsRedacted() {
    StateReport malformed = check.checkSpec(Specs.withBindings(
        Map.of("sessions", "redis://user:hunter2@cache.internal:6379/sessions?password=hunter2"), false));
    StateReport local = check.checkSpec(Specs.withBindings(Map.of("db", "postgresql://app:hunter2@localhost:5432/app"), false));

    assertThat(malformed.findings()).isNotEmpty();
    assertThat(malformed.toJson()).doesNotContain("hunter2").contains("***@cache.internal");
    assertThat(local.findings()).isNotEmpty();
    assertThat(local.toText()).doesNotContain("hunter2").contains("***@localhost:5432");
  }

  @ParameterizedTest
  @ValueSource(strings = {"redis://localhost:6379", "redis://127.0.0.1:6379/0", "postgresql://[::1]:5432/app",
      "file:///var/lib/app/sessions"})
  @DisplayName("a binding to the instance itself is a warning")
  void onInstance(String uri) {
    StateReport report = check.checkSpec(Specs.withBindings(Map.of("sessions", uri), false));

    assertThat(report.findings()).as(uri).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo(Rules.BINDING_ON_INSTANCE);
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
    });
  }
}
