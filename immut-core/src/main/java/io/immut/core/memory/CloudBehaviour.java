package io.immut.core.memory;

import io.immut.spi.LaunchToken;
import io.immut.spi.OwnershipKeys;
import java.time.Duration;

/**
 * Which real cloud's semantics the in-memory cloud follows, chosen with
 * {@link MemoryCloudBuilder#behaviour(CloudBehaviour)} (or the {@code memory} driver's
 * {@code behaviour} property). The engine's properties and crash tests run under every one, so
 * that its invariants hold for each cloud immut drives, not only for the one the fake resembles.
 *
 * <table>
 *   <caption>What each behaviour changes</caption>
 *   <tr><th></th><th>NEUTRAL</th><th>EC2</th><th>AZURE</th><th>GCE</th></tr>
 *   <tr><td>idempotency</td><td>token, kept forever</td><td>client token, kept forever</td>
 *     <td>resource names derived from the token; a create to an existing name answers (or updates)
 *     that VM; this account remembers tokens for the token window</td>
 *     <td>{@code requestId} kept for the token window, then the token's names: existing names
 *     answer, free names launch again</td></tr>
 *   <tr><td>instance ids</td><td>{@code i-…}</td><td>{@code i-…}</td><td>the VM's name</td>
 *     <td>{@code zone/name}</td></tr>
 *   <tr><td>ownership keys</td><td>{@code immut:…}</td><td>{@code immut:…}</td><td>{@code immut:…}</td>
 *     <td>{@code immut-…} (labels)</td></tr>
 *   <tr><td>creation</td><td>synchronous</td><td>synchronous</td>
 *     <td>long-running: {@code PROVISIONING} for the operation time, then the boot; may fail late</td>
 *     <td>zonal operations: the same, and a late failure fails the whole zone's operation</td></tr>
 *   <tr><td>after delete</td><td>listed {@code DELETED} for the retention</td>
 *     <td>listed {@code DELETED} for the retention</td><td>{@code TERMINATING} while the delete runs,
 *     then gone</td><td>gone from listings at once</td></tr>
 *   <tr><td>what a delete leaves</td><td colspan="2">volumes without delete-on-termination, static
 *     addresses</td><td>every disk, NIC and IP whose {@code deleteOption} is not {@code Delete}</td>
 *     <td>disks without {@code autoDelete}, static addresses</td></tr>
 *   <tr><td>inspections per call</td><td>1000</td><td>1000</td><td>1</td><td>50</td></tr>
 *   <tr><td>root device</td><td>{@code /dev/vda}</td><td>{@code /dev/xvda}</td><td>{@code /dev/sda}</td>
 *     <td>{@code persistent-disk-0}</td></tr>
 * </table>
 *
 * @since 0.2
 */
public enum CloudBehaviour {
  /** Cloud-neutral codes and names: no cloud's words, so that no test leans on one cloud. The default. */
  NEUTRAL(OwnershipKeys.COLON, false, 1000, null, Duration.ZERO),
  /** EC2: its error codes, device names and hour-long listing of terminated instances. */
  EC2(OwnershipKeys.COLON, false, 1000, null, Duration.ZERO),
  /**
   * Azure Resource Manager: idempotency by resource name (a PUT to an existing name updates that
   * VM), long-running creations that may fail late ({@code AllocationFailed}), deletes that leave
   * NICs, disks and IPs behind unless their {@code deleteOption} is {@code Delete}, one VM per GET.
   */
  AZURE(OwnershipKeys.COLON, true, 1, LaunchToken.NameSyntax.AZURE_LINUX, Duration.ofSeconds(20)),
  /**
   * Compute Engine: {@code requestId}s remembered for the token window only, zonal
   * {@code bulkInsert} operations that may fail late ({@code ZONE_RESOURCE_POOL_EXHAUSTED}), labels
   * in {@link OwnershipKeys#DASHED} syntax, deleted instances gone from listings at once.
   */
  GCE(OwnershipKeys.DASHED, true, 50, LaunchToken.NameSyntax.GCE, Duration.ofSeconds(15));

  private final OwnershipKeys keys;
  private final boolean lateLaunchFailures;
  private final int maxInspectBatch;
  private final LaunchToken.NameSyntax names;
  private final Duration operationTime;

  CloudBehaviour(OwnershipKeys keys, boolean lateLaunchFailures, int maxInspectBatch, LaunchToken.NameSyntax names,
                 Duration operationTime) {
    this.keys = keys;
    this.lateLaunchFailures = lateLaunchFailures;
    this.maxInspectBatch = maxInspectBatch;
    this.names = names;
    this.operationTime = operationTime;
  }

  /**
   * The keys the cloud's tags or labels carry ownership with.
   *
   * @return {@link OwnershipKeys#DASHED} for GCE, {@link OwnershipKeys#COLON} otherwise
   */
  public OwnershipKeys ownershipKeys() {
    return keys;
  }

  /**
   * Whether a launch the cloud accepted can fail later (creation is a long-running operation).
   *
   * @return true for AZURE and GCE
   */
  public boolean lateLaunchFailures() {
    return lateLaunchFailures;
  }

  /**
   * How many instances one inspection call describes.
   *
   * @return 1000 (EC2's {@code DescribeInstances}), 50 (GCE's filtered {@code instances.list}) or 1
   *     (Azure's GET of one VM)
   */
  public int maxInspectBatch() {
    return maxInspectBatch;
  }

  /**
   * Whether instances are named from their launch token (and their ids are those names).
   *
   * @return true for AZURE and GCE
   */
  public boolean namesFromToken() {
    return names != null;
  }

  /**
   * The syntax of instance names derived from a token.
   *
   * @return the syntax, or null when the cloud names no instance (NEUTRAL, EC2)
   */
  public LaunchToken.NameSyntax nameSyntax() {
    return names;
  }

  /**
   * How long a creation's operation runs before the instance boots, by default.
   *
   * @return zero for the synchronous clouds
   */
  Duration defaultOperationTime() {
    return operationTime;
  }

  /**
   * How long a launch token is remembered, by default: EC2's and the neutral cloud's for good (the
   * capability then says an hour, what the engine needs); Azure's by this account for 15 minutes
   * (the Azure driver's own memory); GCE's {@code requestId} for an hour.
   */
  Duration defaultTokenWindow() {
    return this == AZURE ? Duration.ofMinutes(15) : Duration.ofHours(1);
  }

  /** Whether a token is forgotten after its window (else kept for good). */
  boolean forgetsTokens() {
    return this == AZURE || this == GCE;
  }

  /** The cloud's error code for a kind of failure. */
  String code(FaultKind kind) {
    return switch (this) {
      case EC2 -> kind.cloudCode();
      case NEUTRAL -> switch (kind) {
        case THROTTLED -> "Throttled";
        case TRANSIENT -> "Unavailable";
        case QUOTA -> "QuotaExceeded";
        case CAPACITY -> "CapacityUnavailable";
        case NOT_FOUND -> "NotFound";
        case INVALID_REQUEST -> "InvalidRequest";
        case AUTH -> "Unauthorized";
      };
      case AZURE -> switch (kind) {
        case THROTTLED -> "TooManyRequests";
        case TRANSIENT -> "InternalServerError";
        case QUOTA -> "QuotaExceeded";
        case CAPACITY -> "SkuNotAvailable";
        case NOT_FOUND -> "ResourceNotFound";
        case INVALID_REQUEST -> "InvalidParameter";
        case AUTH -> "AuthorizationFailed";
      };
      case GCE -> switch (kind) {
        case THROTTLED -> "rateLimitExceeded";
        case TRANSIENT -> "backendError";
        case QUOTA -> "quotaExceeded";
        case CAPACITY -> "ZONE_RESOURCE_POOL_EXHAUSTED";
        case NOT_FOUND -> "notFound";
        case INVALID_REQUEST -> "invalid";
        case AUTH -> "forbidden";
      };
    };
  }

  /** The code of an unknown image. */
  String imageNotFound() {
    return switch (this) {
      case NEUTRAL -> "ImageNotFound";
      case EC2 -> "InvalidAMIID.NotFound";
      case AZURE -> "ImageNotFound";
      case GCE -> "notFound";
    };
  }

  /** The code of an unknown instance. */
  String instanceNotFound() {
    return switch (this) {
      case NEUTRAL -> "InstanceNotFound";
      case EC2 -> "InvalidInstanceID.NotFound";
      case AZURE -> "ResourceNotFound";
      case GCE -> "notFound";
    };
  }

  /** The code of a token re-sent with another request. */
  String tokenMismatch() {
    return switch (this) {
      case NEUTRAL -> "TokenMismatch";
      case EC2 -> "IdempotentParameterMismatch";
      case AZURE -> "PropertyChangeNotAllowed";
      case GCE -> "invalid";
    };
  }

  /** The code of a request over a limit. */
  String invalidParameter() {
    return switch (this) {
      case NEUTRAL -> "InvalidRequest";
      case EC2 -> "InvalidParameterValue";
      case AZURE -> "InvalidParameter";
      case GCE -> "invalid";
    };
  }

  /** The code of a creation that failed late for capacity. */
  String lateCapacityCode() {
    return this == AZURE ? "AllocationFailed" : "ZONE_RESOURCE_POOL_EXHAUSTED";
  }

  /** The device of the root volume. */
  String rootDevice() {
    return switch (this) {
      case NEUTRAL -> "/dev/vda";
      case EC2 -> "/dev/xvda";
      case AZURE -> "/dev/sda";
      case GCE -> "persistent-disk-0";
    };
  }

  /** The device of the {@code index}th volume (1 for the first after the root). */
  String dataDevice(int index) {
    int i = Math.max(1, Math.min(index, 21));
    return switch (this) {
      case NEUTRAL -> "/dev/vd" + (char) ('a' + i);
      case EC2 -> "/dev/sd" + (char) ('e' + Math.min(index, 21));
      case AZURE -> "/dev/disk/azure/scsi1/lun" + (i - 1);
      case GCE -> "persistent-disk-" + i;
    };
  }
}
