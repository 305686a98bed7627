package io.immut.driver.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.immut.api.GenerationSpec;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.Placement;
import io.immut.driver.azure.local.LocalArm;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceView;
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

@DisplayName("the custom role of docs/drivers/azure.md")
class RbacRoleTest {
  private static final String NSG = "/subscriptions/" + LocalArm.SUBSCRIPTION + "/resourceGroups/immut-net/providers/"
      + "Microsoft.Network/networkSecurityGroups/web";

  static JsonNode role() throws Exception {
    Path doc = Path.of(System.getProperty("immut.docs.dir", "../docs"), "drivers", "azure.md");
    String text = Files.readString(doc);
    int section = text.indexOf("## Custom role");
    Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertThat(section).as("the custom role section of " + doc).isPositive();
    assertThat(m.find(section)).as("a json block in the custom role section").isTrue();
    return new ObjectMapper().readTree(m.group(1));
  }

  static Set<String> actions(JsonNode role) {
    Set<String> actions = new TreeSet<>();
    role.get("Actions").forEach(a -> actions.add(a.asText()));
    return actions;
  }

  /** Every driver operation, through every path that calls ARM. */
  private static void everyOperation(AzureDriver driver, LocalArm arm) {
    driver.resolveImage(ImageRef.of(LocalArm.GALLERY_IMAGE));
    driver.resolveImage(ImageRef.of("Canonical:ubuntu-24_04-lts:server:latest"));
    GenerationSpec spec = Fixtures.spec().toBuilder().placement(new Placement(List.of("1"), null, List.of(NSG), null,
        null, Map.of("publicIp", "true"))).build();
    List<InstanceView> launched = new java.util.ArrayList<>(driver.launch(Fixtures.request(driver, "role", 2, spec)).instances());
    GenerationSpec identified = Fixtures.spec().toBuilder().placement(new Placement(List.of("1"), null, List.of(), null,
        Fixtures.USER_IDENTITY, Map.of())).build();
    launched.addAll(driver.launch(Fixtures.request(driver, "role-id", 1, identified)).instances());
    Set<InstanceId> ids = launched.stream().map(InstanceView::id).collect(Collectors.toSet());
    arm.settle();
    driver.list(Fixtures.WEB);
    driver.inspect(launched.get(0).id());
    driver.inspectAll(ids);
    var router = driver.traffic().orElseThrow();
    router.register(LocalArm.trafficTarget(), ids);
    router.health(LocalArm.trafficTarget());
    router.deregister(LocalArm.trafficTarget(), ids);
    driver.terminate(ids);
  }

  @Test
  @DisplayName("is a custom role with no wildcard and no data actions, assignable to a resource group")
  void shape() throws Exception {
    JsonNode role = role();
    assertThat(role.get("IsCustom").asBoolean()).isTrue();
    assertThat(role.get("DataActions")).isEmpty();
    assertThat(actions(role)).noneMatch(a -> a.contains("*"));
    assertThat(role.get("AssignableScopes").get(0).asText()).contains("/resourceGroups/");
  }

  @Test
  @DisplayName("lists every action the driver needs, and none it does not")
  void exact() throws Exception {
    Set<String> allowed = actions(role());
    try (LocalArm arm = LocalArm.start()) {
      arm.allowOnly(allowed);
      try (AzureDriver driver = LocalAzure.driver(arm)) {
        everyOperation(driver, arm);
      }
      assertThat(allowed).as("actions in the role").containsAll(arm.actions());
      assertThat(arm.actions()).as("actions the driver needed").containsAll(allowed);
    }
  }

  @Test
  @DisplayName("a missing action shows as AuthFailed, naming the action")
  void missingAction() throws Exception {
    Set<String> allowed = new TreeSet<>(actions(role()));
    allowed.remove("Microsoft.Network/networkInterfaces/read");
    try (LocalArm arm = LocalArm.start(); AzureDriver driver = LocalAzure.driver(arm)) {
      arm.allowOnly(allowed);
      driver.launch(Fixtures.request(driver, "t1", 1));
      arm.settle();
      assertThatThrownBy(() -> driver.list(Fixtures.WEB)).isInstanceOf(DriverException.AuthFailed.class)
          .hasMessageContaining("Microsoft.Network/networkInterfaces/read").hasMessageContaining("AuthorizationFailed");
    }
  }
}
