package io.immut.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.InvalidSpecException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UserDataRulesTest {

  private final StateCheck check = StateCheck.defaults();

  private StateReport scan(String userData) {
    return check.checkSpec(Specs.withUserData(userData));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "userdata.local-database | systemctl enable --now postgresql",
      "userdata.local-database | sudo systemctl start mysqld.service",
      "userdata.local-database | service mongod start",
      "userdata.local-database | apt-get install -y nginx postgresql-15",
      "userdata.local-database | yum install -y mariadb-server",
      "userdata.local-database | pg_ctlcluster 15 main start",
      "userdata.local-database | docker run -d -p 5432:5432 postgres:16",
      "userdata.local-database | '  - mysql-server'",
      "userdata.local-database | runcmd: [ systemctl, start, postgresql ]",
      "userdata.local-cache | systemctl start redis-server",
      "userdata.local-cache | apt-get install -y memcached",
      "userdata.local-cache | /usr/bin/redis-server /etc/redis/redis.conf --daemonize yes",
      "userdata.local-cache | docker run -d redis:7",
      "userdata.db-data-dir | mkdir -p /var/lib/postgresql/16/main",
      "userdata.db-data-dir | chown -R redis /var/lib/redis",
      "userdata.db-data-dir | mongod --dbpath /data/db",
      "userdata.file-sessions | echo 'session.save_handler = files' >> /etc/php/8.2/fpm/php.ini",
      "userdata.file-sessions | echo SESSION_DRIVER=file >> /srv/app/.env",
      "userdata.file-sessions | SESSION_ENGINE = 'django.contrib.sessions.backends.file'",
      "userdata.local-queue | systemctl enable rabbitmq-server",
      "userdata.local-queue | /opt/kafka/bin/kafka-server-start.sh config/server.properties",
      "userdata.local-queue | broker_url = 'filesystem://'",
      "userdata.sqlite | sqlite3 /srv/app/app.db < schema.sql",
      "userdata.sqlite | export DATABASE_URL=sqlite:////srv/app/app.db"})
  @DisplayName("each built-in user data rule fires on a line that keeps state on the instance")
  void fires(String rule, String line) {
    StateReport report = scan("#!/bin/bash\nset -e\n" + line + "\n");

    assertThat(report.byRule(rule)).as(line).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.kind()).isEqualTo(SubjectKind.USER_DATA);
      assertThat(f.subject()).isEqualTo("userData:3");
      assertThat(f.message()).startsWith("user data line 3 (");
      assertThat(f.remediation()).isNotBlank();
    });
    assertThat(report.blocksRollout()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "systemctl start nginx",
      "apt-get install -y nginx postgresql-client redis-tools mysql-client",
      "psql postgresql://db.internal:5432/app -c 'select 1'",
      "redis-cli -h cache.internal ping",
      "echo 'session.save_handler = redis' >> /etc/php/8.2/fpm/php.ini",
      "export REDIS_URL=redis://cache.internal:6379/0",
      "# systemctl start postgresql (done by the database fleet, not here)",
      "docker run -d -p 80:80 nginx:1.25",
      "mkdir -p /var/lib/myapp/cache",
      "export DATABASE_URL=sqlite:///:memory:"})
  @DisplayName("lines that keep no state on the instance raise nothing")
  void doesNotFire(String line) {
    StateReport report = scan("#!/bin/bash\n" + line + "\n");

    assertThat(report.findings()).as(line).isEmpty();
  }

  @Test
  @DisplayName("a cloud-init file is scanned line by line, with the line of each finding")
  void cloudInitLines() {
    String cloudInit = """
        #cloud-config
        packages:
          - nginx
          - redis-server
        runcmd:
          - systemctl start nginx
          - systemctl start postgresql
        """;

    StateReport report = scan(cloudInit);

    assertThat(report.findings()).extracting(Finding::rule, Finding::subject).containsExactly(
        org.assertj.core.groups.Tuple.tuple("userdata.local-cache", "userData:4"),
        org.assertj.core.groups.Tuple.tuple("userdata.local-database", "userData:7"));
  }

  @Test
  @DisplayName("base64-encoded user data is decoded and scanned")
  void base64() {
    String encoded = Base64.getEncoder().encodeToString("#!/bin/sh\nsystemctl start mysql\n".getBytes(StandardCharsets.UTF_8));

    StateReport report = scan(encoded);

    assertThat(report.findings()).extracting(Finding::rule, Finding::subject)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("userdata.local-database", "userData:2"));
  }

  @Test
  @DisplayName("a finding shows the matched text, not the whole line (which may hold a secret)")
  void showsMatchOnly() {
    StateReport report = scan("PGPASSWORD=hunter2 pg_ctl -D /srv/pg start\n");

    assertThat(report.findings()).isNotEmpty();
    assertThat(report.toText()).doesNotContain("hunter2");
  }

  @Test
  @DisplayName("rules are data: an added rule fires; without the built-in ones only it does")
  void ownRules() {
    SmellRule search = SmellRule.warning("userdata.local-search", "systemctl\\s+start\\s+elasticsearch",
        "starts a search server on the instance: its index dies with it", "use a managed search service");
    String userData = "systemctl start elasticsearch\nsystemctl start redis\n";

    StateReport withBuiltIn = StateCheck.builder().userDataRule(search).build().checkSpec(Specs.withUserData(userData));
    StateReport onlyOwn = StateCheck.builder().withoutBuiltInUserDataRules().userDataRule(search).build()
        .checkSpec(Specs.withUserData(userData));

    assertThat(withBuiltIn.findings()).extracting(Finding::rule)
        .contains("userdata.local-search", "userdata.local-database", "userdata.local-cache");
    assertThat(onlyOwn.findings()).extracting(Finding::rule).containsExactly("userdata.local-search");
  }

  @Test
  @DisplayName("rules load from a JSON file, with their severity")
  void loadFromFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rules.json");
    Files.writeString(file, """
        [ { "id": "userdata.local-uploads", "pattern": "mkdir -p /var/www/uploads", "severity": "INFO",
            "message": "keeps uploads on the instance", "remediation": "store uploads in a bucket" } ]
        """);

    List<SmellRule> rules = SmellRule.load(file);
    StateReport report = StateCheck.builder().userDataRules(rules).build()
        .checkSpec(Specs.withUserData("mkdir -p /var/www/uploads\n"));

    assertThat(report.byRule("userdata.local-uploads")).singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
  }

  @Test
  @DisplayName("a rules file with problems is refused with every problem at once")
  void invalidRules() {
    String json = """
        [ { "id": "Bad Id", "pattern": "(", "severity": "SEVERE", "message": "m" } ]
        """;

    assertThatThrownBy(() -> SmellRule.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems())
            .extracting(p -> p.path()).containsExactlyInAnyOrder("[0].remediation", "[0].severity", "[0].pattern", "[0].id"));
  }

  @Test
  @DisplayName("the built-in rules load and each has an id, a message and a remediation")
  void builtInRules() {
    assertThat(SmellRule.builtIn()).isNotEmpty().allSatisfy(r -> {
      assertThat(r.id()).startsWith("userdata.");
      assertThat(r.message()).isNotBlank();
      assertThat(r.remediation()).isNotBlank();
    });
    assertThat(SmellRule.builtIn()).extracting(SmellRule::id).contains("userdata.local-database", "userdata.local-cache",
        "userdata.db-data-dir", "userdata.file-sessions", "userdata.local-queue", "userdata.sqlite");
  }

  @Test
  @DisplayName("user data findings can be acknowledged for the whole user data")
  void acknowledged() {
    var spec = Specs.fleet(Specs.generation().userData("systemctl start redis\n").build(),
        new io.immut.api.StatePolicy(java.util.Map.of(), false, List.of(Specs.ack("userdata.local-cache", "userData"))));

    assertThat(check.checkSpec(spec).findings()).singleElement().satisfies(f -> assertThat(f.acknowledged()).isTrue());
  }
}
