package io.immut.driver.gcp.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The IAM permissions Compute Engine checks for a call: the method's own (the reference's "IAM
 * Permissions" section) and those the request's content needs (a disk from an image, labels,
 * metadata, network tags, a subnetwork, an external IP, a service account).
 */
final class Permissions {
  private Permissions() {}

  static Set<String> of(String method, JsonNode body) {
    Set<String> p = new LinkedHashSet<>();
    switch (method) {
      case "instances.bulkInsert" -> bulkInsert(body.path("instanceProperties"), p);
      case "instances.list", "instances.aggregatedList" -> p.add("compute.instances.list");
      case "instances.get" -> p.add("compute.instances.get");
      case "instances.delete" -> p.add("compute.instances.delete");
      case "zoneOperations.get", "zoneOperations.wait" -> p.add("compute.zoneOperations.get");
      case "images.get" -> p.add("compute.images.get");
      case "addresses.list" -> p.add("compute.addresses.list");
      case "images.getFromFamily" -> p.add("compute.images.getFromFamily");
      case "backendServices.get", "backendServices.getHealth" -> p.add("compute.backendServices.get");
      case "instanceGroups.addInstances" -> {
        p.add("compute.instanceGroups.update");
        p.add("compute.instances.use");
      }
      case "instanceGroups.removeInstances" -> p.add("compute.instanceGroups.update");
      case "instanceGroups.listInstances" -> p.add("compute.instanceGroups.list");
      default -> { }
    }
    return p;
  }

  private static void bulkInsert(JsonNode props, Set<String> p) {
    p.add("compute.instances.create");
    for (JsonNode disk : props.path("disks")) {
      p.add("compute.disks.create");
      if (disk.path("initializeParams").has("sourceImage")) {
        p.add("compute.images.useReadOnly");
      }
      if (disk.path("initializeParams").has("labels")) {
        p.add("compute.disks.setLabels");
      }
    }
    if (props.path("metadata").path("items").size() > 0) {
      p.add("compute.instances.setMetadata");
    }
    if (props.path("labels").size() > 0) {
      p.add("compute.instances.setLabels");
    }
    if (props.path("tags").path("items").size() > 0) {
      p.add("compute.instances.setTags");
    }
    for (JsonNode nic : props.path("networkInterfaces")) {
      boolean external = nic.path("accessConfigs").size() > 0;
      if (nic.has("subnetwork")) {
        p.add("compute.subnetworks.use");
        if (external) {
          p.add("compute.subnetworks.useExternalIp");
        }
      } else {
        p.add("compute.networks.use");
        if (external) {
          p.add("compute.networks.useExternalIp");
        }
      }
    }
    if (props.path("serviceAccounts").size() > 0) {
      p.add("compute.instances.setServiceAccount");
      p.add("iam.serviceAccounts.actAs");
    }
  }
}
