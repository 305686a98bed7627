package io.immut.core.rollout.faults;

import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.spi.CloudDriver;
import io.immut.spi.FleetSelector;
import io.immut.spi.ForwardingCloudDriver;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.TrafficRouter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A driver whose every call, traffic calls included, goes through a {@link KillSwitch}. */
final class KillingDriver extends ForwardingCloudDriver {
  private final KillSwitch kill;

  KillingDriver(CloudDriver delegate, KillSwitch kill) {
    super(delegate);
    this.kill = kill;
  }

  @Override
  public Image resolveImage(ImageRef ref) {
    return kill.call("resolveImage", () -> delegate().resolveImage(ref));
  }

  @Override
  public LaunchResult launch(LaunchRequest request) {
    return kill.call("launch", () -> delegate().launch(request));
  }

  @Override
  public void terminate(Set<InstanceId> ids) {
    kill.run("terminate", () -> delegate().terminate(ids));
  }

  @Override
  public List<InstanceView> list(FleetSelector selector) {
    return kill.call("list", () -> delegate().list(selector));
  }

  @Override
  public List<InstanceView> list(FleetSelector selector, Set<InstanceState> states) {
    return kill.call("list", () -> delegate().list(selector, states));
  }

  @Override
  public InstanceInspection inspect(InstanceId id) {
    return kill.call("inspect", () -> delegate().inspect(id));
  }

  @Override
  public Map<InstanceId, InstanceInspection> inspectAll(Collection<InstanceId> ids) {
    return kill.call("inspectAll", () -> delegate().inspectAll(ids));
  }

  @Override
  public Optional<TrafficRouter> traffic() {
    return delegate().traffic().map(router -> new TrafficRouter() {
      @Override
      public void register(String target, Set<InstanceId> ids) {
        kill.run("traffic.register", () -> router.register(target, ids));
      }

      @Override
      public void deregister(String target, Set<InstanceId> ids) {
        kill.run("traffic.deregister", () -> router.deregister(target, ids));
      }

      @Override
      public Map<InstanceId, TargetHealth> health(String target) {
        return kill.call("traffic.health", () -> router.health(target));
      }
    });
  }
}
