package io.immut.core;

import io.immut.api.FleetSpec;
import io.immut.core.controller.ControllerHealth;
import io.immut.core.controller.ControllerListener;
import io.immut.core.internal.controller.ControllerRuntime;
import io.immut.core.port.FleetCommand;
import io.immut.core.rollout.RolloutListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Keeps a set of fleets reconciled continuously, level-triggered, as a Kubernetes controller does:
 * every {@linkplain Builder#interval interval} each fleet's spec is applied again, which is the
 * work between rollouts (autoscaling, replacing lost or drifted instances, idle reaping, retiring a
 * kept previous generation when its window ends), and a spec whose generation changed is rolled out.
 *
 * <pre>{@code
 * try (Immut immut = Immut.builder().driver("aws", config).generationStore(store).build();
 *      FleetController controller = immut.controller().specDirectory(Path.of("fleets")).build()) {
 *   controller.start();
 *   ...                                  // serve controller.health().toJson() on a health endpoint
 * }                                      // close(): current steps finish, leases are released
 * }</pre>
 *
 * <p><b>Scale.</b> One controller drives thousands of fleets: reconciles run on a bounded pool of
 * {@linkplain Builder#threads threads}, earliest due first, so every fleet is reconciled once per
 * interval while the pool keeps up; rollouts run on a second bounded pool of
 * {@linkplain Builder#rolloutThreads rollout threads} and never hold the reconcile threads (a fleet
 * waiting for a rollout thread has its live generation reconciled meanwhile). Every fleet shares
 * the engine's one rate limit per cloud account, in turns: a fleet in a long rollout does not starve
 * the others of calls.
 *
 * <p><b>Several controllers.</b> A controller keeps the lease of each fleet it acts on between
 * reconciles (renewing it at each one); a fleet whose lease another controller holds is skipped
 * and asked for again at every interval. Controllers on shared ports (the PostgreSQL leases of
 * {@code immut-postgres}, say) so divide the fleets between them, and a fleet whose controller dies
 * is taken over by another within the lease's time to live plus one interval; the engine's launch
 * tokens and the history let the new holder finish a rollout the dead one began, with no double
 * launch.
 *
 * <p><b>Restarts.</b> The controller keeps nothing a restart could lose: the cloud's tags, the
 * history and the commands are in the engine's ports. A generation that failed or was rolled back is
 * not rolled out again until the spec changes or {@link #retry} is called, so a bad spec never
 * loops.
 *
 * <p>Thread-safe.
 *
 * @since 0.2
 */
public final class FleetController implements AutoCloseable {
  private final Immut immut;
  private final ControllerRuntime runtime;
  private final Duration shutdownTimeout;

  private FleetController(Builder b) {
    this.immut = b.immut;
    this.shutdownTimeout = b.shutdownTimeout;
    Duration ttl = b.leaseTtl != null ? b.leaseTtl : b.immut.fleetEngine().leaseTtl();
    if (ttl.compareTo(b.interval.multipliedBy(2)) <= 0) {
      throw new IllegalStateException("the lease time to live (" + io.immut.api.Durations.format(ttl) + ") must be more than"
          + " twice the reconcile interval (" + io.immut.api.Durations.format(b.interval) + "), or leases expire between"
          + " reconciles: raise leaseTtl(...) or lower interval(...)");
    }
    this.runtime = new ControllerRuntime(b.immut.fleetEngine(), new ControllerRuntime.Settings(b.interval, b.threads,
        b.rolloutThreads, ttl, b.specDirectory, b.listener, b.rolloutListener));
  }

  /**
   * Starts a builder over an engine.
   *
   * @param immut the engine whose driver, ports and rate limit the controller uses
   * @return the builder
   */
  public static Builder builder(Immut immut) {
    return new Builder(immut);
  }

  /**
   * Starts the controller's threads: reconciles begin at once and repeat every interval.
   *
   * @return this controller
   * @throws IllegalStateException after {@link #close()}
   */
  public FleetController start() {
    runtime.start();
    return this;
  }

  /**
   * Adds a fleet, or changes its spec; the fleet is reconciled soon (a new generation is rolled out).
   *
   * @param spec the spec
   * @throws IllegalStateException after {@link #close()}
   */
  public void put(FleetSpec spec) {
    runtime.put(spec, "api");
  }

  /**
   * Stops managing a fleet: its lease is released and its instances are left as they are (a rollout
   * under way goes on until its next wait, then stops; another controller or {@code apply} finishes it).
   *
   * @param fleet the fleet
   * @return whether the controller managed it
   */
  public boolean remove(String fleet) {
    return runtime.remove(fleet);
  }

  /**
   * The specs managed now, by name: those put through the API and those read from the spec directory.
   *
   * @return the specs
   */
  public List<FleetSpec> specs() {
    return runtime.specs();
  }

  /**
   * Runs one round on the calling thread: the spec directory is read, then every fleet is
   * reconciled once, by name, rollouts included (they run to their end on this thread). For tests
   * on a virtual clock and for callers that schedule rounds themselves; not to be mixed with
   * {@link #start()}.
   *
   * @return the health after the round
   */
  public ControllerHealth runOnce() {
    return runtime.runOnce();
  }

  /**
   * The controller's health now: per fleet the last successful reconcile, errors and lease state,
   * and the spec files that could not be taken. {@code toJson()} renders it for a health endpoint.
   *
   * @return the health
   */
  public ControllerHealth health() {
    return runtime.health();
  }

  /**
   * Rolls out a generation that failed or was rolled back once more.
   *
   * @param fleet the fleet
   * @throws io.immut.api.ImmutException when the controller does not manage the fleet
   */
  public void retry(String fleet) {
    runtime.retry(fleet);
  }

  /**
   * Promotes the generation a rollout waits on (manual blue/green, an inconclusive canary), through
   * the fleet commands: the lease holder promotes, in this process or another.
   *
   * @param fleet the fleet
   */
  public void promote(String fleet) {
    runtime.send(fleet, FleetCommand.PROMOTE);
  }

  /**
   * Aborts the fleet's rollout under way (what it launched is rolled back; the generation is then
   * not rolled out again until the spec changes or {@link #retry}).
   *
   * @param fleet the fleet
   */
  public void abort(String fleet) {
    runtime.send(fleet, FleetCommand.ABORT);
  }

  /**
   * Restores the fleet's previous good generation, through the fleet commands: the lease holder
   * does it at its next reconcile (or its rollout under way stops and rolls back). The spec's
   * generation is then not rolled out again until the spec changes or {@link #retry}.
   *
   * @param fleet the fleet
   */
  public void rollback(String fleet) {
    runtime.send(fleet, FleetCommand.ROLLBACK);
  }

  /**
   * Pauses the fleet: its reconciles and rollouts observe and change nothing until {@link #resume}.
   *
   * @param fleet the fleet
   */
  public void pause(String fleet) {
    runtime.send(fleet, FleetCommand.PAUSE);
  }

  /**
   * Lifts a {@link #pause}.
   *
   * @param fleet the fleet
   */
  public void resume(String fleet) {
    runtime.send(fleet, FleetCommand.RESUME);
  }

  /**
   * The engine.
   *
   * @return the {@code Immut} the controller drives (not closed with the controller)
   */
  public Immut immut() {
    return immut;
  }

  /**
   * Shuts down: no reconcile starts any more, those under way finish, rollouts stop at their next
   * wait (whoever holds the fleet next finishes them), and every lease is released.
   *
   * @param timeout how long to wait for the threads
   * @return whether every thread stopped in time
   */
  public boolean shutdown(Duration timeout) {
    return runtime.shutdown(Objects.requireNonNull(timeout, "timeout"));
  }

  /** Stops as a process that dies would: the threads stop, no lease is released (tests of failover). */
  boolean abandon() {
    return runtime.halt(shutdownTimeout);
  }

  /** {@link #shutdown} with the builder's timeout (default 30 s). */
  @Override
  public void close() {
    shutdown(shutdownTimeout);
  }

  @Override
  public String toString() {
    return "FleetController[" + immut + ", " + runtime.specs().size() + " fleet(s)]";
  }

  /** A builder of {@link FleetController}. */
  public static final class Builder {
    private final Immut immut;
    private Duration interval = Duration.ofSeconds(15);
    private int threads = 4;
    private int rolloutThreads = 32;
    private Duration leaseTtl;
    private Path specDirectory;
    private ControllerListener listener = ControllerListener.NONE;
    private RolloutListener rolloutListener = RolloutListener.NONE;
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    private Builder(Immut immut) {
      this.immut = Objects.requireNonNull(immut, "immut");
    }

    /**
     * Sets how often each fleet is reconciled (default 15 s).
     *
     * @param interval positive
     * @return this builder
     */
    public Builder interval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval must be positive, got " + interval);
      }
      this.interval = interval;
      return this;
    }

    /**
     * Sets the number of reconcile threads (default 4). Reconciles are short (a few driver calls
     * each); rollouts run on their own threads.
     *
     * @param threads at least 1
     * @return this builder
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Sets how many rollouts run at once (default 32); more wait their turn, in order, with their
     * live generation reconciled meanwhile. A rollout's thread mostly waits on the clock.
     *
     * @param threads at least 1
     * @return this builder
     */
    public Builder rolloutThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("rolloutThreads must be at least 1, got " + threads);
      }
      this.rolloutThreads = threads;
      return this;
    }

    /**
     * Sets the time to live of the fleet leases the controller holds (default: the engine's,
     * {@code Immut.Builder.leaseTtl}); more than twice the interval. A dead controller's fleets are
     * taken over within it plus one interval.
     *
     * @param ttl positive
     * @return this builder
     */
    public Builder leaseTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("leaseTtl must be positive, got " + ttl);
      }
      this.leaseTtl = ttl;
      return this;
    }

    /**
     * Watches a directory of spec files ({@code *.yaml}, {@code *.yml}, {@code *.json}), read again
     * when they change: a new file adds a fleet, a changed one changes its spec, a deleted one stops
     * managing the fleet (it is not destroyed). A file that does not read is reported in the health
     * with its file, line and field, and holds up no other fleet; a fleet whose file turned bad keeps
     * its last good spec.
     *
     * @param directory the directory
     * @return this builder
     */
    public Builder specDirectory(Path directory) {
      this.specDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Sets the listener of the controller's events (reconciles, leases, observations).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(ControllerListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets a listener of the events of every apply the controller makes (beside the engine's own listener).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder rolloutListener(RolloutListener listener) {
      this.rolloutListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets how long {@link FleetController#close()} waits for the threads (default 30 s).
     *
     * @param timeout not negative
     * @return this builder
     */
    public Builder shutdownTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("shutdownTimeout must not be negative, got " + timeout);
      }
      this.shutdownTimeout = timeout;
      return this;
    }

    /**
     * Builds the controller; nothing runs until {@link FleetController#start()}.
     *
     * @return the controller
     * @throws IllegalStateException when the lease time to live is not more than twice the interval
     */
    public FleetController build() {
      return new FleetController(this);
    }
  }
}
