package io.immut.spi;

import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A driver that forwards every call, the optional ones included, to another driver. Extend it to
 * wrap a driver — count or time its calls, log them, inject a fault in a test — by overriding only
 * the methods you change. Forwarding {@link #list(FleetSelector, Set)} too matters: a driver that
 * filters by state on the cloud's side keeps doing so behind the wrapper.
 */
public abstract class ForwardingCloudDriver implements CloudDriver {
  private final CloudDriver delegate;

  /**
   * Wraps a driver.
   *
   * @param delegate the driver every call goes to
   */
  protected ForwardingCloudDriver(CloudDriver delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The wrapped driver.
   *
   * @return the driver every call goes to
   */
  protected final CloudDriver delegate() {
    return delegate;
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
    return delegate.list(selector);
  }

  @Override
  public List<InstanceView> list(FleetSelector selector, Set<InstanceState> states) {
    return delegate.list(selector, states);
  }

  @Override
  public InstanceInspection inspect(InstanceId id) {
    return delegate.inspect(id);
  }

  @Override
  public CloudScope scope() {
    return delegate.scope();
  }

  @Override
  public java.util.List<io.immut.api.SpecProblem> check(io.immut.api.GenerationSpec spec) {
    return delegate.check(spec);
  }

  @Override
  public java.util.Map<InstanceId, InstanceInspection> inspectAll(java.util.Collection<InstanceId> ids) {
    return delegate.inspectAll(ids);
  }

  @Override
  public Optional<TrafficRouter> traffic() {
    return delegate.traffic();
  }

  @Override
  public Optional<PriceCatalog> prices() {
    return delegate.prices();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
