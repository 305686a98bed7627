package io.immut.cli.internal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.SpecProblem;
import io.immut.spi.Capabilities;
import io.immut.spi.CloudDriver;
import io.immut.spi.CloudScope;
import io.immut.spi.DriverException;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.PriceCatalog;
import io.immut.spi.TrafficRouter;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code sandbox} driver: an in-memory cloud that every command on the same sandbox directory
 * sees, in real time. Each change goes to the {@link Journal} as it is made; every call first
 * replays the changes other processes made since. Calls of one process are serialised.
 */
final class SandboxDriver implements CloudDriver {
  static final String NAME = "sandbox";

  private final SandboxClock clock;
  private final CloudDriver cloud;
  private final TrafficRouter router;
  private final Journal journal;
  private final CloudScope scope;
  private final Object lock = new Object();

  SandboxDriver(String scopeId, SandboxClock clock, CloudDriver cloud, Journal journal) {
    this.clock = clock;
    this.cloud = cloud;
    this.router = cloud.traffic().orElse(null);
    this.journal = journal;
    // not process-local: leases and commands go through files, so that commands exclude and reach each other
    this.scope = CloudScope.shared(scopeId);
    read(() -> null);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Capabilities capabilities() {
    return cloud.capabilities();
  }

  @Override
  public CloudScope scope() {
    return scope;
  }

  @Override
  public List<SpecProblem> check(GenerationSpec spec) {
    return cloud.check(spec);
  }

  @Override
  public Image resolveImage(ImageRef ref) {
    return read(() -> cloud.resolveImage(ref));
  }

  @Override
  public LaunchResult launch(LaunchRequest request) {
    Instant now = Instant.now();
    LaunchResult[] result = new LaunchResult[1];
    change(Entries.launch(now, request), now, () -> result[0] = cloud.launch(request));
    return result[0];
  }

  @Override
  public void terminate(Set<InstanceId> ids) {
    Instant now = Instant.now();
    change(Entries.ids(Entries.TERMINATE, now, null, ids), now, () -> cloud.terminate(ids));
  }

  @Override
  public List<InstanceView> list(FleetSelector selector) {
    return read(() -> cloud.list(selector));
  }

  @Override
  public List<InstanceView> list(FleetSelector selector, Set<InstanceState> states) {
    return read(() -> cloud.list(selector, states));
  }

  @Override
  public InstanceInspection inspect(InstanceId id) {
    return read(() -> cloud.inspect(id));
  }

  @Override
  public Map<InstanceId, InstanceInspection> inspectAll(Collection<InstanceId> ids) {
    return read(() -> cloud.inspectAll(ids));
  }

  @Override
  public Optional<TrafficRouter> traffic() {
    if (router == null) {
      return Optional.empty();
    }
    return Optional.of(new TrafficRouter() {
      @Override
      public void register(String target, Set<InstanceId> ids) {
        Instant now = Instant.now();
        change(Entries.ids(Entries.REGISTER, now, target, ids), now, () -> router.register(target, ids));
      }

      @Override
      public void deregister(String target, Set<InstanceId> ids) {
        Instant now = Instant.now();
        change(Entries.ids(Entries.DEREGISTER, now, target, ids), now, () -> router.deregister(target, ids));
      }

      @Override
      public Map<InstanceId, TargetHealth> health(String target) {
        return read(() -> router.health(target));
      }
    });
  }

  @Override
  public Optional<PriceCatalog> prices() {
    return cloud.prices();
  }

  @Override
  public void close() {
    journal.close();
  }

  @Override
  public String toString() {
    return "SandboxDriver[" + scope.id() + "]";
  }

  private <T> T read(Supplier<T> call) {
    synchronized (lock) {
      journal.catchUp(this::replay);
      return call.get();
    }
  }

  private void change(ObjectNode entry, Instant at, Runnable call) {
    synchronized (lock) {
      journal.append(this::replay, entry, () -> {
        clock.pin(at);
        try {
          call.run();
        } finally {
          clock.unpin();
        }
      });
    }
  }

  /** Makes an earlier change again, at the instant it was made; a change that failed then fails again, silently. */
  private void replay(JsonNode entry) {
    clock.pin(Entries.at(entry));
    try {
      switch (Entries.type(entry)) {
        case Entries.LAUNCH -> cloud.launch(Entries.launchRequest(entry));
        case Entries.TERMINATE -> cloud.terminate(Entries.ids(entry));
        case Entries.REGISTER -> router.register(entry.get("target").asText(), Entries.ids(entry));
        case Entries.DEREGISTER -> router.deregister(entry.get("target").asText(), Entries.ids(entry));
        default -> throw new io.immut.api.ImmutException("the sandbox journal has an entry of unknown type '"
            + Entries.type(entry) + "' (written by a newer immut?); start a new sandbox with: immut sandbox reset");
      }
    } catch (DriverException failedThenToo) {
      // the same answer as when the change was first made
    } finally {
      clock.unpin();
    }
  }
}
