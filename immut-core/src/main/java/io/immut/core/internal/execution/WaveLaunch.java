package io.immut.core.internal.execution;

import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchFailure;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.LaunchToken;
import io.immut.spi.Ownership;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One wave's launch ({@link Executor#launch}): in batches of the driver's {@code maxLaunchBatch},
 * one token per batch. The first attempts of the batches overlap, each retried on its own; what is
 * left (a batch refused for capacity, a token answered before) goes on one batch after the other,
 * a {@code CapacityUnavailable} halving the batch down to one instance before the rollout is
 * stopped.
 */
final class WaveLaunch {
  private static final Logger LOG = LoggerFactory.getLogger(WaveLaunch.class);
  private static final int CAPACITY_RETRIES = 3;

  private final Executor x;
  private final Ownership ownership;
  private final GenerationSpec spec;
  private final Image image;
  private final int count;
  private final String waveToken;
  private final Consumer<List<InstanceView>> onLaunched;
  private final Executor.RetryObserver observer;

  WaveLaunch(Executor executor, Ownership ownership, GenerationSpec spec, Image image, int count, String waveToken,
             Consumer<List<InstanceView>> onLaunched, Executor.RetryObserver observer) {
    this.x = executor;
    this.ownership = ownership;
    this.spec = spec;
    this.image = image;
    this.count = count;
    this.waveToken = waveToken;
    this.onLaunched = onLaunched;
    this.observer = observer;
  }

  /**
   * Launches the wave.
   *
   * @return what was launched; short when the cloud came back short for capacity
   * @throws RolloutStop for a quota, or when no capacity could be found even for one instance
   * @throws InterruptedException when interrupted
   */
  Executor.Launched run() throws InterruptedException {
    List<InstanceView> launched = new ArrayList<>();
    int remaining = count;
    int size = Math.min(x.driver.capabilities().maxLaunchBatch(), count);
    int index = 0;
    int capacityFailures = 0;
    int spent = 0;
    Duration window = x.driver.capabilities().tokenWindow();
    if (count > size) {
      // several batches: their first attempts overlap, each retried on its own, so that a throttled
      // batch does not hold up the ones behind it; what is left goes on one batch after the other
      Round round = firstRound(size, window);
      launched.addAll(round.launched());
      remaining -= round.launched().size();
      if (round.shortfall() != null) {
        return new Executor.Launched(launched, count, round.shortfall());
      }
      index = round.batches();
      spent = round.spent();
      if (round.capacityRefused()) {
        size = Math.max(1, size / 2);
      }
    }
    while (remaining > 0) {
      int n = Math.min(size, remaining);
      LaunchToken token = x.unanswered(waveToken, index, n);
      LaunchRequest request = request(token, n);
      LaunchResult r;
      try {
        r = x.call("launch", true, observer, x.clock.now().plus(window), () -> x.driver.launch(request));
      } catch (DriverException.CapacityUnavailable e) {
        if (n > 1) {
          size = Math.max(1, n / 2);
          LOG.info("no capacity for a batch of {} {} instances ({}); trying batches of {}", n, spec.instanceType(),
              e.getMessage(), size);
          continue;
        }
        capacityFailures++;
        if (capacityFailures >= CAPACITY_RETRIES) {
          throw new RolloutStop(RolloutStop.Kind.CAPACITY, "the cloud has no capacity for " + spec.instanceType()
              + " instances: launched " + launched.size() + " of " + count + " of this wave, the last " + capacityFailures
              + " attempts to launch a single instance failed (" + e.getMessage() + "); choose another instance type"
              + " or zones, or retry later", e);
        }
        Duration delay = x.backoff.delay(capacityFailures, x.random);
        if (observer != null) {
          observer.retrying("launch", capacityFailures, delay, e);
        }
        x.clock.sleep(delay);
        continue;
      } catch (DriverException.NotFound e) {
        throw imageMissing(e);
      }
      x.answered(token);
      if (answeredBefore(r)) {
        // The token was answered before (by another process, or before a crash): a wave that merely
        // looks like an old one (the same fleet fingerprint after the old wave's instances vanished)
        // got the old wave's answer. The token is now known as answered, and the next attempt uses
        // its successor, derived deterministically, so that a process deciding the same wave after
        // a crash derives the same one. Instances the cloud reports FAILED are a real answer: the
        // decision takes the launch-failure path for them.
        if (++spent > 3) {
          return new Executor.Launched(launched, count, "the wave's launch tokens were all answered before; deciding again");
        }
        LOG.debug("launch token {} answered with nothing new; using its successor", token);
        continue;
      }
      index++;
      launched.addAll(r.instances());
      remaining -= r.instances().size();
      if (!r.instances().isEmpty()) {
        onLaunched.accept(r.instances());
      }
      if (r.isShort()) {
        LaunchFailure why = r.shortfall().orElseThrow();
        if (why.reason() == LaunchFailure.Reason.QUOTA) {
          throw quotaShort(r, n, why);
        }
        LOG.info("launch came back short ({} of {}): {}", r.instances().size(), n, why.message());
        return new Executor.Launched(launched, count, why.reason() + ": " + why.message());
      }
    }
    return new Executor.Launched(launched, count, null);
  }

  private LaunchRequest request(LaunchToken token, int n) {
    return LaunchRequest.builder().token(token).ownership(ownership).spec(spec).image(image).count(n).build();
  }

  /**
   * Whether the token was answered before (by another process, or before a crash): nothing new,
   * or only instances long gone. Instances the cloud reports FAILED are a real answer.
   */
  private static boolean answeredBefore(LaunchResult r) {
    return r.instances().isEmpty() ? !r.isShort()
        : r.instances().stream().allMatch(v -> v.state().isGone() && v.state() != io.immut.api.InstanceState.FAILED);
  }

  private static RolloutStop quotaShort(LaunchResult r, int n, LaunchFailure why) {
    return new RolloutStop(RolloutStop.Kind.QUOTA, "launch came back short on an account quota (" + r.instances().size()
        + " of " + n + "): " + why.message() + "; raise the quota or lower the fleet's capacity or surge", null);
  }

  private RolloutStop imageMissing(DriverException.NotFound e) {
    return new RolloutStop(RolloutStop.Kind.FATAL, "launch of " + spec.instanceType() + " from image " + image.id()
        + " failed: " + e.getMessage(), e);
  }

  /** One batch of a wave's first round: its position and size, and the request with its token. */
  private record Batch(int index, int count, LaunchToken token, LaunchRequest request) {}

  /**
   * What a wave's first round left: the instances launched, how many batch positions it used,
   * whether the cloud refused a batch for capacity, how many tokens were answered before, and why
   * the wave came back short (or null).
   */
  private record Round(List<InstanceView> launched, int batches, boolean capacityRefused, int spent, String shortfall) {}

  /** A batch the token window ended for before it was answered. */
  private static final Object WINDOW_ENDED = new Object();

  /**
   * The first attempt of each of a wave's batches, overlapped ({@link CallOverlap}, under the
   * limit of mutating calls): each batch retried on its own on throttling or a transient error,
   * within the driver's token window. The answers are then taken in the order of the batches, as
   * one batch after the other would take them: the instances reported, a token answered before or
   * a batch refused for capacity left to the batches after the round, a quota or a missing image
   * stopping the rollout once the instances of the others are reported.
   */
  private Round firstRound(int size, Duration window) throws InterruptedException {
    List<Batch> batches = new ArrayList<>();
    for (int i = 0, left = count; left > 0; i++, left -= size) {
      int n = Math.min(size, left);
      LaunchToken token = x.unanswered(waveToken, i, n);
      batches.add(new Batch(i, n, token, request(token, n)));
    }
    Instant until = x.clock.now().plus(window);
    CallOverlap<Batch, Object> overlap = new CallOverlap<>(x, true, "launch", b -> "launch", batches, b -> {
      if (x.clock.now().isAfter(until)) {
        // the token may no longer be honoured: not sent again, the loop decides again
        return WINDOW_ENDED;
      }
      try {
        return x.driver.launch(b.request());
      } catch (DriverException.CapacityUnavailable | DriverException.NotFound | DriverException.QuotaExceeded
          | DriverException.AuthFailed | DriverException.InvalidRequest e) {
        // an answer, taken in order below (so that the instances of the other batches are reported)
        return e;
      }
    }, observer);
    List<Object> answers;
    RuntimeException failed = null;
    try {
      answers = overlap.serve();
    } catch (RuntimeException e) {
      failed = e;
      answers = overlap.answeredSoFar();
    }
    List<InstanceView> launched = new ArrayList<>();
    boolean capacityRefused = false;
    int spent = 0;
    String shortfall = null;
    RuntimeException stop = failed;
    for (Batch b : batches) {
      Object a = answers.get(b.index());
      if (a instanceof LaunchResult r) {
        x.answered(b.token());
        if (answeredBefore(r)) {
          LOG.debug("launch token {} answered with nothing new; its batch goes after the round", b.token());
          spent++;
          continue;
        }
        launched.addAll(r.instances());
        if (!r.instances().isEmpty()) {
          onLaunched.accept(r.instances());
        }
        if (r.isShort()) {
          LaunchFailure why = r.shortfall().orElseThrow();
          if (why.reason() == LaunchFailure.Reason.QUOTA && stop == null) {
            stop = quotaShort(r, b.count(), why);
          } else if (shortfall == null) {
            LOG.info("launch came back short ({} of {}): {}", r.instances().size(), b.count(), why.message());
            shortfall = why.reason() + ": " + why.message();
          }
        }
      } else if (a instanceof DriverException.CapacityUnavailable e) {
        LOG.info("no capacity for a batch of {} {} instances ({}); the rest in smaller batches", b.count(),
            spec.instanceType(), e.getMessage());
        capacityRefused = true;
      } else if (a instanceof DriverException.NotFound e && stop == null) {
        stop = imageMissing(e);
      } else if (a instanceof DriverException e && !(a instanceof DriverException.NotFound) && stop == null) {
        stop = Executor.stop("launch", e);
      } else if (a == WINDOW_ENDED && stop == null) {
        stop = new DriverException.Transient("launch", null, "the driver's token window ended before the launch was"
            + " answered; deciding again", null);
      }
    }
    if (stop != null) {
      throw stop;
    }
    if (spent > 3) {
      shortfall = "the wave's launch tokens were all answered before; deciding again";
    }
    return new Round(launched, batches.size(), capacityRefused, spent, shortfall);
  }
}
