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
import java.util.Optional;
import java.util.Set;

/** A driver that runs a check each time the engine lists the fleet, that is at every step of its loop. */
final class WatchingDriver implements CloudDriver {
  private final CloudDriver delegate;
  private final Runnable check;
  private int steps;

  WatchingDriver(CloudDriver delegate, Runnable check) {
    this.delegate = delegate;
    this.check = check;
  }

  int steps() {
    return steps;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Capabilities capabilities() {
    return delegate.capabilities();
  }

  @Override
  public Image resolveImage(ImageRef ref) {
    return delegate.resolveImage(ref);
  }

  @Override
  public LaunchResult launch(LaunchRequest request) {
    return delegate.launch(request);
  }

  @Override
  public void terminate(Set<InstanceId> ids) {
    delegate.terminate(ids);
  }

  @Override
  public List<InstanceView> list(FleetSelector selector) {
    steps++;
    check.run();
    return delegate.list(selector);
  }

  @Override
  public InstanceInspection inspect(InstanceId id) {
    return delegate.inspect(id);
  }

  @Override
  public Optional<TrafficRouter> traffic() {
    return delegate.traffic();
  }

  @Override
  public Optional<PriceCatalog> prices() {
    return delegate.prices();
  }
}
