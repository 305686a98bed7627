package io.immut.driver.aws.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The mutable resources of the local EC2: instances, volumes, images, addresses. */
final class Ec2Model {
  private Ec2Model() {}

  /** EC2's state names and codes. */
  enum State {
    PENDING("pending", 0), RUNNING("running", 16), SHUTTING_DOWN("shutting-down", 32), TERMINATED("terminated", 48),
    STOPPING("stopping", 64), STOPPED("stopped", 80);

    final String ec2Name;
    final int code;

    State(String ec2Name, int code) {
      this.ec2Name = ec2Name;
      this.code = code;
    }

    static State byName(String name) {
      for (State s : values()) {
        if (s.ec2Name.equals(name)) {
          return s;
        }
      }
      return null;
    }
  }

  /** One block device mapping of an instance. */
  record Mapping(String device, String volumeId, boolean deleteOnTermination, Instant attachTime) {}

  /** One network interface of an instance. */
  record Eni(String id, boolean deleteOnTermination, String privateIp) {}

  static final class Instance {
    String id;
    String reservationId;
    String imageId;
    String type;
    State state = State.PENDING;
    int describesUntilNextState;
    int invisibleForDescribes;
    Instant launchTime;
    String zone;
    String subnetId;
    String vpcId;
    String privateIp;
    String publicIp;
    String keyName;
    List<String> securityGroupIds = new ArrayList<>();
    String instanceProfile;
    String userData;
    String clientToken;
    String rootDeviceName;
    String rootDeviceType = "ebs";
    String httpTokens = "optional";
    /** The summary of both status checks while running: ok, impaired, initializing. */
    String statusCheck = "ok";
    String tenancy = "default";
    String placementGroup;
    int launchIndex;
    Map<String, String> tags = new LinkedHashMap<>();
    List<Mapping> mappings = new ArrayList<>();
    List<Eni> enis = new ArrayList<>();

    boolean live() {
      return state == State.PENDING || state == State.RUNNING;
    }
  }

  static final class Volume {
    String id;
    int size;
    String type;
    String zone;
    Instant createTime;
    String state = "in-use";
    String instanceId;
    String device;
    boolean deleteOnTermination;
    Map<String, String> tags = new LinkedHashMap<>();
  }

  static final class Image {
    String id;
    String name;
    String owner;
    String ownerAlias;
    String state = "available";
    String creationDate;
    String rootDeviceName = "/dev/xvda";
    int rootSize = 8;
    /** How many instance-store devices ({@code ephemeral0}, …) the image maps. */
    int ephemeral;
    Map<String, String> tags = new LinkedHashMap<>();
  }

  static final class Address {
    String allocationId;
    String associationId;
    String publicIp;
    String instanceId;
  }
}
