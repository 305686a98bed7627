package io.immut.driver.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.immut.api.GenerationSpec;
import io.immut.api.InstanceId;
import io.immut.api.Placement;
import io.immut.driver.aws.local.LocalEc2;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceView;
import io.immut.spi.TrafficRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the IAM policy of docs/drivers/aws.md")
class IamPolicyTest {
  /** Permissions EC2 checks without a call of that name: tags on launch, passing the instance role. */
  private static final Set<String> IMPLIED = Set.of("ec2:CreateTags", "iam:PassRole");

  static JsonNode policy() throws Exception {
    Path doc = Path.of(System.getProperty("immut.docs.dir", "../docs"), "drivers", "aws.md");
    String text = Files.readString(doc);
    int section = text.indexOf("## IAM policy");
    Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertThat(section).as("the IAM policy section of " + doc).isPositive();
    assertThat(m.find(section)).as("a json block in the IAM policy section").isTrue();
    return new ObjectMapper().readTree(m.group(1));
  }

  static Set<String> actions(JsonNode policy) {
    Set<String> actions = new TreeSet<>();
    for (JsonNode statement : policy.get("Statement")) {
      assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
      JsonNode a = statement.get("Action");
      if (a.isArray()) {
        a.forEach(x -> actions.add(x.asText()));
      } else {
        actions.add(a.asText());
      }
    }
    return actions;
  }

  /** Every driver operation, through every path that calls AWS. */
  private static void everyOperation(AwsDriver driver, LocalEc2 local) {
    GenerationSpec spec = Fixtures.spec().toBuilder().instanceType("m5d.large").placement(new Placement(List.of(),
        "subnet-0abc", List.of("sg-0001"), "deploy-key", "web-profile", Map.of())).build();
    List<InstanceView> launched = driver.launch(Fixtures.request(driver, "policy", 2, spec)).instances();
    Set<InstanceId> ids = launched.stream().map(InstanceView::id).collect(Collectors.toSet());
    local.settle();
    driver.list(Fixtures.WEB);
    local.associateAddress(launched.get(0).id().value(), "198.51.100.9");
    driver.inspect(launched.get(0).id());
    TrafficRouter router = driver.traffic().orElseThrow();
    router.register("web-tg", ids);
    router.health("web-tg");
    router.deregister("web-tg", ids);
    driver.terminate(ids);
  }

  @Test
  @DisplayName("is valid JSON that scopes launches and terminations to the owner's tags")
  void ownerScoped() throws Exception {
    JsonNode policy = policy();
    assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
    String text = policy.toString();
    assertThat(text).contains("aws:RequestTag/immut:owner").contains("aws:ResourceTag/immut:owner")
        .contains("ec2:CreateAction");
  }

  @Test
  @DisplayName("lists every action the driver calls, and none it does not")
  void exact() throws Exception {
    Set<String> allowed = actions(policy());
    try (LocalEc2 local = LocalEc2.start()) {
      local.createTargetGroup("web-tg");
      local.allowOnly(allowed);
      try (AwsDriver driver = LocalAws.driver(local)) {
        everyOperation(driver, local);
      }
      Set<String> called = new TreeSet<>(local.calls());
      assertThat(allowed).containsAll(called);
      Set<String> unused = new TreeSet<>(allowed);
      unused.removeAll(called);
      assertThat(unused).as("actions in the policy that the driver never calls").isEqualTo(new TreeSet<>(IMPLIED));
    }
  }

  @Test
  @DisplayName("a missing permission shows as AuthFailed, naming the action")
  void missingPermission() throws Exception {
    Set<String> allowed = new TreeSet<>(actions(policy()));
    allowed.remove("ec2:DescribeAddresses");
    try (LocalEc2 local = LocalEc2.start(); AwsDriver driver = LocalAws.driver(local)) {
      local.allowOnly(allowed);
      InstanceId id = driver.launch(Fixtures.request(driver, "t1", 1)).instances().get(0).id();
      local.settle();
      assertThatThrownBy(() -> driver.inspect(id)).isInstanceOf(DriverException.AuthFailed.class)
          .hasMessageContaining("DescribeAddresses").hasMessageContaining("UnauthorizedOperation");
    }
  }
}
