package io.immut.core.rollout;

import io.immut.spi.CloudDriver;
import io.immut.spi.FleetSelector;
import io.immut.spi.ForwardingCloudDriver;
import io.immut.spi.InstanceView;
import java.util.List;

/** A driver that runs a check each time the engine lists the fleet, that is at every step of its loop. */
final class WatchingDriver extends ForwardingCloudDriver {
  private final Runnable check;
  private int steps;

  WatchingDriver(CloudDriver delegate, Runnable check) {
    super(delegate);
    this.check = check;
  }

  int steps() {
    return steps;
  }

  @Override
  public List<InstanceView> list(FleetSelector selector) {
    steps++;
    check.run();
    return delegate().list(selector);
  }
}
