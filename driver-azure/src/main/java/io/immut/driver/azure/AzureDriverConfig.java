package io.immut.driver.azure;

import io.immut.api.Redaction;
import io.immut.spi.DriverConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The typed configuration of the Azure driver, read from a {@link DriverConfig} with every problem
 * reported at once.
 *
 * <table>
 *   <caption>Properties</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code subscriptionId}</td><td>required</td><td>the subscription (a GUID)</td></tr>
 *   <tr><td>{@code resourceGroup}</td><td>required</td><td>the resource group the VMs live in</td></tr>
 *   <tr><td>{@code location}</td><td>required</td><td>the region, {@code westeurope}</td></tr>
 *   <tr><td>{@code subnet}</td><td>none</td><td>the subnet id used when a spec's placement names none</td></tr>
 *   <tr><td>{@code tenantId}, {@code clientId}, {@code clientSecret}</td><td>none</td>
 *       <td>a service principal (the secret is never printed); else azure-identity's default chain</td></tr>
 *   <tr><td>{@code endpoint}</td><td>{@code https://management.azure.com/}</td><td>the Resource Manager endpoint</td></tr>
 *   <tr><td>{@code maxRetries}</td><td>0</td><td>retries inside the SDK (0-1): the engine retries, on its clock</td></tr>
 *   <tr><td>{@code osType}</td><td>linux</td><td>{@code linux} or {@code windows}: the computer-name syntax and OS profile</td></tr>
 *   <tr><td>{@code adminUsername}</td><td>immut</td><td>the VMs' administrator</td></tr>
 *   <tr><td>{@code sshPublicKey}</td><td>none</td><td>the public key of Linux VMs when the placement names none</td></tr>
 *   <tr><td>{@code adminPassword}</td><td>none</td><td>the administrator password of Windows VMs (a secret)</td></tr>
 *   <tr><td>{@code diskSku}</td><td>StandardSSD_LRS</td><td>the storage type of the disks the driver creates</td></tr>
 *   <tr><td>{@code launchBatch}</td><td>20</td><td>the most VMs one launch creates (1-200)</td></tr>
 *   <tr><td>{@code concurrency}</td><td>8</td><td>how many PUTs or DELETEs one call sends at once (1-64)</td></tr>
 *   <tr><td>{@code tokenWindow}</td><td>15m</td><td>how long this process remembers a launch token after its VMs are gone</td></tr>
 *   <tr><td>{@code price.<size>}</td><td>the shipped table</td><td>an hourly price override, {@code price.Standard_B1s=0.0104}</td></tr>
 * </table>
 *
 * @param subscriptionId the subscription
 * @param resourceGroup the resource group
 * @param location the region
 * @param subnet the default subnet id, or null
 * @param servicePrincipal a service principal, or null for the default credential chain
 * @param endpoint the Resource Manager endpoint
 * @param maxRetries retries inside the SDK
 * @param windows whether VMs run Windows (15-character computer names)
 * @param adminUsername the administrator's name
 * @param sshPublicKey the default SSH public key, or null
 * @param adminPassword the Windows administrator password, or null (never printed)
 * @param diskSku the managed disk storage type
 * @param launchBatch the most VMs per launch call
 * @param concurrency requests in flight per call
 * @param tokenWindow how long a launch token is remembered in this process
 * @param priceOverrides hourly prices by VM size, over the shipped table
 */
public record AzureDriverConfig(String subscriptionId, String resourceGroup, String location, String subnet,
                                ServicePrincipal servicePrincipal, URI endpoint, int maxRetries, boolean windows,
                                String adminUsername, String sshPublicKey, String adminPassword, String diskSku,
                                int launchBatch, int concurrency, Duration tokenWindow,
                                Map<String, BigDecimal> priceOverrides) {

  /** The public cloud's Resource Manager endpoint. */
  public static final URI PUBLIC_ENDPOINT = URI.create("https://management.azure.com/");
  private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");
  private static final Pattern RESOURCE_GROUP = Pattern.compile("[-\\w._()]{0,89}[-\\w_()]");
  private static final Pattern LOCATION = Pattern.compile("[a-z][a-z0-9]{2,39}");
  private static final Pattern SUBNET = Pattern.compile(
      "(?i)/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Network/virtualNetworks/[^/]+/subnets/[^/]+");
  private static final Pattern SIZE = Pattern.compile("[A-Za-z]+_[A-Za-z0-9_-]+");
  private static final String PRICE_PREFIX = "price.";

  /** Validates and copies the fields. */
  public AzureDriverConfig {
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(resourceGroup, "resourceGroup");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(adminUsername, "adminUsername");
    Objects.requireNonNull(diskSku, "diskSku");
    Objects.requireNonNull(tokenWindow, "tokenWindow");
    priceOverrides = priceOverrides == null ? Map.of() : Map.copyOf(priceOverrides);
  }

  /**
   * A service principal's client-secret credentials. {@link #toString()} never shows the secret.
   *
   * @param tenantId the tenant
   * @param clientId the application (client) id
   * @param clientSecret the client secret
   */
  public record ServicePrincipal(String tenantId, String clientId, String clientSecret) {
    /** Validates the fields. */
    public ServicePrincipal {
      Objects.requireNonNull(tenantId, "tenantId");
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(clientSecret, "clientSecret");
    }

    @Override
    public String toString() {
      return "ServicePrincipal[tenantId=" + tenantId + ", clientId=" + clientId + ", clientSecret=****]";
    }
  }

  /**
   * Reads and validates a driver configuration.
   *
   * @param config the properties
   * @return the typed configuration
   * @throws io.immut.spi.InvalidConfigException listing every problem at once
   */
  public static AzureDriverConfig from(DriverConfig config) {
    DriverConfig.Reader r = config.reader();
    String subscription = r.required("subscriptionId");
    if (subscription != null && !GUID.matcher(subscription).matches()) {
      r.problem("subscriptionId: '" + subscription + "' is not a subscription id; allowed: a GUID such as"
          + " 00000000-0000-0000-0000-000000000000 (az account show --query id)");
    }
    String group = r.required("resourceGroup");
    if (group != null && !RESOURCE_GROUP.matcher(group).matches()) {
      r.problem("resourceGroup: '" + group + "' is not a resource group name; allowed: 1-90 letters, digits, '-', '_',"
          + " '.', '(', ')', not ending in '.'");
    }
    String location = r.required("location");
    if (location != null && !LOCATION.matcher(location).matches()) {
      r.problem("location: '" + location + "' is not an Azure region name; allowed: a name such as westeurope or eastus2"
          + " (az account list-locations)");
    }
    String subnet = blankToNull(r.string("subnet", null));
    if (subnet != null && !SUBNET.matcher(subnet).matches()) {
      r.problem("subnet: '" + subnet + "' is not a subnet id; allowed: /subscriptions/<id>/resourceGroups/<rg>/providers/"
          + "Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>");
    }
    String tenant = blankToNull(r.string("tenantId", null));
    String client = blankToNull(r.string("clientId", null));
    String secret = blankToNull(r.string("clientSecret", null));
    ServicePrincipal principal = null;
    int given = (tenant == null ? 0 : 1) + (client == null ? 0 : 1) + (secret == null ? 0 : 1);
    if (given == 3) {
      principal = new ServicePrincipal(tenant, client, secret);
    } else if (given > 0) {
      r.problem((tenant == null ? "tenantId" : client == null ? "clientId" : "clientSecret") + ": is missing; a service"
          + " principal needs tenantId, clientId and clientSecret (or none of them, for azure-identity's default chain)");
    }
    URI endpoint = uri(r);
    int maxRetries = r.integer("maxRetries", 0, 0, 1);
    String os = r.string("osType", "linux");
    if (!os.equals("linux") && !os.equals("windows")) {
      r.problem("osType: '" + os + "' is not an OS type; allowed: linux or windows");
    }
    boolean windows = os.equals("windows");
    String admin = r.string("adminUsername", "immut");
    if (!admin.matches("[A-Za-z][A-Za-z0-9_-]{0,19}") || admin.equalsIgnoreCase("admin")
        || admin.equalsIgnoreCase("administrator") || admin.equalsIgnoreCase("root")) {
      r.problem("adminUsername: '" + admin + "' is not allowed by Azure; allowed: 1-20 letters, digits, '_' or '-',"
          + " starting with a letter, not admin, administrator or root");
    }
    String ssh = blankToNull(r.string("sshPublicKey", null));
    if (ssh != null && !ssh.startsWith("ssh-") && !ssh.startsWith("ecdsa-")) {
      r.problem("sshPublicKey: is not an OpenSSH public key; allowed: the text of a .pub file, such as ssh-rsa AAAA...");
    }
    String password = blankToNull(r.string("adminPassword", null));
    if (windows && password == null) {
      r.problem("adminPassword: is missing; Windows VMs need an administrator password (a secret: pass it from a"
          + " secret store, never in a file under version control)");
    }
    String diskSku = r.string("diskSku", "StandardSSD_LRS");
    if (!diskSku.matches("Standard_LRS|StandardSSD_LRS|Premium_LRS|StandardSSD_ZRS|Premium_ZRS|PremiumV2_LRS|UltraSSD_LRS")) {
      r.problem("diskSku: '" + diskSku + "' is not a managed disk type; allowed: Standard_LRS, StandardSSD_LRS,"
          + " Premium_LRS, StandardSSD_ZRS, Premium_ZRS");
    }
    int launchBatch = r.integer("launchBatch", 20, 1, 200);
    int concurrency = r.integer("concurrency", 8, 1, 64);
    Duration window = r.duration("tokenWindow", Duration.ofMinutes(15));
    if (window.compareTo(Duration.ofMinutes(1)) < 0) {
      r.problem("tokenWindow: is " + window + "; allowed: a minute or more, such as 15m");
    }
    Map<String, BigDecimal> prices = r.pricesByType(PRICE_PREFIX, SIZE, "a VM size", "size", "Standard_B1s", "0.0104");
    r.validate();
    return new AzureDriverConfig(subscription, group, location, subnet, principal, endpoint, maxRetries, windows, admin,
        ssh, password, diskSku, launchBatch, concurrency, window, prices);
  }

  private static URI uri(DriverConfig.Reader r) {
    String v = blankToNull(r.string("endpoint", null));
    if (v == null) {
      return PUBLIC_ENDPOINT;
    }
    try {
      URI u = new URI(v.trim().endsWith("/") ? v.trim() : v.trim() + "/");
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return u;
    } catch (Exception e) {
      r.problem("endpoint: '" + Redaction.scrub(v) + "' is not an endpoint; allowed: an absolute https URI such as"
          + " https://management.usgovcloudapi.net/");
      return PUBLIC_ENDPOINT;
    }
  }

  /** The scope id: the subscription, resource group and location; never a secret. */
  String scopeId() {
    return "azure:" + subscriptionId + "/" + resourceGroup + "/" + location;
  }

  /**
   * Shows every setting; secrets never: the client secret and the administrator password as
   * {@code ****}, the user info of an endpoint URL as {@code ****}.
   */
  @Override
  public String toString() {
    return "AzureDriverConfig[subscriptionId=" + subscriptionId + ", resourceGroup=" + resourceGroup + ", location="
        + location + ", subnet=" + subnet + ", servicePrincipal=" + servicePrincipal + ", endpoint="
        + Redaction.scrub(endpoint.toString()) + ", maxRetries=" + maxRetries + ", osType="
        + (windows ? "windows" : "linux") + ", adminUsername=" + adminUsername + ", sshPublicKey="
        + (sshPublicKey == null ? null : "set") + ", adminPassword=" + (adminPassword == null ? null : "****")
        + ", diskSku=" + diskSku + ", launchBatch=" + launchBatch + ", concurrency=" + concurrency + ", tokenWindow="
        + tokenWindow + ", priceOverrides=" + new TreeMap<>(priceOverrides) + "]";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
