package io.immut.cli.internal.sandbox;

import io.immut.core.clock.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The sandbox cloud's clock: real time, except while a journaled change is made or replayed, when
 * it is pinned to the instant the change was first made. An instance's state is a function of the
 * instants fixed at its launch, so a replay at the recorded instants rebuilds the cloud exactly,
 * and the cloud then runs on in real time.
 */
final class SandboxClock implements Clock {
  private volatile Instant pinned;

  @Override
  public Instant now() {
    Instant at = pinned;
    return at != null ? at : Clock.system().now();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    Clock.system().sleep(duration);
  }

  /** Pins the time; callers hold the sandbox's lock. */
  void pin(Instant at) {
    this.pinned = at;
  }

  /** Back to real time. */
  void unpin() {
    this.pinned = null;
  }

  @Override
  public String toString() {
    return "SandboxClock[" + (pinned == null ? "real time" : "pinned at " + pinned) + "]";
  }
}
