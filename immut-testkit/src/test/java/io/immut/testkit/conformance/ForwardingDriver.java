package io.immut.testkit.conformance;

import io.immut.spi.CloudDriver;
import io.immut.spi.ForwardingCloudDriver;


/** A driver that forwards every call; tests override one method to break one rule of the contract. */
class ForwardingDriver extends ForwardingCloudDriver {
  protected final CloudDriver delegate;

  ForwardingDriver(CloudDriver delegate) {
    super(delegate);
    this.delegate = delegate;
  }
}
