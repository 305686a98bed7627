package io.immut.core.memory;

import io.immut.api.InstanceId;
import io.immut.spi.LaunchFailure;
import io.immut.spi.LaunchRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The launch tokens the cloud remembers: for good on NEUTRAL and EC2 (client tokens), for the token
 * window on AZURE (this account's memory; the VMs' names answer after it) and GCE (the
 * {@code requestId}'s window). Guarded by the account's lock.
 */
final class TokenBook {
  private final Map<String, Entry> entries = new HashMap<>();
  private final boolean forgets;
  private final Duration window;

  TokenBook(CloudBehaviour behaviour, Duration window) {
    this.forgets = behaviour.forgetsTokens();
    this.window = window;
  }

  /** The launch made under the request's token, or null when the token is new or forgotten. */
  Entry recall(LaunchRequest request, Instant now) {
    String token = request.token().value();
    Entry e = entries.get(token);
    if (e != null && forgets && !now.isBefore(e.firstUsed.plus(window))) {
      entries.remove(token);
      return null;
    }
    return e;
  }

  void remember(LaunchRequest request, List<InstanceId> ids, LaunchFailure shortfall, Instant now) {
    entries.put(request.token().value(), new Entry(request, List.copyOf(ids), shortfall, now));
  }

  /** A launch made under a token: what was asked and what was launched, for the token's retries. */
  record Entry(LaunchRequest request, List<InstanceId> ids, LaunchFailure shortfall, Instant firstUsed) {
    boolean sameAs(LaunchRequest other) {
      return request.selector().equals(other.selector()) && request.generationId().equals(other.generationId())
          && request.count() == other.count() && request.spec().equals(other.spec())
          && request.image().id().equals(other.image().id());
    }
  }
}
