package io.immut.spi;

import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.SpecProblem;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The only place that knows a cloud. The engine does the thinking (retries, rate limits,
 * ordering, safety); a driver does the talking.
 *
 * <p>The contract every driver keeps (the conformance suite in {@code immut-testkit} checks it):
 * <ul>
 *   <li>Batch operations only, and <b>no operation that modifies a running instance</b>: a change
 *       is a new generation and a replacement.</li>
 *   <li>Every instance a driver launches carries the ownership tags of {@link OwnershipTags} (on
 *       its volumes too, where the cloud can tag them); {@link #list} returns only instances that
 *       carry them for the asked fleet and owner, never anything else.</li>
 *   <li>{@link #launch} is idempotent by {@link LaunchRequest#token()}: a retried request returns
 *       the instances of the first and launches nothing new.</li>
 *   <li>{@link #terminate} is idempotent: ids already gone, or unknown, are not an error.</li>
 *   <li>Failures are reported as {@link DriverException} subtypes, classified once at the edge, so
 *       the engine decides by type whether to retry, back off, shrink a batch or stop.</li>
 *   <li>Methods may be called from several threads.</li>
 * </ul>
 */
public interface CloudDriver extends AutoCloseable {

  /**
   * The driver's name, as its provider's.
   *
   * @return the name
   */
  String name();

  /**
   * What this driver can do. Must be honest: what it claims, it does.
   *
   * @return the capabilities
   */
  Capabilities capabilities();

  /**
   * Which resources this driver acts on (the account, region, subscription or project). The engine
   * gives drivers of one scope the same fleet leases. The default is shared and named after the
   * driver; a real driver names its account and region.
   *
   * @return the scope
   */
  default CloudScope scope() {
    return CloudScope.shared(name());
  }

  /**
   * Checks what only the driver can judge in a generation spec: its placement (zones, subnet,
   * groups), its driver-specific properties, its instance type's syntax. Called by {@code plan},
   * {@code check} and {@code apply} before any change; reads nothing that costs (no cloud call is
   * required, a cheap one is allowed). The paths are relative to the generation spec
   * ({@code placement.zones[0]}).
   *
   * @param spec the generation spec
   * @return every problem found, or empty
   */
  default List<SpecProblem> check(GenerationSpec spec) {
    return List.of();
  }

  /**
   * Resolves an image reference to the image's immutable metadata.
   *
   * @param ref the reference
   * @return the image
   * @throws DriverException.NotFound when no such image exists (the message names the image and
   *     where it was looked for)
   */
  Image resolveImage(ImageRef ref);

  /**
   * Launches up to {@code request.count()} instances of one generation, carrying the request's
   * ownership and labels. Idempotent by token: the same token, within the token window, returns the
   * instances launched the first time. A launch may come back short (capacity, quota): the result
   * says how many and why, and the instances that did launch are returned, never hidden. On a cloud
   * whose creation is a long-running operation, the driver returns once the cloud accepted the
   * request (instances {@link InstanceState#PROVISIONING}) and does not wait for the operation.
   *
   * @param request what to launch
   * @return the instances launched under the token
   * @throws DriverException when nothing could be launched
   */
  LaunchResult launch(LaunchRequest request);

  /**
   * Terminates instances. Idempotent: ids that are already gone, terminating or unknown are not an
   * error. The engine passes at most {@link Capabilities#maxTerminateBatch()} ids per call when that
   * is more than 1 (else the whole set); the driver splits a larger set into batches within the
   * cloud's limit.
   *
   * @param ids the instances to terminate; the engine only passes owned instances
   * @throws DriverException when the cloud refused
   */
  void terminate(Set<InstanceId> ids);

  /**
   * Lists the instances that carry the selector's fleet and owner tags, in any state but gone for
   * longer than the cloud keeps them. Never returns an instance without those tags. Reads every
   * page.
   *
   * @param selector the fleet and owner
   * @return the owned instances
   */
  List<InstanceView> list(FleetSelector selector);

  /**
   * Lists the selector's owned instances in the given states only. Clouds keep terminated
   * instances visible for a while (EC2: about an hour), so a fleet that was just replaced lists
   * twice its size; a driver whose cloud filters by state on its side overrides this to ask only
   * for what the caller needs. The default filters {@link #list(FleetSelector)}.
   *
   * @param selector the fleet and owner
   * @param states the states to return; empty returns nothing
   * @return the owned instances in those states
   */
  default List<InstanceView> list(FleetSelector selector, Set<InstanceState> states) {
    Set<InstanceState> wanted = Set.copyOf(states);
    return list(selector).stream().filter(v -> wanted.contains(v.state())).toList();
  }

  /**
   * Inspects one instance for the facts the state checks need: volumes with their
   * delete-on-termination flag, addresses, and resources bound to the instance.
   *
   * @param id the instance
   * @return what is attached to it
   * @throws DriverException.NotFound when no such instance exists
   */
  InstanceInspection inspect(InstanceId id);

  /**
   * Inspects several instances at once, in as few cloud requests as the driver can; callers pass
   * at most {@link Capabilities#maxInspectBatch()} ids. The default inspects them one by one.
   *
   * @param ids the instances
   * @return the inspection of each instance that exists; instances that do not exist (or no
   *     longer do) are absent
   */
  default Map<InstanceId, InstanceInspection> inspectAll(Collection<InstanceId> ids) {
    Map<InstanceId, InstanceInspection> out = new LinkedHashMap<>();
    for (InstanceId id : ids) {
      try {
        out.put(id, inspect(id));
      } catch (DriverException.NotFound gone) {
        // absent from the answer
      }
    }
    return out;
  }

  /**
   * The load-balancer integration, when the driver has one ({@link Capabilities#traffic()}).
   *
   * @return the traffic router, or empty
   */
  default Optional<TrafficRouter> traffic() {
    return Optional.empty();
  }

  /**
   * The price catalog, when the driver has one ({@link Capabilities#prices()}).
   *
   * @return the hourly prices, or empty
   */
  default Optional<PriceCatalog> prices() {
    return Optional.empty();
  }

  /** Releases the driver's clients. Idempotent. */
  @Override
  default void close() {}
}
