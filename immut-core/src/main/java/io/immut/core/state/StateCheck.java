package io.immut.core.state;

import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.ImageRef;
import io.immut.api.InstanceState;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverException;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the state that a replacement would destroy, before the replacement: data volumes deleted
 * with their instance, state stores that are unreachable or on the instance itself, databases and
 * sessions kept on the instance by its user data, and addresses or resources bound to live
 * instances.
 *
 * <pre>{@code
 * StateReport report = StateCheck.defaults().checkSpec(spec);
 * if (report.blocksRollout()) {
 *   System.err.println(report.toText());
 * }
 * }</pre>
 *
 * <p>Every finding names a stable rule id ({@link Rules}, {@code userdata.*}); a finding that the
 * spec's {@link io.immut.api.StatePolicy#acknowledgements() state policy} acknowledges (same rule,
 * subject or {@code *}) is reported as acknowledged and does not block. Instances are immutable
 * and thread-safe.
 */
public final class StateCheck {

  /**
   * The tag a driver may put on each volume it creates, with the volume's name in the spec, so that
   * the instance rules can tell which spec volume an attached volume is. Without it, volumes are
   * matched by device, then by size.
   */
  public static final String VOLUME_TAG = "immut:volume";

  /** The default time a probe waits to connect, and then for the greeting. */
  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(StateCheck.class);
  private static final StateCheck DEFAULTS = builder().build();

  private final List<SmellRule> userDataRules;
  private final Duration probeTimeout;
  private final boolean probeLoopback;

  private StateCheck(Builder b) {
    this.userDataRules = List.copyOf(b.rules);
    this.probeTimeout = b.probeTimeout;
    this.probeLoopback = b.probeLoopback;
  }

  /**
   * The built-in rules: every spec and instance rule, the built-in user data rules, probes with a
   * two-second timeout.
   *
   * @return the default check
   */
  public static StateCheck defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a builder holding the built-in rules.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The user data rules this check applies.
   *
   * @return the rules, built-in ones first
   */
  public List<SmellRule> userDataRules() {
    return userDataRules;
  }

  /**
   * How long a probe waits to connect, and then for the greeting.
   *
   * @return the probe timeout
   */
  public Duration probeTimeout() {
    return probeTimeout;
  }

  /**
   * Checks a fleet spec without any cloud call: volumes, state bindings and user data. When the
   * state policy says {@code verifyReachable}, each binding (and each EXTERNAL volume location with
   * a host) is probed over TCP, one after the other, each within the probe timeout.
   *
   * @param spec the fleet spec
   * @return the findings, with the policy's acknowledgements applied
   */
  public StateReport checkSpec(FleetSpec spec) {
    Objects.requireNonNull(spec, "spec");
    boolean probe = spec.state().verifyReachable();
    List<Finding> findings = new ArrayList<>();
    findings.addAll(SpecRules.volumes(spec));
    findings.addAll(SpecRules.externalLocations(spec, probe, probeTimeout, probeLoopback));
    findings.addAll(SpecRules.bindings(spec, probe, probeTimeout, probeLoopback));
    findings.addAll(UserDataScan.scan(spec.generation().userData(), userDataRules));
    StateReport report = new StateReport(new Acknowledgements(spec.state()).apply(findings));
    LOG.debug("state check of fleet '{}' spec: {}", spec.name(), report.summary());
    return report;
  }

  /**
   * Checks live instances before they are terminated: each is {@linkplain CloudDriver#inspect
   * inspected}, and its volumes are judged by the applied spec's generation (see
   * {@link #checkInstances(FleetSpec, CloudDriver, Collection, Function)} to judge each by its own).
   *
   * @param spec the fleet spec being applied
   * @param driver the driver to inspect with
   * @param instances the instances that are about to be terminated
   * @return the findings, with the policy's acknowledgements applied
   * @throws DriverException when an inspection fails for another reason than a gone instance
   */
  public StateReport checkInstances(FleetSpec spec, CloudDriver driver, Collection<InstanceView> instances) {
    return checkInstances(spec, driver, instances, generationId -> Optional.empty());
  }

  /**
   * Checks live instances before they are terminated, each against the generation spec it was
   * launched from. Every instance is inspected, with one {@link CloudDriver#inspectAll} call per
   * batch of the driver's {@link io.immut.spi.Capabilities#maxInspectBatch()} (its default inspects
   * one by one); through the engine's executor the calls overlap, and all of them are in before the
   * report is made. Each is judged against the spec that {@code generations} finds by its
   * generation id (from the generation history); when it cannot, the applied spec's generation is used. Instances that are already gone, or
   * that the cloud no longer knows, are skipped: there is nothing left to lose.
   *
   * @param spec the fleet spec being applied
   * @param driver the driver to inspect with
   * @param instances the instances that are about to be terminated
   * @param generations the generation spec of a generation id, when known
   * @return the findings, with the policy's acknowledgements applied
   * @throws DriverException when an inspection fails for another reason than a gone instance
   */
  public StateReport checkInstances(FleetSpec spec, CloudDriver driver, Collection<InstanceView> instances,
                                    Function<String, Optional<GenerationSpec>> generations) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(generations, "generations");
    Acknowledgements ack = new Acknowledgements(spec.state());
    Map<ImageRef, Optional<String>> images = new HashMap<>();
    List<Finding> findings = new ArrayList<>();
    int batch = Math.max(1, driver.capabilities().maxInspectBatch());
    List<InstanceView> live = instances.stream().filter(v -> !v.state().isGone()).toList();
    // Every inspection is in before any finding is judged, and the caller changes nothing before
    // the report: batches of the driver's size, each one inspectAll call (the engine's retrying
    // view takes them all at once and overlaps its calls).
    for (int from = 0; from < live.size(); from += batch) {
      List<InstanceView> chunk = live.subList(from, Math.min(live.size(), from + batch));
      Map<io.immut.api.InstanceId, InstanceInspection> inspected = driver.inspectAll(chunk.stream().map(InstanceView::id).toList());
      for (InstanceView view : chunk) {
        InstanceInspection facts = inspected.get(view.id());
        if (facts != null) {
          findings.addAll(check(spec, driver, view, facts, generations, images, ack));
        }
      }
    }
    StateReport report = new StateReport(ack.apply(findings));
    LOG.debug("state check of {} instance(s) of fleet '{}': {}", instances.size(), spec.name(), report.summary());
    return report;
  }

  private List<Finding> check(FleetSpec spec, CloudDriver driver, InstanceView view, InstanceInspection facts,
                              Function<String, Optional<GenerationSpec>> generations, Map<ImageRef, Optional<String>> images,
                              Acknowledgements ack) {
    GenerationSpec gen = spec.generationId().equals(view.generationId()) ? spec.generation()
        : Optional.ofNullable(view.generationId()).flatMap(generations).orElse(spec.generation());
    String expectedImage = expectedImageId(driver, gen.image(), facts.imageId(), images);
    return InstanceRules.check(view, facts, gen, expectedImage, ack);
  }

  /**
   * Everything a rollout of {@code spec} must know before it changes anything: the spec's findings
   * followed by those of the live instances it would replace ({@link #replacedBy}). The engine
   * runs this before a rollout's first cloud change, and in a plan.
   *
   * @param spec the fleet spec being applied
   * @param driver the driver to inspect with
   * @param selector the fleet and owner
   * @param observed the fleet's instances as listed now
   * @param targetImageId the resolved image id of the spec's generation, or null when unknown
   * @param generations the generation spec of a generation id, when the history knows it
   * @return the combined report, with the policy's acknowledgements applied
   * @throws DriverException when an inspection fails for another reason than a gone instance
   */
  public StateReport checkRollout(FleetSpec spec, CloudDriver driver, FleetSelector selector, Collection<InstanceView> observed,
                                  String targetImageId, Function<String, Optional<GenerationSpec>> generations) {
    return checkSpec(spec).merge(checkInstances(spec, driver, replacedBy(spec, selector, targetImageId, observed), generations));
  }

  /**
   * The instances a rollout of {@code spec} would terminate: the fleet's owned instances that are
   * not gone and either belong to another generation or drifted from the spec's (another instance
   * type or image, or stopped).
   *
   * @param spec the fleet spec being applied
   * @param selector the fleet and owner
   * @param targetImageId the resolved image id of the spec's generation, or null when unknown
   * @param observed the fleet's instances as listed now
   * @return the instances to be replaced, in the order given
   */
  public static List<InstanceView> replacedBy(FleetSpec spec, FleetSelector selector, String targetImageId,
                                              Collection<InstanceView> observed) {
    String target = spec.generationId();
    List<InstanceView> out = new ArrayList<>();
    for (InstanceView v : observed) {
      if (!v.ownership().belongsTo(selector) || v.state().isGone()) {
        continue;
      }
      boolean drifted = v.state() == InstanceState.STOPPED || v.state() == InstanceState.STOPPING
          || v.instanceType() != null && !v.instanceType().equals(spec.generation().instanceType())
          || targetImageId != null && v.imageId() != null && !v.imageId().equals(targetImageId);
      if (!target.equals(v.generationId()) || drifted) {
        out.add(v);
      }
    }
    return out;
  }

  private static String expectedImageId(CloudDriver driver, ImageRef ref, String actual, Map<ImageRef, Optional<String>> cache) {
    if (actual == null || actual.equals(ref.value())) {
      return ref.value();
    }
    return cache.computeIfAbsent(ref, r -> {
      try {
        return Optional.of(driver.resolveImage(r).id());
      } catch (DriverException e) {
        LOG.debug("cannot resolve image {} to compare it with instances: {}", r, e.getMessage());
        return Optional.empty();
      }
    }).orElse(null);
  }

  /** A builder of {@link StateCheck}; starts with the built-in user data rules. */
  public static final class Builder {
    private final List<SmellRule> rules = new ArrayList<>(SmellRule.builtIn());
    private Duration probeTimeout = DEFAULT_PROBE_TIMEOUT;
    private boolean probeLoopback;

    private Builder() {}

    /**
     * Whether bindings to a loopback address ({@code localhost}, {@code 127.0.0.1}) are probed too.
     * By default they are not: such a binding names the instance itself, which the controller
     * cannot reach, and it is reported as {@code binding.on-instance}. Turn it on when the
     * controller and the stores share one host (local development, tests).
     *
     * @param probe true to probe loopback bindings
     * @return this builder
     */
    public Builder probeLoopback(boolean probe) {
      this.probeLoopback = probe;
      return this;
    }

    /**
     * Adds a user data rule.
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder userDataRule(SmellRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Adds user data rules, such as those of {@link SmellRule#load(java.nio.file.Path)}.
     *
     * @param more the rules
     * @return this builder
     */
    public Builder userDataRules(Collection<SmellRule> more) {
      more.forEach(this::userDataRule);
      return this;
    }

    /**
     * Drops the built-in user data rules (and any added so far), to use only one's own.
     *
     * @return this builder
     */
    public Builder withoutBuiltInUserDataRules() {
      rules.clear();
      return this;
    }

    /**
     * Sets how long a probe waits to connect, and then for the greeting.
     *
     * @param timeout a positive duration; default two seconds
     * @return this builder
     */
    public Builder probeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the probe timeout must be positive, got " + timeout);
      }
      this.probeTimeout = timeout;
      return this;
    }

    /**
     * Builds the check.
     *
     * @return the state check
     */
    public StateCheck build() {
      return new StateCheck(this);
    }
  }
}
