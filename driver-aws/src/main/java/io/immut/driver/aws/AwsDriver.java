package io.immut.driver.aws;

import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.spi.Capabilities;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverException;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.DriverClock;
import io.immut.spi.DriverContext;
import io.immut.spi.LaunchFailure;
import io.immut.spi.OwnershipKeys;
import io.immut.spi.PriceCatalog;
import io.immut.spi.TrafficRouter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The AWS driver: EC2 instances tagged per fleet, generation and owner, and ELBv2 target groups
 * for traffic. Open one with {@link #open(AwsDriverConfig)} (or through the {@code aws} provider),
 * or build one around SDK clients you configured yourself with
 * {@link #AwsDriver(Ec2Client, ElasticLoadBalancingV2Client, AwsDriverConfig)}.
 *
 * <p>Listings carry EC2's own status checks as the instances' health ({@code DescribeInstanceStatus},
 * unless {@code statusChecks} is off). Every AWS error is classified by {@link AwsErrors}. The SDK retries little (the
 * configuration's {@code maxRetries}), because the engine retries with backoff and adapts its rate.
 */
public final class AwsDriver implements CloudDriver {
  private static final Logger log = LoggerFactory.getLogger(AwsDriver.class);
  private static final Pattern AMI_ID = Pattern.compile("ami-[0-9a-f]{8,17}");
  private static final Duration BOOT_TIME_HINT = Duration.ofSeconds(60);
  /** EC2 keeps a RunInstances client token for at least 24 hours after its instances terminate. */
  private static final Duration TOKEN_WINDOW = Duration.ofHours(24);

  private final Ec2Client ec2;
  private final ElasticLoadBalancingV2Client elb;
  private final boolean ownsClients;
  private final AwsDriverConfig config;
  private final String region;
  private final AwsErrors errors;
  private final RecentLaunches recent;
  private final AwsPriceCatalog prices;
  private final AwsTrafficRouter traffic;
  private final InstanceInspector inspector;
  private final StatusChecks statusChecks;
  private final Map<String, String> rootDevices = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Creates a driver around ready clients. The caller keeps owning them: {@link #close()} does not
   * close them.
   *
   * @param ec2 the EC2 client
   * @param elb the ELBv2 client, or null for a driver without {@link #traffic()}
   * @param config the configuration (batch sizes, page size, prices, …; its region and credentials
   *     are the clients' business and only named in messages)
   */
  public AwsDriver(Ec2Client ec2, ElasticLoadBalancingV2Client elb, AwsDriverConfig config) {
    this(ec2, elb, config, DriverContext.system());
  }

  /**
   * Creates a driver around ready clients, on the engine's clock (its consistency window runs on
   * it). The caller keeps owning the clients.
   *
   * @param ec2 the EC2 client
   * @param elb the ELBv2 client, or null for a driver without {@link #traffic()}
   * @param config the configuration
   * @param context the engine's clock
   */
  public AwsDriver(Ec2Client ec2, ElasticLoadBalancingV2Client elb, AwsDriverConfig config, DriverContext context) {
    this(ec2, elb, config, context.clock(), false);
  }

  AwsDriver(Ec2Client ec2, ElasticLoadBalancingV2Client elb, AwsDriverConfig config, DriverClock clock, boolean ownsClients) {
    this.ec2 = Objects.requireNonNull(ec2, "ec2");
    this.elb = elb;
    this.config = Objects.requireNonNull(config, "config");
    this.ownsClients = ownsClients;
    this.region = config.region() != null ? config.region() : regionOf(ec2);
    this.errors = new AwsErrors(region);
    this.recent = new RecentLaunches(clock, config.consistencyWindow());
    this.prices = AwsPriceCatalog.forRegion(region, config.priceOverrides());
    this.traffic = elb == null ? null : new AwsTrafficRouter(elb, errors, config.targetGroup());
    this.inspector = new InstanceInspector(ec2, errors, recent);
    this.statusChecks = new StatusChecks(ec2, errors);
  }

  /**
   * Opens a driver with clients built from the configuration; {@link #close()} closes them.
   *
   * @param config the configuration
   * @param context the engine's clock
   * @return the driver
   */
  public static AwsDriver open(AwsDriverConfig config, DriverContext context) {
    SdkLogging.warnIfSecretsLogged();
    Ec2Client ec2 = AwsClients.ec2(config);
    ElasticLoadBalancingV2Client elb;
    try {
      elb = AwsClients.elb(config);
    } catch (RuntimeException e) {
      ec2.close();
      throw e;
    }
    log.info("aws driver opened for region {}{}", config.region() == null ? "(from the SDK's chain)" : config.region(),
        config.endpoint() == null ? "" : " at " + AwsDriverConfig.shown(config.endpoint()));
    return new AwsDriver(ec2, elb, config, context.clock(), true);
  }

  @Override
  public String name() {
    return AwsDriverProvider.NAME;
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.builder().maxLaunchBatch(config.launchBatch()).maxTerminateBatch(config.terminateBatch())
        .maxInspectBatch(InstanceInspector.BATCH).tagsVolumes(true).traffic(traffic != null).prices(true)
        .bootTimeHint(BOOT_TIME_HINT).tokenWindow(TOKEN_WINDOW)
        .listLag(config.listLag()).build();
  }

  /**
   * The configuration the driver was made with.
   *
   * @return the configuration
   */
  public AwsDriverConfig config() {
    return config;
  }

  // ---------------------------------------------------------------- images

  @Override
  public Image resolveImage(ImageRef ref) {
    return resolve("resolveImage", ref);
  }

  /** Resolves an image; errors name {@code operation}, the SPI call that needed the image. */
  private Image resolve(String operation, ImageRef ref) {
    String value = ref.value();
    boolean byId = AMI_ID.matcher(value).matches();
    DescribeImagesRequest request = byId
        ? DescribeImagesRequest.builder().imageIds(value).build()
        : DescribeImagesRequest.builder().owners(Arrays.stream(config.imageOwners().split(",")).map(String::trim).toList())
            .filters(filter("name", value)).build();
    List<software.amazon.awssdk.services.ec2.model.Image> found = new ArrayList<>();
    try {
      for (DescribeImagesResponse page : ec2.describeImagesPaginator(request)) {
        found.addAll(page.images());
      }
    } catch (SdkException e) {
      throw errors.map(operation, "DescribeImages", "image " + value, e);
    }
    Optional<software.amazon.awssdk.services.ec2.model.Image> newest = found.stream()
        .filter(i -> !byId || value.equals(i.imageId()))
        .max(Comparator.comparing(i -> i.creationDate() == null ? "" : i.creationDate()));
    if (newest.isEmpty()) {
      throw new DriverException.NotFound(operation, "InvalidAMIID.NotFound", "image '" + value
          + "' was not found in region " + regionName() + (byId ? "" : " among the images of " + config.imageOwners())
          + "; check the id and the region, or bake the image first", null);
    }
    software.amazon.awssdk.services.ec2.model.Image image = newest.get();
    if (image.state() != null && image.state() != ImageState.AVAILABLE && image.state() != ImageState.UNKNOWN_TO_SDK_VERSION) {
      String message = "image " + image.imageId() + " in " + regionName() + " is " + image.stateAsString();
      if (image.state() == ImageState.PENDING) {
        throw new DriverException.Transient(operation, null, message + "; it launches once available", null);
      }
      throw new DriverException.InvalidRequest(operation, null, message + "; only available images launch", null);
    }
    if (image.rootDeviceName() != null) {
      rootDevices.put(image.imageId(), image.rootDeviceName());
    }
    Map<String, String> tags = InstanceMapping.tags(image.tags());
    String version = tags.getOrDefault("version", "");
    return new Image(image.imageId(), image.name(), version, parseInstant(image.creationDate()), tags);
  }

  private String rootDeviceName(String imageId) {
    String cached = rootDevices.get(imageId);
    if (cached != null) {
      return cached;
    }
    resolve("launch", ImageRef.of(imageId));
    return rootDevices.get(imageId);
  }

  // ---------------------------------------------------------------- launch

  /**
   * {@inheritDoc} Without a cloud call: placement properties, tenancy, security group names beside a
   * subnet, {@code EXTERNAL} volumes located on EBS volumes, data volumes beyond the free devices.
   */
  @Override
  public List<io.immut.api.SpecProblem> check(io.immut.api.GenerationSpec spec) {
    return LaunchMapping.problems(spec);
  }

  /**
   * {@inheritDoc} The account and region, for the engine's fleet leases; the account is taken from
   * the configuration's profile or the region alone when unknown (no call is made for it).
   */
  @Override
  public io.immut.spi.CloudScope scope() {
    return io.immut.spi.CloudScope.shared("aws:" + regionName() + (config.endpoint() == null ? ""
        : "@" + AwsDriverConfig.shown(config.endpoint())));
  }

  @Override
  public LaunchResult launch(LaunchRequest request) {
    boolean needsRoot = request.spec().volumes().stream().anyMatch(v -> v.root() && v.device() == null);
    String root = needsRoot ? rootDeviceName(request.image().id()) : null;
    var run = LaunchMapping.runInstances(request, root, config);
    RunInstancesResponse response;
    try {
      response = ec2.runInstances(run);
    } catch (SdkException e) {
      throw errors.map("launch", "RunInstances", request.count() + " x " + request.spec().instanceType() + " of fleet "
          + request.selector().fleet(), e);
    }
    List<InstanceView> views = response.instances().stream().map(InstanceMapping::view).flatMap(java.util.Optional::stream)
        .toList();
    recent.add(views.stream().map(v -> v.id().value()).toList());
    log.info("launched {} of {} {} instances of fleet {} generation {} (token {})", views.size(), request.count(),
        request.spec().instanceType(), request.selector().fleet(), request.generationId(), request.token());
    if (views.size() < request.count()) {
      return remainder(request, run, views);
    }
    return LaunchResult.complete(request, views);
  }

  /**
   * A RunInstances with MinCount 1 that comes back short does not say why: a capacity shortage or an
   * account limit (vCPUs, instances). Ask once more for exactly the missing count (MinCount =
   * MaxCount) under a token derived from the request's, so a retried launch repeats this call too:
   * either EC2 now launches them, or it refuses all of them with the error that names the reason.
   */
  private LaunchResult remainder(LaunchRequest request, RunInstancesRequest first, List<InstanceView> launched) {
    int missing = request.count() - launched.size();
    RunInstancesRequest rest = first.toBuilder().clientToken(LaunchMapping.remainderToken(request.token()))
        .minCount(missing).maxCount(missing).build();
    List<InstanceView> more;
    try {
      more = ec2.runInstances(rest).instances().stream().map(InstanceMapping::view).flatMap(java.util.Optional::stream)
          .toList();
    } catch (SdkException e) {
      DriverException why = errors.map("launch", "RunInstances", missing + " more x " + request.spec().instanceType()
          + " of fleet " + request.selector().fleet(), e);
      LaunchFailure failure = why instanceof DriverException.QuotaExceeded
          ? LaunchFailure.quota("EC2 launched " + launched.size() + " of " + request.count() + ": " + why.getMessage())
          : LaunchFailure.capacity("EC2 launched " + launched.size() + " of " + request.count() + ": " + why.getMessage());
      if (!(why instanceof DriverException.QuotaExceeded) && !(why instanceof DriverException.CapacityUnavailable)) {
        failure = new LaunchFailure(LaunchFailure.Reason.OTHER, "EC2 launched " + launched.size() + " of "
            + request.count() + "; asking for the rest failed: " + why.getMessage());
      }
      return LaunchResult.partial(request, launched, failure);
    }
    recent.add(more.stream().map(v -> v.id().value()).toList());
    List<InstanceView> all = new ArrayList<>(launched);
    all.addAll(more);
    if (all.size() < request.count()) {
      return LaunchResult.partial(request, all, LaunchFailure.capacity("EC2 launched " + all.size() + " of "
          + request.count() + " " + request.spec().instanceType() + " instances and gave no reason"));
    }
    return LaunchResult.complete(request, all);
  }

  // ---------------------------------------------------------------- terminate

  @Override
  public void terminate(Set<InstanceId> ids) {
    List<String> all = ids.stream().map(InstanceId::value).sorted().distinct().toList();
    for (int i = 0; i < all.size(); i += config.terminateBatch()) {
      terminateBatch(all.subList(i, Math.min(all.size(), i + config.terminateBatch())));
    }
    if (!all.isEmpty()) {
      log.info("terminated {} instances", all.size());
    }
  }

  private void terminateBatch(List<String> batch) {
    try {
      ec2.terminateInstances(r -> r.instanceIds(batch));
    } catch (SdkException e) {
      if (!AwsErrors.INSTANCE_NOT_FOUND.equals(AwsErrors.code(e))) {
        throw errors.map("terminate", "TerminateInstances", batch.size() + " instances", e);
      }
      Set<String> missing = idsNamedIn(e.getMessage(), batch);
      if (recent.containsAny(missing.isEmpty() ? batch : missing)) {
        throw errors.map("terminate", "TerminateInstances", batch.size() + " instances", e, true);
      }
      if (missing.isEmpty()) {
        // EC2 did not say which ids it does not know: terminate one by one, skipping the unknown
        for (String id : batch) {
          terminateOne(id);
        }
        return;
      }
      List<String> rest = batch.stream().filter(id -> !missing.contains(id)).toList();
      log.debug("{} of {} instances are already gone: {}", missing.size(), batch.size(), missing);
      if (!rest.isEmpty()) {
        terminateBatch(rest);
      }
    }
  }

  private void terminateOne(String id) {
    try {
      ec2.terminateInstances(r -> r.instanceIds(id));
    } catch (SdkException e) {
      boolean gone = AwsErrors.INSTANCE_NOT_FOUND.equals(AwsErrors.code(e));
      if (!gone || recent.contains(id)) {
        throw errors.map("terminate", "TerminateInstances", "instance " + id, e, recent.contains(id));
      }
    }
  }

  /**
   * The ids of a batch that an EC2 message names, such as {@code The instance IDs 'i-1, i-2' do not
   * exist}; whatever the quoting (other EC2 implementations word it differently), an id counts
   * when it stands in the message on its own, not as the start of a longer id.
   */
  static Set<String> idsNamedIn(String message, List<String> batch) {
    Set<String> named = new LinkedHashSet<>();
    if (message == null) {
      return named;
    }
    for (String id : batch) {
      if (Pattern.compile(Pattern.quote(id) + "(?![0-9A-Za-z])").matcher(message).find()) {
        named.add(id);
      }
    }
    return named;
  }

  // ---------------------------------------------------------------- list

  @Override
  public List<InstanceView> list(FleetSelector selector) {
    return list(selector, EnumSet.allOf(InstanceState.class));
  }

  @Override
  public List<InstanceView> list(FleetSelector selector, Set<InstanceState> states) {
    if (states.isEmpty()) {
      return List.of();
    }
    DescribeInstancesRequest request = DescribeInstancesRequest.builder()
        .filters(filter("tag:" + OwnershipKeys.COLON.fleet(), selector.fleet()),
            filter("tag:" + OwnershipKeys.COLON.owner(), selector.owner()),
            Filter.builder().name("instance-state-name")
                .values(states.stream().sorted().map(InstanceMapping::stateName).distinct().toList()).build())
        .maxResults(config.pageSize())
        .build();
    Map<String, InstanceView> out = new LinkedHashMap<>();
    try {
      for (DescribeInstancesResponse page : ec2.describeInstancesPaginator(request)) {
        for (Reservation reservation : page.reservations()) {
          for (Instance instance : reservation.instances()) {
            // never trust the filter alone: an instance without the ownership tags is never returned
            InstanceMapping.view(instance)
                .filter(view -> view.ownership().belongsTo(selector) && states.contains(view.state()))
                .ifPresent(view -> out.putIfAbsent(instance.instanceId(), view));
          }
        }
      }
    } catch (SdkException e) {
      throw errors.map("list", "DescribeInstances", "fleet " + selector.fleet(), e);
    }
    List<InstanceView> views = List.copyOf(out.values());
    return config.statusChecks() ? statusChecks.withHealth(views, selector.fleet()) : views;
  }

  // ---------------------------------------------------------------- inspect

  @Override
  public InstanceInspection inspect(InstanceId id) {
    return inspector.inspect(id, regionName());
  }

  /**
   * {@inheritDoc} Per batch: one {@code DescribeInstances} with all the ids (repeated without the
   * ids EC2 reports as not found), {@code DescribeVolumes} and {@code DescribeAddresses} filtered by
   * at most 200 values a call, and the instance-type lookups {@link #inspect} caches.
   *
   * @throws DriverException.Transient when an instance launched moments ago is not visible yet
   */
  @Override
  public Map<InstanceId, InstanceInspection> inspectAll(Collection<InstanceId> ids) {
    return inspector.inspectAll(ids, regionName());
  }

  // ---------------------------------------------------------------- traffic, prices, close

  @Override
  public Optional<TrafficRouter> traffic() {
    return Optional.ofNullable(traffic);
  }

  @Override
  public Optional<PriceCatalog> prices() {
    return Optional.of(prices);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsClients) {
      ec2.close();
      if (elb != null) {
        elb.close();
      }
    }
  }

  @Override
  public String toString() {
    return "AwsDriver[" + regionName() + (config.endpoint() == null ? "" : ", " + AwsDriverConfig.shown(config.endpoint())) + "]";
  }

  private String regionName() {
    return region == null ? "the configured region" : region;
  }

  /** The region a ready client was built for (from the SDK's chain when the configuration named none). */
  private static String regionOf(Ec2Client ec2) {
    try {
      var r = ec2.serviceClientConfiguration().region();
      return r == null ? null : r.id();
    } catch (RuntimeException e) {
      return null;
    }
  }

  static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }

  private static Instant parseInstant(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
