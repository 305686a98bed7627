package io.immut.driver.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.ImageRef;
import io.immut.api.Placement;
import io.immut.api.VolumeSpec;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.history.GenerationStore;
import io.immut.core.rollout.RolloutResult;
import io.immut.driver.aws.local.LocalEc2;
import io.immut.spi.DriverConfig;
import io.immut.spi.InvalidConfigException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants secrets everywhere a user can put one (static credentials, an endpoint's user info,
 * secret-named properties, a connection string, user data, placement properties), runs a rollout
 * through the real SDK against the local EC2 with DEBUG logging for immut and the SDK, provokes
 * config and cloud errors, and greps everything that was logged, thrown and {@code toString}ed.
 *
 * <p>Runs in its own surefire execution (see the pom) with DEBUG logging, except for the SDK
 * loggers docs/drivers/aws.md tells users to keep at INFO.
 */
@DisplayName("no secret in any log line, message or toString")
class SecretsNeverShowTest {
  private static final String NONCE = UUID.randomUUID().toString().substring(0, 8);
  private static final String SECRET_KEY = "pl4nted-secret-access-key-" + NONCE;
  private static final String SESSION_TOKEN = "pl4nted-session-token-" + NONCE;
  private static final String URL_USER = "pl4ntedUser" + NONCE;
  private static final String URL_PASS = "pl4ntedUrlPass" + NONCE;
  private static final String API_KEY = "pl4nted-api-key-" + NONCE;
  private static final String ACCOUNT_KEY = "pl4nted-account-key-" + NONCE;
  private static final String PWD = "pl4nted-pwd-" + NONCE;
  private static final String SAS = "pl4nted-sas-sig-" + NONCE;
  private static final String USER_DATA_SECRET = "pl4nted-user-data-" + NONCE;
  private static final String PLACEMENT_TOKEN = "pl4nted-placement-token-" + NONCE;
  private static final List<String> PLANTED = List.of(SECRET_KEY, SESSION_TOKEN, URL_USER, URL_PASS, API_KEY, ACCOUNT_KEY,
      PWD, SAS, USER_DATA_SECRET, PLACEMENT_TOKEN);

  private static final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private static PrintStream err;
  private static PrintStream out;
  private final List<String> shown = new ArrayList<>();

  @TempDir
  Path dir;

  @BeforeAll
  static void capture() {
    err = System.err;
    out = System.out;
    PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setErr(both);   // slf4j-simple writes to System.err as it is at each line
    System.setOut(both);
  }

  @AfterAll
  static void release() {
    System.setErr(err);
    System.setOut(out);
  }

  private static String withUserInfo(java.net.URI endpoint) {
    return endpoint.getScheme() + "://" + URL_USER + ":" + URL_PASS + "@" + endpoint.getHost() + ":" + endpoint.getPort() + "/";
  }

  private static Map<String, String> properties(String endpoint) {
    Map<String, String> p = new HashMap<>();
    p.put("region", LocalEc2.REGION);
    p.put("endpoint", endpoint);
    p.put("accessKeyId", LocalEc2.ACCESS_KEY);
    p.put("secretAccessKey", SECRET_KEY);
    p.put("sessionToken", SESSION_TOKEN);
    p.put("maxRetries", "0");
    return p;
  }

  private void show(Object o) {
    shown.add(String.valueOf(o));
  }

  private void show(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));   // every cause's message too, as a log of the exception would show
    shown.add(w.toString());
  }

  @Test
  void aRolloutConfigAndCloudErrorsShowNoPlantedSecret() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(org.slf4j.LoggerFactory.getLogger("io.immut").isDebugEnabled(),
        "runs in the surefire execution 'secrets', which logs at DEBUG");
    String userData = "#!/bin/sh\nexport DB_PASSWORD=" + USER_DATA_SECRET + "\n";
    try (LocalEc2 local = LocalEc2.start()) {
      local.addImage("ami-0a00000000000000a", "web-1", "123456789012", Map.of());
      DriverConfig config = DriverConfig.of("aws", properties(withUserInfo(local.endpoint())));
      show(config);
      AwsDriverConfig aws = AwsDriverConfig.from(config);
      show(aws);
      show(aws.credentials());
      try (AwsDriver driver = AwsDriver.open(aws, io.immut.spi.DriverContext.system());
           Immut immut = Immut.builder().driver(driver).clock(new VirtualClock()).owner("team-a")
               .generationStore(GenerationStore.directory(dir.resolve("history"))).lockDirectory(dir.resolve("locks"))
               .build()) {
        show(driver);
        show(immut);
        FleetSpec spec = FleetSpec.builder("web")
            .generation(GenerationSpec.builder().image("ami-0a00000000000000a").instanceType("t3.micro").userData(userData)
                .volume(VolumeSpec.root(8)).build())
            .capacity(Capacity.fixed(2)).build();
        show(spec);
        show(immut.plan(spec));
        RolloutResult result = immut.apply(spec);
        assertThat(result.outcome()).isEqualTo(RolloutResult.Outcome.COMPLETED);
        show(result);
        show(immut.status("web"));
        immut.history("web").forEach(this::show);
        assertThat(local.requests("RunInstances")).anySatisfy(r -> assertThat(r).containsKey("UserData"));
      }
    }

    // The same credentials against an endpoint nothing listens on: the SDK's error, mapped.
    AwsDriverConfig dead = AwsDriverConfig.from(DriverConfig.of("aws",
        properties("http://" + URL_USER + ":" + URL_PASS + "@127.0.0.1:1/")));
    try (AwsDriver driver = AwsDriver.open(dead, io.immut.spi.DriverContext.system())) {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> driver.resolveImage(ImageRef.of("ami-0a00000000000000a")));
      assertThat(t).isNotNull();
      show(t);
    }

    // Config problems: secret-named keys nothing reads, a broken endpoint with user info, a bad secret value.
    Map<String, String> bad = properties("ftp://" + URL_USER + ":" + URL_PASS + "@example.com/");
    bad.put("apiKey", API_KEY);
    bad.put("accountKey", ACCOUNT_KEY);
    bad.put("pwd", PWD);
    bad.put("connection", "AccountName=a;AccountKey=" + ACCOUNT_KEY + ";SharedAccessSignature=sv=1&sig=" + SAS);
    DriverConfig badConfig = DriverConfig.of("aws", bad);
    show(badConfig);
    assertThatThrownBy(() -> AwsDriverConfig.from(badConfig)).isInstanceOf(InvalidConfigException.class)
        .satisfies(this::show)
        .hasMessageContaining("apiKey: is not a property").hasMessageContaining("endpoint: 'ftp://****@example.com/'");
    DriverConfig.Reader reader = DriverConfig.of("x", Map.of("pwd", PWD, "token", SESSION_TOKEN + "s")).reader();
    reader.integer("pwd", 1, 0, 9);
    reader.duration("token", java.time.Duration.ZERO);
    assertThatThrownBy(reader::validate).satisfies(this::show).hasMessageContaining("pwd: **** is not valid");

    Placement placement = new Placement(List.of(), null, List.of(), null, null,
        Map.of("apiToken", PLACEMENT_TOKEN, "dsn", "postgres://" + URL_USER + ":" + URL_PASS + "@db/app"));
    show(placement);
    show(GenerationSpec.builder().image("ami-1").instanceType("t3.micro").userData(userData).placement(placement)
        .label("app", "web").build());

    System.err.flush();
    String logged = captured.toString(StandardCharsets.UTF_8);
    assertThat(logged).as("the run logged at INFO and above").contains("aws driver opened for region");
    assertThat(logged).as("the SDK logger at DEBUG was noticed")
        .containsPattern("WARN .*DEBUG logging is on for .*org\\.apache\\.http\\.wire.*Set them to INFO");
    assertThat(String.join("\n", shown)).contains("userData=<", "****");
    for (String secret : PLANTED) {
      assertThat(logged).as("the log").doesNotContain(secret);
      assertThat(shown).as("messages and toStrings").noneMatch(s -> s.contains(secret));
    }
  }
}
