package io.immut.driver.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.immut.api.GenerationSpec;
import io.immut.api.Placement;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.LaunchToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What a launch sends: the bulkInsert bodies the local endpoint received, field by field. */
class GcpLaunchShapeTest extends AgainstLocalGce {

  private JsonNode onlyBody() {
    assertThat(local.bodies()).hasSize(1);
    return local.bodies().get(0);
  }

  @Test
  void namesComeFromTheTokenWithMinCountOneAndTheTokenUuidAsRequestId() {
    LaunchRequest request = request("t-shape", spec("e2-small", "us-central1-b"), 3);
    LaunchResult result = driver.launch(request);
    JsonNode body = onlyBody();

    List<String> names = request.token().names(3, "web", LaunchToken.NameSyntax.GCE);
    List<String> sent = new ArrayList<>();
    body.path("perInstanceProperties").fieldNames().forEachRemaining(sent::add);
    assertThat(sent).containsExactlyElementsOf(names);
    assertThat(body.path("count").asInt()).isEqualTo(3);
    assertThat(body.path("minCount").asInt()).isEqualTo(1);
    assertThat(body.has("namePattern")).isFalse();
    assertThat(result.instances()).extracting(v -> v.id().value())
        .containsExactlyElementsOf(names.stream().map(n -> "us-central1-b/" + n).toList());
    assertThat(local.calls()).contains("instances.bulkInsert zone=us-central1-b");
    assertThat(driver.launch(request).instances()).isEqualTo(result.instances());
    assertThat(local.instances()).hasSize(3);
  }

  @Test
  void aTokenWhoseNamesExistLaunchesNothingNewEvenAfterTheRequestIdsWindow() {
    LaunchRequest request = request("t-window", spec("e2-small", "us-central1-a"), 2);
    LaunchResult first = driver.launch(request);
    local.settle();
    local.forgetRequestIds();

    LaunchResult again = driver.launch(request);
    assertThat(again.isShort()).isFalse();
    assertThat(ids(again.instances())).isEqualTo(ids(first.instances()));
    assertThat(local.instances()).hasSize(2);
  }

  @Test
  void labelsDisksMetadataAndNetworkFollowTheSpec() {
    GenerationSpec spec = spec("e2-small", "us-central1-a").toBuilder().userData("#!/bin/sh\necho hi\n").build();
    driver.launch(request("t-props", spec, 1));
    JsonNode props = onlyBody().path("instanceProperties");

    assertThat(props.path("machineType").asText()).isEqualTo("e2-small");
    assertThat(props.path("labels").path("team").asText()).isEqualTo("a");
    assertThat(props.path("labels").path("immut-fleet").asText()).isEqualTo("web");
    assertThat(props.path("labels").path("immut-owner").asText()).isEqualTo("team-a");
    assertThat(props.path("labels").path("immut-generation").asText()).isEqualTo(spec.id());
    Map<String, String> autoDelete = new TreeMap<>();
    for (JsonNode d : props.path("disks")) {
      autoDelete.put(d.path("deviceName").asText(), d.path("autoDelete").asText());
      assertThat(d.path("initializeParams").path("labels").path("immut-fleet").asText()).isEqualTo("web");
    }
    assertThat(autoDelete).containsExactlyInAnyOrderEntriesOf(Map.of("root", "true", "scratch", "true"));
    JsonNode boot = props.path("disks").get(0);
    assertThat(boot.path("boot").asBoolean()).isTrue();
    assertThat(boot.path("initializeParams").path("sourceImage").asText()).isEqualTo("projects/immut-test/global/images/base-image-v1");
    assertThat(boot.path("initializeParams").path("diskSizeGb").asText()).isEqualTo("20");
    Map<String, String> metadata = new TreeMap<>();
    props.path("metadata").path("items").forEach(i -> metadata.put(i.path("key").asText(), i.path("value").asText()));
    assertThat(metadata).containsEntry("startup-script", "#!/bin/sh\necho hi\n")
        .containsEntry("immut-image", "projects/immut-test/global/images/base-image-v1");
    assertThat(props.path("networkInterfaces").get(0).path("network").asText()).isEqualTo("global/networks/default");
    assertThat(props.path("networkInterfaces").get(0).path("accessConfigs").size()).isZero();
    assertThat(props.has("serviceAccounts")).isFalse();
  }

  @Test
  void placementGivesSubnetTagsServiceAccountAndExternalIp() {
    Placement placement = new Placement(List.of("us-central1-c"), "web-subnet", List.of("web", "allow-lb"), null,
        "web@immut-test.iam.gserviceaccount.com", Map.of("externalIp", "true", "scopes", "https://www.googleapis.com/auth/logging.write"));
    GenerationSpec spec = spec("e2-small").toBuilder().placement(placement).userData("#cloud-config\nruncmd: []\n").build();
    driver.launch(request("t-placement", spec, 1));
    JsonNode props = onlyBody().path("instanceProperties");

    JsonNode nic = props.path("networkInterfaces").get(0);
    assertThat(nic.path("subnetwork").asText()).isEqualTo("regions/us-central1/subnetworks/web-subnet");
    assertThat(nic.path("accessConfigs").get(0).path("type").asText()).isEqualTo("ONE_TO_ONE_NAT");
    assertThat(props.path("tags").path("items")).extracting(JsonNode::asText).containsExactly("web", "allow-lb");
    assertThat(props.path("serviceAccounts").get(0).path("email").asText()).isEqualTo("web@immut-test.iam.gserviceaccount.com");
    assertThat(props.path("serviceAccounts").get(0).path("scopes")).extracting(JsonNode::asText)
        .containsExactly("https://www.googleapis.com/auth/logging.write");
    assertThat(props.path("metadata").path("items")).extracting(i -> i.path("key").asText()).contains("user-data");
    local.settle();
    InstanceView v = driver.list(WEB).get(0);
    assertThat(v.publicAddress()).isNotNull();
    assertThat(v.zone()).isEqualTo("us-central1-c");
  }

  @Test
  void aLaunchOverSeveralZonesSendsOneBulkInsertPerZoneWithItsOwnRequestId() {
    LaunchRequest request = request("t-spread", spec("e2-small"), 7);
    LaunchResult result = driver.launch(request);

    assertThat(local.bodies()).hasSize(3);
    assertThat(local.bodies()).extracting(b -> b.path("count").asInt()).containsExactlyInAnyOrder(3, 2, 2);
    assertThat(result.instances()).extracting(InstanceView::zone).containsOnly("us-central1-a", "us-central1-b", "us-central1-c");
    LaunchResult again = driver.launch(request);
    assertThat(again.instances()).isEqualTo(result.instances());
    local.settle();
    assertThat(local.instances()).hasSize(7);
    assertThat(ids(driver.list(WEB))).isEqualTo(ids(result.instances()));
    assertThat(Set.copyOf(local.calls())).doesNotContain("zoneOperations.wait");
  }
}
