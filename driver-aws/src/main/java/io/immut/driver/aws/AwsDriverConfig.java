package io.immut.driver.aws;

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
 * The typed configuration of the AWS driver, read from a {@link DriverConfig} with every problem
 * reported at once.
 *
 * <table>
 *   <caption>Properties</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code region}</td><td>the SDK's region chain</td><td>the AWS region, {@code eu-west-1}</td></tr>
 *   <tr><td>{@code profile}</td><td>none</td><td>a named profile of {@code ~/.aws/credentials}</td></tr>
 *   <tr><td>{@code endpoint}</td><td>AWS's</td><td>an EC2 endpoint override (a VPC endpoint, a local EC2)</td></tr>
 *   <tr><td>{@code elbEndpoint}</td><td>{@code endpoint}</td><td>an ELBv2 endpoint override</td></tr>
 *   <tr><td>{@code accessKeyId}, {@code secretAccessKey}, {@code sessionToken}</td><td>none</td>
 *       <td>static credentials (secrets, never printed); else the SDK's default chain</td></tr>
 *   <tr><td>{@code maxRetries}</td><td>1</td><td>retries inside the SDK (0-5); the engine retries too</td></tr>
 *   <tr><td>{@code apiCallTimeout}</td><td>60s</td><td>the longest one API call may take, retries included</td></tr>
 *   <tr><td>{@code connectTimeout}</td><td>10s</td><td>the longest a connection may take</td></tr>
 *   <tr><td>{@code pageSize}</td><td>1000</td><td>{@code MaxResults} of each DescribeInstances page (5-1000)</td></tr>
 *   <tr><td>{@code launchBatch}</td><td>100</td><td>the most instances one RunInstances asks for (1-1000)</td></tr>
 *   <tr><td>{@code terminateBatch}</td><td>1000</td><td>the most ids one TerminateInstances carries (1-1000)</td></tr>
 *   <tr><td>{@code volumeType}</td><td>gp3</td><td>the EBS type of the volumes the driver creates</td></tr>
 *   <tr><td>{@code requireImdsV2}</td><td>true</td><td>launch with instance metadata tokens required</td></tr>
 *   <tr><td>{@code imageOwners}</td><td>self</td><td>owners searched when an image is given by name</td></tr>
 *   <tr><td>{@code targetGroup}</td><td>none</td><td>the target group (name or ARN) the traffic target {@code default} means</td></tr>
 *   <tr><td>{@code statusChecks}</td><td>true</td><td>read EC2's status checks as the health of listed running instances</td></tr>
 *   <tr><td>{@code consistencyWindow}</td><td>5m</td><td>how long after a launch a missing instance is taken for EC2's eventual consistency</td></tr>
 *   <tr><td>{@code listLag}</td><td>5s</td><td>the bound of {@code DescribeInstances}' eventual consistency the
 *       driver declares ({@code Capabilities.listLag()}), 0s to 5m and at most {@code consistencyWindow}</td></tr>
 *   <tr><td>{@code price.<type>}</td><td>the shipped table</td><td>an hourly price override, {@code price.t3.micro=0.0104}</td></tr>
 * </table>
 *
 * @param region the region, or null for the SDK's region chain
 * @param profile a profile name, or null
 * @param endpoint the EC2 endpoint override, or null
 * @param elbEndpoint the ELBv2 endpoint override, or null
 * @param credentials static credentials, or null for the SDK's default chain
 * @param maxRetries retries inside the SDK
 * @param apiCallTimeout the longest one API call may take
 * @param connectTimeout the longest a connection may take
 * @param pageSize the page size of listings
 * @param launchBatch the most instances one launch asks for
 * @param terminateBatch the most ids one terminate call carries
 * @param volumeType the EBS volume type
 * @param requireImdsV2 whether instances require IMDSv2 tokens
 * @param imageOwners owners searched for images given by name
 * @param targetGroup the default target group, or null
 * @param statusChecks whether listings read EC2's status checks as health
 * @param consistencyWindow how long after a launch "not found" means "not visible yet"
 * @param listLag how long after a change a listing may still not show it, as the driver declares it
 * @param priceOverrides hourly prices by instance type, over the shipped table
 */
public record AwsDriverConfig(String region, String profile, URI endpoint, URI elbEndpoint, StaticCredentials credentials,
                              int maxRetries, Duration apiCallTimeout, Duration connectTimeout, int pageSize,
                              int launchBatch, int terminateBatch, String volumeType, boolean requireImdsV2,
                              String imageOwners, String targetGroup, boolean statusChecks, Duration consistencyWindow,
                              Duration listLag, Map<String, BigDecimal> priceOverrides) {

  /** EC2's limit on the ids of one TerminateInstances call. */
  public static final int EC2_TERMINATE_LIMIT = 1000;
  /**
   * The list lag the driver declares unless told otherwise. EC2 documents no bound ("Eventual
   * consistency in the Amazon EC2 API" advises describing again with a backoff that starts at a
   * couple of seconds); a listing that has not caught up after this long is rare, and the engine
   * waits this long once at the start of every rollout.
   */
  public static final Duration DEFAULT_LIST_LAG = Duration.ofSeconds(5);
  /** The longest list lag the configuration takes: a longer one delays every rollout by as much. */
  public static final Duration MAX_LIST_LAG = Duration.ofMinutes(5);
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z0-9-]+\\.[a-z0-9-]+");
  private static final String PRICE_PREFIX = "price.";

  /** Validates and copies the fields. */
  public AwsDriverConfig {
    Objects.requireNonNull(apiCallTimeout, "apiCallTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(volumeType, "volumeType");
    Objects.requireNonNull(imageOwners, "imageOwners");
    Objects.requireNonNull(consistencyWindow, "consistencyWindow");
    Objects.requireNonNull(listLag, "listLag");
    if (listLag.isNegative() || listLag.compareTo(MAX_LIST_LAG) > 0) {
      throw new IllegalArgumentException("listLag: " + listLag + " is out of range; allowed: 0s to " + MAX_LIST_LAG);
    }
    priceOverrides = priceOverrides == null ? Map.of() : Map.copyOf(priceOverrides);
    if (elbEndpoint == null) {
      elbEndpoint = endpoint;
    }
  }

  /**
   * Static credentials. {@link #toString()} never shows the secret or the session token.
   *
   * @param accessKeyId the access key id
   * @param secretAccessKey the secret access key
   * @param sessionToken the session token of temporary credentials, or null
   */
  public record StaticCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    /** Validates the fields. */
    public StaticCredentials {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    @Override
    public String toString() {
      return "StaticCredentials[accessKeyId=****, secretAccessKey=****" + (sessionToken == null ? "" : ", sessionToken=****")
          + "]";
    }
  }

  /**
   * The defaults, for a region.
   *
   * @param region the region, or null for the SDK's chain
   * @return the configuration
   */
  public static AwsDriverConfig defaults(String region) {
    return from(DriverConfig.of("aws", region == null ? Map.of() : Map.of("region", region)));
  }

  /**
   * Reads and validates a driver configuration.
   *
   * @param config the properties
   * @return the typed configuration
   * @throws io.immut.spi.InvalidConfigException listing every problem at once
   */
  public static AwsDriverConfig from(DriverConfig config) {
    DriverConfig.Reader r = config.reader();
    String region = r.string("region", null);
    if (region != null && !REGION.matcher(region).matches()) {
      r.problem("region: '" + region + "' is not an AWS region name; allowed: a region such as us-east-1 or eu-west-1");
    }
    String profile = blankToNull(r.string("profile", null));
    URI endpoint = uri(r, "endpoint");
    URI elbEndpoint = uri(r, "elbEndpoint");
    String accessKeyId = blankToNull(r.string("accessKeyId", null));
    String secret = blankToNull(r.string("secretAccessKey", null));
    String sessionToken = blankToNull(r.string("sessionToken", null));
    StaticCredentials credentials = null;
    if ((accessKeyId == null) != (secret == null)) {
      r.problem((accessKeyId == null ? "accessKeyId" : "secretAccessKey")
          + ": is missing; static credentials need both accessKeyId and secretAccessKey (or neither, for the SDK's default chain)");
    } else if (accessKeyId != null) {
      credentials = new StaticCredentials(accessKeyId, secret, sessionToken);
    }
    if (sessionToken != null && accessKeyId == null) {
      r.problem("sessionToken: is given without accessKeyId and secretAccessKey; allowed: only together with both");
    }
    if (credentials != null && profile != null) {
      r.problem("profile: '" + profile + "' is given together with static credentials; allowed: one of them");
    }
    int maxRetries = r.integer("maxRetries", 1, 0, 5);
    Duration apiCallTimeout = r.duration("apiCallTimeout", Duration.ofSeconds(60));
    Duration connectTimeout = r.duration("connectTimeout", Duration.ofSeconds(10));
    if (apiCallTimeout.isZero()) {
      r.problem("apiCallTimeout: is 0; allowed: a positive duration such as 60s");
    }
    if (connectTimeout.isZero()) {
      r.problem("connectTimeout: is 0; allowed: a positive duration such as 10s");
    }
    int pageSize = r.integer("pageSize", 1000, 5, 1000);
    int launchBatch = r.integer("launchBatch", 100, 1, 1000);
    int terminateBatch = r.integer("terminateBatch", EC2_TERMINATE_LIMIT, 1, EC2_TERMINATE_LIMIT);
    String volumeType = r.string("volumeType", "gp3");
    if (!volumeType.matches("gp2|gp3|io1|io2|st1|sc1|standard")) {
      r.problem("volumeType: '" + volumeType + "' is not an EBS volume type; allowed: gp3, gp2, io1, io2, st1, sc1, standard");
    }
    boolean imds = r.bool("requireImdsV2", true);
    String owners = r.string("imageOwners", "self");
    if (owners.isBlank()) {
      r.problem("imageOwners: is blank; allowed: a comma-separated list such as self,amazon or an account id");
    }
    String targetGroup = blankToNull(r.string("targetGroup", null));
    boolean statusChecks = r.bool("statusChecks", true);
    Duration window = r.duration("consistencyWindow", Duration.ofMinutes(5));
    Duration listLag = r.duration("listLag", DEFAULT_LIST_LAG);
    if (listLag.compareTo(MAX_LIST_LAG) > 0) {
      r.problem("listLag: " + listLag.toSeconds() + "s is longer than the engine waits at a rollout's start; allowed: 0s to "
          + MAX_LIST_LAG.toMinutes() + "m (EC2's listings usually catch up within seconds), such as 5s");
      listLag = DEFAULT_LIST_LAG;
    } else if (listLag.compareTo(window) > 0) {
      r.problem("listLag: " + listLag.toSeconds() + "s is longer than consistencyWindow (" + window.toSeconds()
          + "s); allowed: at most consistencyWindow, since an instance not listed after that long is taken for gone");
      listLag = DEFAULT_LIST_LAG;
    }
    Map<String, BigDecimal> prices =
        r.pricesByType(PRICE_PREFIX, INSTANCE_TYPE, "an instance type", "type", "t3.micro", "0.0104");
    r.validate();
    return new AwsDriverConfig(region, profile, endpoint, elbEndpoint, credentials, maxRetries, apiCallTimeout,
        connectTimeout, pageSize, launchBatch, terminateBatch, volumeType, imds, owners.trim(), targetGroup, statusChecks, window,
        listLag, prices);
  }

  private static URI uri(DriverConfig.Reader r, String key) {
    String v = blankToNull(r.string(key, null));
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
      r.problem(key + ": '" + Redaction.scrub(v) + "' is not an endpoint; allowed: an absolute http or https URI such as https://ec2.eu-west-1.amazonaws.com");
      return null;
    }
  }

  /**
   * Shows every setting; credentials never: static credentials as {@code ****}, the user info of
   * an endpoint URL ({@code https://user:pass@host}) as {@code ****}.
   */
  @Override
  public String toString() {
    return "AwsDriverConfig[region=" + region + ", profile=" + profile + ", endpoint=" + shown(endpoint)
        + ", elbEndpoint=" + shown(elbEndpoint) + ", credentials=" + credentials + ", maxRetries=" + maxRetries
        + ", apiCallTimeout=" + apiCallTimeout + ", connectTimeout=" + connectTimeout + ", pageSize=" + pageSize
        + ", launchBatch=" + launchBatch + ", terminateBatch=" + terminateBatch + ", volumeType=" + volumeType
        + ", requireImdsV2=" + requireImdsV2 + ", imageOwners=" + imageOwners + ", targetGroup=" + targetGroup
        + ", statusChecks=" + statusChecks + ", consistencyWindow=" + consistencyWindow + ", listLag=" + listLag
        + ", priceOverrides="
        + new TreeMap<>(priceOverrides) + "]";
  }

  /**
   * An endpoint as it may be printed: without the credentials a URL may carry.
   *
   * @param endpoint the endpoint, or null
   * @return the printable form, or {@code null}
   */
  static String shown(URI endpoint) {
    return endpoint == null ? null : Redaction.scrub(endpoint.toString());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
