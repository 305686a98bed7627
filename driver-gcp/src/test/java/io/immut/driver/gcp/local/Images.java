package io.immut.driver.gcp.local;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code Image} resources: {@code images.get} and {@code images.getFromFamily} (the newest non-deprecated image). */
final class Images {
  private final GceState state;

  Images(GceState state) {
    this.state = state;
  }

  void add(String project, String name, String family, int diskSizeGb) {
    ObjectNode image = LocalGce.JSON.createObjectNode();
    image.put("kind", "compute#image");
    image.put("id", state.nextId());
    image.put("creationTimestamp", state.timestamp());
    image.put("name", name);
    if (family != null) {
      image.put("family", family);
    }
    image.put("status", "READY");
    image.put("diskSizeGb", String.valueOf(diskSizeGb));
    image.put("architecture", "X86_64");
    image.putObject("labels").put("version", name.replaceAll(".*-", ""));
    image.put("selfLink", state.base + "/projects/" + project + "/global/images/" + name);
    state.images.put(project + "/" + name, image);
  }

  ObjectNode get(String project, String name) {
    ObjectNode image = state.images.get(project + "/" + name);
    if (image == null) {
      throw GceError.notFound("projects/" + project + "/global/images/" + name);
    }
    return image;
  }

  ObjectNode fromFamily(String project, String family) {
    ObjectNode newest = null;
    for (var e : state.images.entrySet()) {
      ObjectNode image = e.getValue();
      if (e.getKey().startsWith(project + "/") && family.equals(image.path("family").asText())
          && !image.has("deprecated")) {
        if (newest == null || image.path("creationTimestamp").asText().compareTo(newest.path("creationTimestamp").asText()) > 0) {
          newest = image;
        }
      }
    }
    if (newest == null) {
      throw GceError.notFound("projects/" + project + "/global/images/family/" + family);
    }
    return newest;
  }
}
