package io.immut.driver.gcp;

import com.google.cloud.compute.v1.Address;
import com.google.cloud.compute.v1.AddressList;
import com.google.cloud.compute.v1.AddressesClient;
import com.google.cloud.compute.v1.ListAddressesRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which external IPs of a region are reserved (static) addresses. An instance's access config
 * carries only its NAT IP, the same for a static address as for an ephemeral one; only the
 * region's {@code addresses.list} tells them apart. A static address outlives the instance (it
 * returns to {@code RESERVED}), and the replacement does not get it unless it is assigned again:
 * the state check warns of it.
 */
final class StaticAddresses {
  private StaticAddresses() {}

  /**
   * The region's external addresses in use, by IP.
   *
   * @return IP to the address's partial URL ({@code projects/P/regions/R/addresses/NAME})
   */
  static Map<String, String> inUse(AddressesClient client, String project, String region, int pageSize) {
    Map<String, String> byIp = new LinkedHashMap<>();
    String token = "";
    do {
      AddressList page;
      try {
        page = client.listCallable().call(ListAddressesRequest.newBuilder().setProject(project).setRegion(region)
            .setMaxResults(pageSize).setPageToken(token).build());
      } catch (RuntimeException e) {
        throw GcpErrors.map("inspect (addresses of " + region + ")", e);
      }
      for (Address a : page.getItemsList()) {
        boolean external = !a.hasAddressType() || a.getAddressType().equals("EXTERNAL");
        if (external && a.getStatus().equals("IN_USE") && a.hasAddress()) {
          byIp.put(a.getAddress(), a.hasSelfLink() ? InstanceMapping.partial(a.getSelfLink())
              : "projects/" + project + "/regions/" + region + "/addresses/" + a.getName());
        }
      }
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return byIp;
  }
}
