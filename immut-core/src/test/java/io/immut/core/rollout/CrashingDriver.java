package io.immut.core.rollout;

import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.spi.Capabilities;
import io.immut.spi.CloudDriver;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.PriceCatalog;
import io.immut.spi.TrafficRouter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A driver that simulates the death of the process: at its n-th call it throws an {@link Error}
 * that nothing in the engine catches, either before the call reaches the cloud or after it took
 * effect.
 */
final class CrashingDriver implements CloudDriver {
  /** The process died. */
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;

    Crash(int call) {
      super("simulated crash at driver call " + call);
    }
  }

  private final CloudDriver delegate;
  private final int crashAt;
  private final boolean afterEffect;
  private int calls;

  CrashingDriver(CloudDriver delegate, int crashAt, boolean afterEffect) {
    this.delegate = delegate;
    this.crashAt = crashAt;
    this.afterEffect = afterEffect;
  }

  int calls() {
    return calls;
  }

  private <T> T call(Supplier<T> op) {
    calls++;
    if (calls == crashAt && !afterEffect) {
      throw new Crash(calls);
    }
    T result = op.get();
    if (calls == crashAt) {
      throw new Crash(calls);
    }
    return result;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  /** The cloud's own scope (the memory cloud's is process-local), as the process that crashed saw it. */
  @Override
  public io.immut.spi.CloudScope scope() {
    return delegate.scope();
  }

  @Override
  public Capabilities capabilities() {
    return delegate.capabilities();
  }

  @Override
  public Image resolveImage(ImageRef ref) {
    return call(() -> delegate.resolveImage(ref));
  }

  @Override
  public LaunchResult launch(LaunchRequest request) {
    return call(() -> delegate.launch(request));
  }

  @Override
  public void terminate(Set<InstanceId> ids) {
    call(() -> {
      delegate.terminate(ids);
      return null;
    });
  }

  @Override
  public List<InstanceView> list(FleetSelector selector) {
    return call(() -> delegate.list(selector));
  }

  @Override
  public InstanceInspection inspect(InstanceId id) {
    return call(() -> delegate.inspect(id));
  }

  @Override
  public Optional<PriceCatalog> prices() {
    return delegate.prices();
  }

  @Override
  public Optional<TrafficRouter> traffic() {
    return delegate.traffic().map(router -> new TrafficRouter() {
      @Override
      public void register(String target, Set<InstanceId> ids) {
        call(() -> {
          router.register(target, ids);
          return null;
        });
      }

      @Override
      public void deregister(String target, Set<InstanceId> ids) {
        call(() -> {
          router.deregister(target, ids);
          return null;
        });
      }

      @Override
      public Map<InstanceId, TargetHealth> health(String target) {
        return call(() -> router.health(target));
      }
    });
  }
}
