package io.immut.driver.aws.local;

import io.immut.driver.aws.local.Ec2Model.Eni;
import io.immut.driver.aws.local.Ec2Model.Instance;
import io.immut.driver.aws.local.Ec2Model.Mapping;
import io.immut.driver.aws.local.Ec2Model.State;
import java.util.Map;

/** One instance as EC2 writes it in RunInstances and DescribeInstances answers ({@code instancesSet/item}). */
final class InstanceXml {
  private static final String ACCOUNT = Ec2Service.ACCOUNT;

  private InstanceXml() {}

  static void write(Xml x, Instance i) {
    boolean gone = i.state == State.TERMINATED;
    x.open("item").el("instanceId", i.id).el("imageId", i.imageId)
        .open("instanceState").el("code", i.state.code).el("name", i.state.ec2Name).close("instanceState")
        .el("privateDnsName", gone ? "" : "ip-" + i.privateIp.replace('.', '-') + ".ec2.internal")
        .el("dnsName", i.publicIp == null || gone ? "" : "ec2-" + i.publicIp.replace('.', '-') + ".compute-1.amazonaws.com")
        .el("reason", gone ? "User initiated" : "")
        .el("keyName", i.keyName).el("amiLaunchIndex", i.launchIndex).empty("productCodes")
        .el("instanceType", i.type).el("launchTime", i.launchTime)
        .open("placement").el("availabilityZone", i.zone).el("groupName", i.placementGroup == null ? "" : i.placementGroup)
        .el("tenancy", i.tenancy).close("placement")
        .open("monitoring").el("state", "disabled").close("monitoring");
    if (!gone) {
      x.el("subnetId", i.subnetId == null ? "subnet-0000000000000000a" : i.subnetId).el("vpcId", i.vpcId)
          .el("privateIpAddress", i.privateIp).el("ipAddress", i.publicIp);
    }
    x.el("sourceDestCheck", true).open("groupSet");
    for (String g : i.securityGroupIds) {
      x.open("item").el("groupId", g).el("groupName", "group-" + g.substring(3)).close("item");
    }
    x.close("groupSet");
    if (gone) {
      x.open("stateReason").el("code", "Client.UserInitiatedShutdown")
          .el("message", "Client.UserInitiatedShutdown: User initiated shutdown").close("stateReason");
    }
    x.el("architecture", "x86_64").el("rootDeviceType", i.rootDeviceType).el("rootDeviceName", i.rootDeviceName)
        .open("blockDeviceMapping");
    if (!gone) {
      for (Mapping m : i.mappings) {
        x.open("item").el("deviceName", m.device()).open("ebs").el("volumeId", m.volumeId()).el("status", "attached")
            .el("attachTime", m.attachTime()).el("deleteOnTermination", m.deleteOnTermination()).close("ebs").close("item");
      }
    }
    x.close("blockDeviceMapping").el("virtualizationType", "hvm").el("clientToken", i.clientToken == null ? "" : i.clientToken)
        .open("tagSet");
    for (Map.Entry<String, String> t : i.tags.entrySet()) {
      x.open("item").el("key", t.getKey()).el("value", t.getValue()).close("item");
    }
    x.close("tagSet").el("hypervisor", "xen").open("networkInterfaceSet");
    if (!gone) {
      for (int n = 0; n < i.enis.size(); n++) {
        Eni e = i.enis.get(n);
        x.open("item").el("networkInterfaceId", e.id()).el("subnetId", i.subnetId).el("vpcId", i.vpcId)
            .el("description", "").el("ownerId", ACCOUNT).el("status", "in-use").el("privateIpAddress", e.privateIp())
            .el("sourceDestCheck", true).empty("groupSet")
            .open("attachment").el("attachmentId", "eni-attach-" + e.id().substring(4)).el("deviceIndex", n)
            .el("status", "attached").el("attachTime", i.launchTime).el("deleteOnTermination", e.deleteOnTermination())
            .close("attachment").close("item");
      }
    }
    x.close("networkInterfaceSet");
    if (i.instanceProfile != null) {
      String arn = i.instanceProfile.startsWith("arn:") ? i.instanceProfile
          : "arn:aws:iam::" + ACCOUNT + ":instance-profile/" + i.instanceProfile;
      x.open("iamInstanceProfile").el("arn", arn).el("id", "AIPA" + Integer.toHexString(arn.hashCode()).toUpperCase())
          .close("iamInstanceProfile");
    }
    x.el("ebsOptimized", false).open("metadataOptions").el("state", "applied").el("httpTokens", i.httpTokens)
        .el("httpPutResponseHopLimit", 2).el("httpEndpoint", "enabled").close("metadataOptions").close("item");
  }
}
