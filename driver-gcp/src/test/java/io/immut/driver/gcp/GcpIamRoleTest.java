package io.immut.driver.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.GenerationSpec;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.Placement;
import io.immut.driver.gcp.local.LocalGce;
import io.immut.spi.InstanceView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The custom role of docs/drivers/gcp.md is exactly what every driver operation needs. */
class GcpIamRoleTest extends AgainstLocalGce {

  static Set<String> documented() throws Exception {
    Path doc = Path.of(System.getProperty("immut.docs.dir", "../docs"), "drivers", "gcp.md");
    String text = Files.readString(doc);
    int section = text.indexOf("## Custom IAM role");
    assertThat(section).as("the custom role section of " + doc).isPositive();
    Matcher block = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertThat(block.find(section)).as("a yaml block in the custom role section").isTrue();
    Set<String> permissions = new TreeSet<>();
    Matcher item = Pattern.compile("(?m)^- ([a-zA-Z.]+)$").matcher(block.group(1));
    while (item.find()) {
      permissions.add(item.group(1));
    }
    return permissions;
  }

  /** Every driver operation, through every path that calls Compute Engine. */
  private void everyOperation() {
    driver.resolveImage(ImageRef.of("family/base-image"));
    GenerationSpec plain = spec("e2-small", "us-central1-a");
    GenerationSpec full = spec("e2-small", "us-central1-b").toBuilder()
        .userData("#!/bin/sh\necho hi\n")
        .placement(new Placement(List.of("us-central1-b"), "web-subnet", List.of("web"), "deploy:ssh-ed25519 AAAA deploy",
            "web@immut-test.iam.gserviceaccount.com", Map.of("externalIp", "true")))
        .build();
    GenerationSpec externalOnDefault = spec("e2-small", "us-central1-c").toBuilder()
        .placement(new Placement(List.of("us-central1-c"), null, List.of(), null, null, Map.of("externalIp", "true")))
        .build();
    List<InstanceView> launched = new ArrayList<>();
    launched.addAll(driver.launch(request("iam-plain", plain, 1)).instances());
    launched.addAll(driver.launch(request("iam-full", full, 1)).instances());
    launched.addAll(driver.launch(request("iam-external", externalOnDefault, 1)).instances());
    local.capacity("e2-medium", 1);
    launched.addAll(driver.launch(request("iam-short", spec("e2-medium", "us-central1-a"), 2)).instances());
    driver.list(WEB);
    local.settle();
    List<InstanceView> listed = driver.list(WEB);
    assertThat(listed).extracting(InstanceView::state).contains(io.immut.api.InstanceState.FAILED);
    List<InstanceId> ids = new ArrayList<>(ids(launched));
    Set<InstanceId> running = ids(listed.stream().filter(v -> v.state() == io.immut.api.InstanceState.RUNNING).toList());
    local.createBackendService("web");
    driver.traffic().orElseThrow().register("web", running);
    local.settle();
    driver.traffic().orElseThrow().health("web");
    driver.traffic().orElseThrow().deregister("web", running);
    driver.inspect(running.iterator().next());
    driver.inspectAll(ids);
    driver.terminate(Set.copyOf(ids));
    driver.terminate(Set.copyOf(ids));
  }

  @Test
  void theDocumentedRoleHoldsExactlyThePermissionsTheCallsNeeded() throws Exception {
    everyOperation();
    Set<String> needed = new TreeSet<>(local.permissions());

    assertThat(needed).as("permissions the calls needed").isNotEmpty();
    assertThat(documented()).as("the role of docs/drivers/gcp.md").containsExactlyInAnyOrderElementsOf(needed);
  }

  @Test
  void theLocalEndpointRecordsByMethodAndContent() {
    driver.resolveImage(ImageRef.of(LocalGce.IMAGE));
    assertThat(local.permissions()).containsExactly("compute.images.get");
  }
}
