package io.immut.driver.gcp;

import io.immut.api.Redaction;
import io.immut.spi.DriverConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The typed configuration of the GCP driver, read from a {@link DriverConfig} with every problem
 * reported at once.
 *
 * <table>
 *   <caption>Properties</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code project}</td><td>required</td><td>the project id, {@code my-project}</td></tr>
 *   <tr><td>{@code region}</td><td>required</td><td>the region, {@code europe-west1}</td></tr>
 *   <tr><td>{@code zones}</td><td>required</td><td>the zones of the region to spread instances over, {@code europe-west1-b,europe-west1-c}</td></tr>
 *   <tr><td>{@code credentialsFile}</td><td>Application Default Credentials</td><td>a service account key file</td></tr>
 *   <tr><td>{@code credentials}</td><td>{@code application-default}</td><td>{@code none} for an endpoint that takes no credentials (a local one)</td></tr>
 *   <tr><td>{@code endpoint}</td><td>Google's</td><td>an endpoint override ({@code https://compute.googleapis.com}, a local endpoint)</td></tr>
 *   <tr><td>{@code network}</td><td>{@code default}</td><td>the VPC network of instances without a subnet</td></tr>
 *   <tr><td>{@code subnetwork}</td><td>none</td><td>the subnetwork, when the placement names none</td></tr>
 *   <tr><td>{@code externalIp}</td><td>false</td><td>give each instance an ephemeral external IP</td></tr>
 *   <tr><td>{@code serviceAccount}</td><td>none</td><td>the service account email instances run as, when the placement names none</td></tr>
 *   <tr><td>{@code scopes}</td><td>{@code cloud-platform}</td><td>the OAuth scopes of that service account</td></tr>
 *   <tr><td>{@code diskType}</td><td>{@code pd-balanced}</td><td>the type of the persistent disks the driver creates</td></tr>
 *   <tr><td>{@code pageSize}</td><td>500</td><td>{@code maxResults} of each listing page (1-500)</td></tr>
 *   <tr><td>{@code launchBatch}</td><td>100</td><td>the most instances one launch asks for (1-1000)</td></tr>
 *   <tr><td>{@code terminateBatch}</td><td>500</td><td>the most ids one terminate takes (1-1000; GCE deletes one instance per call)</td></tr>
 *   <tr><td>{@code deleteConcurrency}</td><td>8</td><td>how many {@code instances.delete} calls run at once (1-64)</td></tr>
 *   <tr><td>{@code apiCallTimeout}</td><td>60s</td><td>the longest one API call may take</td></tr>
 *   <tr><td>{@code failedRetention}</td><td>60m</td><td>how long a creation that failed is listed as FAILED</td></tr>
 *   <tr><td>{@code price.<machine-type>}</td><td>the shipped table</td><td>an hourly price override, {@code price.e2-micro=0.0084}</td></tr>
 * </table>
 *
 * @param project the project id
 * @param region the region
 * @param zones the zones, in order
 * @param credentialsFile a service account key file, or null for Application Default Credentials
 * @param anonymous whether calls carry no credentials at all (a local endpoint)
 * @param endpoint the endpoint override, or null
 * @param network the network name
 * @param subnetwork the default subnetwork, or null
 * @param externalIp whether instances get an ephemeral external IP
 * @param serviceAccount the default service account email, or null
 * @param scopes the service account's scopes
 * @param diskType the persistent disk type
 * @param pageSize the page size of listings
 * @param launchBatch the most instances one launch asks for
 * @param terminateBatch the most ids one terminate call takes
 * @param deleteConcurrency how many deletes run at once
 * @param apiCallTimeout the longest one API call may take
 * @param failedRetention how long a failed creation is listed
 * @param priceOverrides hourly prices by machine type, over the shipped table
 */
public record GcpDriverConfig(String project, String region, List<String> zones, Path credentialsFile, boolean anonymous,
                              URI endpoint,
                              String network, String subnetwork, boolean externalIp, String serviceAccount,
                              List<String> scopes, String diskType, int pageSize, int launchBatch, int terminateBatch,
                              int deleteConcurrency,
                              Duration apiCallTimeout, Duration failedRetention, Map<String, BigDecimal> priceOverrides) {

  /** The longest {@code count} of one {@code bulkInsert}. */
  public static final int BULK_INSERT_LIMIT = 1000;
  private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");
  private static final Pattern REGION = Pattern.compile("[a-z]+-[a-z]+[0-9]+");
  private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
  private static final String PRICE_PREFIX = "price.";

  /** Validates and copies the fields. */
  public GcpDriverConfig {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(region, "region");
    zones = List.copyOf(zones);
    scopes = List.copyOf(scopes);
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(diskType, "diskType");
    Objects.requireNonNull(apiCallTimeout, "apiCallTimeout");
    Objects.requireNonNull(failedRetention, "failedRetention");
    priceOverrides = priceOverrides == null ? Map.of() : Map.copyOf(priceOverrides);
    if (zones.isEmpty()) {
      throw new IllegalArgumentException("at least one zone");
    }
  }

  /**
   * Reads and validates a driver configuration.
   *
   * @param config the properties
   * @return the typed configuration
   * @throws io.immut.spi.InvalidConfigException listing every problem at once
   */
  public static GcpDriverConfig from(DriverConfig config) {
    DriverConfig.Reader r = config.reader();
    String project = r.string("project", "");
    if (project.isBlank()) {
      r.problem("project: is missing; allowed: the id of the project, such as my-project-123456");
    } else if (!PROJECT.matcher(project).matches()) {
      r.problem("project: '" + project + "' is not a project id; allowed: 6-30 lower-case letters, digits or '-',"
          + " starting with a letter");
    }
    String region = r.string("region", "");
    if (region.isBlank()) {
      r.problem("region: is missing; allowed: a region such as europe-west1 or us-central1");
    } else if (!REGION.matcher(region).matches()) {
      r.problem("region: '" + region + "' is not a region name; allowed: a region such as europe-west1 or us-central1");
    }
    List<String> zones = list(r.string("zones", ""));
    if (zones.isEmpty()) {
      r.problem("zones: is missing; allowed: the zones of the region to spread instances over, such as "
          + (region.isBlank() ? "europe-west1" : region) + "-b," + (region.isBlank() ? "europe-west1" : region) + "-c");
    }
    for (String zone : zones) {
      if (!zone.matches("[a-z]+-[a-z]+[0-9]+-[a-z]") || (!region.isBlank() && !zone.startsWith(region + "-"))) {
        r.problem("zones: '" + zone + "' is not a zone of region '" + region + "'; allowed: " + region + "-a, "
            + region + "-b, ...");
      }
    }
    if (zones.size() != zones.stream().distinct().count()) {
      r.problem("zones: lists a zone twice; allowed: distinct zones");
    }
    String file = blankToNull(r.string("credentialsFile", null));
    String mode = r.string("credentials", "application-default");
    boolean anonymous = mode.equals("none");
    if (!anonymous && !mode.equals("application-default")) {
      r.problem("credentials: '" + mode + "' is not a credentials mode; allowed: application-default, or none (for a"
          + " local endpoint)");
    }
    if (anonymous && file != null) {
      r.problem("credentials: is none but credentialsFile is given; allowed: one of them");
    }
    URI endpoint = endpoint(r);
    if (anonymous && endpoint == null) {
      r.problem("credentials: is none without an endpoint; allowed: none only with an endpoint that takes no"
          + " credentials, such as a local one");
    }
    String network = r.string("network", "default");
    name(r, "network", network);
    String subnetwork = blankToNull(r.string("subnetwork", null));
    if (subnetwork != null) {
      name(r, "subnetwork", GcpNames.lastSegment(subnetwork));
    }
    boolean externalIp = r.bool("externalIp", false);
    String serviceAccount = blankToNull(r.string("serviceAccount", null));
    if (serviceAccount != null && !EMAIL.matcher(serviceAccount).matches()) {
      r.problem("serviceAccount: '" + serviceAccount + "' is not a service account email; allowed: such as"
          + " web@my-project.iam.gserviceaccount.com");
    }
    List<String> scopes = list(r.string("scopes", "https://www.googleapis.com/auth/cloud-platform"));
    String diskType = r.string("diskType", "pd-balanced");
    if (!diskType.matches("pd-standard|pd-balanced|pd-ssd|pd-extreme|hyperdisk-balanced")) {
      r.problem("diskType: '" + diskType + "' is not a disk type; allowed: pd-balanced, pd-ssd, pd-standard, pd-extreme,"
          + " hyperdisk-balanced");
    }
    int pageSize = r.integer("pageSize", 500, 1, 500);
    int launchBatch = r.integer("launchBatch", 100, 1, BULK_INSERT_LIMIT);
    int terminateBatch = r.integer("terminateBatch", 500, 1, 1000);
    int deleteConcurrency = r.integer("deleteConcurrency", 8, 1, 64);
    Duration apiCallTimeout = r.duration("apiCallTimeout", Duration.ofSeconds(60));
    if (apiCallTimeout.isZero()) {
      r.problem("apiCallTimeout: is 0; allowed: a positive duration such as 60s");
    }
    Duration failedRetention = r.duration("failedRetention", Duration.ofMinutes(60));
    Map<String, BigDecimal> prices = r.pricesByType(PRICE_PREFIX, NAME, "a machine type", "type", "e2-micro", "0.0084");
    r.validate();
    return new GcpDriverConfig(project, region, zones, file == null ? null : Path.of(file), anonymous,
        endpoint, network, subnetwork,
        externalIp, serviceAccount, scopes, diskType, pageSize, launchBatch, terminateBatch, deleteConcurrency, apiCallTimeout,
        failedRetention, prices);
  }

  private static void name(DriverConfig.Reader r, String key, String value) {
    if (!NAME.matcher(value).matches()) {
      r.problem(key + ": '" + value + "' is not a resource name; allowed: 1-63 lower-case letters, digits or '-',"
          + " starting with a letter");
    }
  }

  private static URI endpoint(DriverConfig.Reader r) {
    String v = blankToNull(r.string("endpoint", null));
    if (v == null) {
      return null;
    }
    try {
      URI u = new URI(v.trim());
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return u;
    } catch (Exception e) {
      r.problem("endpoint: '" + Redaction.scrub(v) + "' is not an endpoint; allowed: an absolute http or https URI such as"
          + " https://compute.googleapis.com");
      return null;
    }
  }

  private static List<String> list(String csv) {
    List<String> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Shows every setting; an endpoint without the credentials a URL may carry. */
  @Override
  public String toString() {
    return "GcpDriverConfig[project=" + project + ", region=" + region + ", zones=" + zones + ", credentialsFile="
        + credentialsFile + ", anonymous=" + anonymous + ", endpoint=" + (endpoint == null ? null : Redaction.scrub(endpoint.toString()))
        + ", network=" + network + ", subnetwork=" + subnetwork + ", externalIp=" + externalIp + ", serviceAccount="
        + serviceAccount + ", scopes=" + scopes + ", diskType=" + diskType + ", pageSize=" + pageSize + ", launchBatch="
        + launchBatch + ", terminateBatch=" + terminateBatch + ", deleteConcurrency=" + deleteConcurrency + ", apiCallTimeout=" + apiCallTimeout
        + ", failedRetention=" + failedRetention + ", priceOverrides=" + new TreeMap<>(priceOverrides) + "]";
  }
}
