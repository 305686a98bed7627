package io.immut.core.internal.controller;

import io.immut.api.FleetSpec;
import io.immut.api.ImmutException;
import io.immut.core.controller.ControllerEvent;
import io.immut.core.controller.ControllerHealth;
import io.immut.core.controller.ControllerListener;
import io.immut.core.controller.FleetHealth;
import io.immut.core.controller.SpecFileProblem;
import io.immut.core.port.FleetCommand;
import io.immut.core.rollout.RolloutListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller at work: a dispatcher thread hands each fleet, when due, to a bounded pool of
 * reconcile threads (earliest due first, {@link ReconcileSchedule}); a reconcile that finds a new
 * generation to roll out hands it to a second bounded pool, so that long rollouts never hold the
 * reconcile threads. A fleet keeps its lease between reconciles (renewed at each one), so that
 * several controllers on shared ports divide the fleets between them; a fleet whose lease is held
 * elsewhere is skipped and asked for again at every interval, which is also how a fleet fails over
 * when its holder dies (its lease expires).
 */
public final class ControllerRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerRuntime.class);

  /** The runtime's settings. */
  public record Settings(Duration interval, int threads, int rolloutThreads, Duration leaseTtl, Path specDirectory,
                         ControllerListener listener, RolloutListener rolloutListener) {
    /** Validates the fields. */
    public Settings {
      Objects.requireNonNull(interval, "interval");
      Objects.requireNonNull(leaseTtl, "leaseTtl");
      Objects.requireNonNull(listener, "listener");
      Objects.requireNonNull(rolloutListener, "rolloutListener");
    }
  }

  private final FleetEngine engine;
  private final Settings settings;
  private final SpecDirectory directory;
  private final Map<String, ManagedFleet> fleets = new ConcurrentHashMap<>();
  private final Object wake = new Object();
  private volatile List<SpecFileProblem> problems = List.of();
  private volatile boolean running;
  private volatile boolean stopped;
  private Thread dispatcher;
  private ThreadPoolExecutor passes;
  private ThreadPoolExecutor rollouts;
  private Instant nextScan = Instant.MIN;
  private final LeaseKeeper leases;
  private final Reconciler reconciler;

  /**
   * Creates the runtime; nothing runs until {@link #start()} or {@link #runOnce()}.
   *
   * @param engine the engine
   * @param settings the settings
   */
  public ControllerRuntime(FleetEngine engine, Settings settings) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.directory = settings.specDirectory() == null ? null : new SpecDirectory(settings.specDirectory());
    this.leases = new LeaseKeeper(engine, settings.leaseTtl(), this::emit);
    this.reconciler = new Reconciler(engine, settings, leases, this::emit, this::poke, () -> stopped);
  }

  private Instant now() {
    return engine.clock().now();
  }

  private void emit(ControllerEvent e) {
    try {
      settings.listener().onEvent(e);
    } catch (RuntimeException ex) {
      LOG.warn("a controller listener threw on {}; ignored", e.getClass().getSimpleName(), ex);
    }
  }

  // ---- the set of specs ----

  /**
   * Adds a fleet or changes its spec.
   *
   * @param spec the spec
   * @param source {@code api} or a file
   */
  public void put(FleetSpec spec, String source) {
    Objects.requireNonNull(spec, "spec");
    if (stopped) {
      throw new IllegalStateException("the controller is shut down; build a new one");
    }
    boolean[] added = new boolean[1];
    ManagedFleet f = fleets.computeIfAbsent(spec.name(), n -> {
      added[0] = true;
      return new ManagedFleet(spec, source, now());
    });
    FleetSpec before = f.spec();
    boolean changed = added[0] || !before.equals(spec) || !f.source().equals(source);
    f.update(spec, source);
    if (changed) {
      if (!before.generationId().equals(spec.generationId())) {
        f.retryGeneration = null;
      }
      f.due(now());
      emit(new ControllerEvent.SpecAccepted(spec.name(), now(), spec.generationId(), source));
      poke();
    }
  }

  /**
   * Stops managing a fleet: releases its lease, leaves its instances as they are.
   *
   * @param fleet the fleet
   * @return whether it was managed
   */
  public boolean remove(String fleet) {
    ManagedFleet f = fleets.remove(fleet);
    if (f == null) {
      return false;
    }
    f.remove();
    if (f.work.tryLock()) {
      try {
        leases.release(f);
        engine.forget(fleet);
      } finally {
        f.work.unlock();
      }
    } else {
      // a reconcile or a rollout acts on the fleet: it releases the lease when it ends; a rollout
      // is stopped at its next wait (whoever holds the fleet next finishes it)
      Thread t = f.rolloutThread;
      if (t != null) {
        t.interrupt();
      }
    }
    emit(new ControllerEvent.FleetRemoved(fleet, now()));
    return true;
  }

  /**
   * The specs managed now.
   *
   * @return the specs, by name
   */
  public List<FleetSpec> specs() {
    return fleets.values().stream().map(ManagedFleet::spec).sorted(Comparator.comparing(FleetSpec::name)).toList();
  }

  /**
   * Asks for one more rollout of the spec's generation although it failed before.
   *
   * @param fleet the fleet
   * @throws ImmutException when the fleet is not managed
   */
  public void retry(String fleet) {
    ManagedFleet f = managed(fleet);
    f.retryGeneration = f.spec().generationId();
    f.due(now());
    poke();
  }

  /**
   * Sends a command to the fleet's lease holder (this controller or another), and reconciles the
   * fleet soon when this controller manages it.
   *
   * @param fleet the fleet
   * @param command the command
   */
  public void send(String fleet, FleetCommand command) {
    engine.commands().send(engine.key(fleet), command);
    ManagedFleet f = fleets.get(fleet);
    if (f != null) {
      f.due(now());
      poke();
    }
  }

  private ManagedFleet managed(String fleet) {
    ManagedFleet f = fleets.get(fleet);
    if (f == null) {
      throw new ImmutException("this controller does not manage fleet '" + fleet + "'; add its spec with put(spec) first");
    }
    return f;
  }

  // ---- running ----

  /** Starts the dispatcher and the pools. */
  public synchronized void start() {
    if (stopped) {
      throw new IllegalStateException("the controller is shut down; build a new one");
    }
    if (running) {
      return;
    }
    running = true;
    passes = pool("immut-reconcile-", settings.threads());
    rollouts = pool("immut-controller-rollout-", settings.rolloutThreads());
    reconciler.rollouts(rollouts);
    dispatcher = new Thread(this::dispatch, "immut-controller");
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  private static ThreadPoolExecutor pool(String prefix, int threads) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  private void poke() {
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  private void dispatch() {
    while (running) {
      try {
        scanIfDue();
        Instant now = now();
        Map<String, Instant> idle = new HashMap<>();
        Instant earliest = null;
        for (ManagedFleet f : fleets.values()) {
          synchronized (f) {
            if (f.queued || f.rollout && f.work.isLocked()) {
              continue;
            }
          }
          Instant due = f.due();
          idle.put(f.name, due);
          earliest = earliest == null || due.isBefore(earliest) ? due : earliest;
        }
        for (String name : ReconcileSchedule.dueAt(idle, now)) {
          ManagedFleet f = fleets.get(name);
          if (f == null) {
            continue;
          }
          synchronized (f) {
            f.queued = true;
          }
          passes.execute(() -> reconciler.pass(f, false));
        }
        long waitMillis = 1000;
        if (earliest != null && earliest.isAfter(now)) {
          waitMillis = Math.max(1, Math.min(waitMillis, Duration.between(now, earliest).toMillis()));
        } else if (earliest != null) {
          waitMillis = 50;
        }
        synchronized (wake) {
          if (running) {
            wake.wait(waitMillis);
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("the controller's dispatcher failed; going on", e);
      }
    }
  }

  private void scanIfDue() {
    if (directory == null) {
      return;
    }
    Instant now = now();
    if (now.isBefore(nextScan)) {
      return;
    }
    Duration every = settings.interval().dividedBy(3);
    nextScan = now.plus(every.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : every);
    scan();
  }

  /** Reads the spec directory and applies what changed: new and changed specs put, removed files' fleets removed. */
  void scan() {
    SpecDirectory.Scan scan = directory.scan();
    List<SpecFileProblem> found = new ArrayList<>(scan.problems());
    for (SpecDirectory.Entry e : scan.specs().values()) {
      ManagedFleet f = fleets.get(e.spec().name());
      if (f != null && "api".equals(f.source())) {
        found.add(new SpecFileProblem(e.file(), "fleet '" + e.spec().name() + "' is managed through the API already; "
            + "remove it there (controller.remove) or delete this file (this file is ignored)"));
        continue;
      }
      put(e.spec(), e.file().toString());
    }
    for (ManagedFleet f : List.copyOf(fleets.values())) {
      if (!"api".equals(f.source()) && !scan.specs().containsKey(f.name)) {
        LOG.info("{}: its spec file {} is gone; no longer managed (the fleet is left as it is)", f.name, f.source());
        remove(f.name);
      }
    }
    List<SpecFileProblem> before = problems;
    for (SpecFileProblem p : found) {
      if (!before.contains(p)) {
        LOG.warn("spec file not taken: {}", p);
        emit(new ControllerEvent.SpecRejected(String.valueOf(p.file().getFileName()), now(), p));
      }
    }
    problems = List.copyOf(found);
  }

  /**
   * One round on the calling thread: the spec directory read, then every fleet reconciled once,
   * rollouts included (they run to their end on this thread), by name.
   *
   * @return the health after the round
   */
  public ControllerHealth runOnce() {
    if (stopped) {
      throw new IllegalStateException("the controller is shut down; build a new one");
    }
    if (directory != null) {
      scan();
    }
    List<ManagedFleet> all = new ArrayList<>(fleets.values());
    all.sort(Comparator.comparing(f -> f.name));
    for (ManagedFleet f : all) {
      reconciler.pass(f, true);
    }
    return health();
  }

  // ---- health and shutdown ----

  /**
   * The health now.
   *
   * @return it
   */
  public ControllerHealth health() {
    List<FleetHealth> list = new ArrayList<>();
    for (ManagedFleet f : fleets.values()) {
      list.add(f.health());
    }
    list.sort(Comparator.comparing(FleetHealth::fleet));
    return new ControllerHealth(now(), running, list, problems);
  }

  /**
   * Stops: no new reconcile starts, the reconciles under way finish, rollouts stop at their next
   * wait (the next holder of the fleet finishes them), then every lease is released.
   *
   * @param timeout how long to wait for the threads
   * @return whether every thread stopped in time
   */
  public boolean shutdown(Duration timeout) {
    boolean clean = halt(timeout);
    for (ManagedFleet f : fleets.values()) {
      // a rollout that did not stop in time keeps its lease, which then expires: releasing it
      // while the rollout still acts would let another holder in beside it
      if (f.work.tryLock()) {
        try {
          leases.release(f);
        } finally {
          f.work.unlock();
        }
      }
    }
    return clean;
  }

  /**
   * Stops the threads and releases nothing, as a process that dies would (tests of failover).
   *
   * @param timeout how long to wait for the threads
   * @return whether every thread stopped in time
   */
  public boolean halt(Duration timeout) {
    Thread d;
    synchronized (this) {
      stopped = true;
      running = false;
      d = dispatcher;
    }
    poke();
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean clean = true;
    try {
      if (d != null) {
        d.join(Math.max(1, timeout.toMillis()));
      }
      for (ExecutorService pool : new ExecutorService[] {passes, rollouts}) {
        if (pool == null) {
          continue;
        }
        if (pool == rollouts) {
          pool.shutdownNow();
        } else {
          // the reconciles under way finish; those not begun are dropped
          passes.shutdown();
          passes.getQueue().clear();
        }
        clean &= pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      clean = false;
    }
    return clean;
  }
}
