package io.immut.core.internal.execution;

import io.immut.core.rollout.Backoff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.FaultKind;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.memory.Operation;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import io.immut.spi.Capabilities;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverException;
import io.immut.spi.ForwardingCloudDriver;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import org.junit.jupiter.api.Test;

class ExecutorTest {
  final VirtualClock clock = new VirtualClock();
  final FleetSelector web = new FleetSelector("web", "immut");
  final GenerationSpec spec = GenerationSpec.builder().image("ami-1").instanceType("t3.micro").build();
  final Image image = new Image("ami-1", null, null, null, null);

  Executor executor(MemoryCloud cloud) {
    return new Executor(cloud.driver(), clock, AdaptiveRateLimit.standard(), Backoff.DEFAULT, new SplittableRandom(1));
  }

  @Test
  void backoffGrowsExponentiallyWithJitterUpToItsCap() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 5);
    SplittableRandom r = new SplittableRandom(7);
    for (int attempt = 1; attempt <= 8; attempt++) {
      long full = Math.min(1000, 100L << (attempt - 1));
      Duration d = b.delay(attempt, r);
      assertThat(d.toMillis()).isBetween(full / 2, full);
    }
  }

  @Test
  void aThrottleHalvesTheRateWhenEveryCallIsThrottledAndTimeBringsItBack() throws InterruptedException {
    AdaptiveRateLimit limit = AdaptiveRateLimit.builder().initialRate(10).minRate(1).maxRate(20).build();
    java.time.Instant t0 = clock.now();
    assertThat(limit.rate(t0)).isEqualTo(10);
    limit.onThrottled(t0);
    assertThat(limit.rate(t0)).isEqualTo(5);
    // within the reaction interval, a second throttle does not cut again
    limit.onThrottled(t0.plusMillis(500));
    assertThat(limit.rate(t0.plusMillis(500))).isLessThan(10).isGreaterThan(5);
    // the recovery time after the cut, the rate is back where it was cut from, with no call at all
    assertThat(limit.rate(t0.plus(limit.recoveryTime()))).isEqualTo(10);
    assertThat(limit.rate(t0.plus(limit.recoveryTime()).plusSeconds(30))).isEqualTo(20);
  }

  @Test
  void aBurstIsSpreadAtTheRateAfterTheBucketIsEmpty() throws InterruptedException {
    AdaptiveRateLimit limit = AdaptiveRateLimit.builder().initialRate(2).minRate(1).maxRate(2).build();
    java.time.Instant start = clock.now();
    for (int i = 0; i < 6; i++) {
      limit.acquire(clock);
    }
    // two tokens at once, then one every half second
    assertThat(Duration.between(start, clock.now())).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aWaveIsSplitIntoBatchesOfTheDriversLaunchLimit() throws InterruptedException {
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).maxLaunchBatch(4).build();
    List<InstanceView> seen = new ArrayList<>();
    Executor.Launched l = executor(cloud).launch(web, "g1", spec, image, 10, "tok", seen::addAll, null);
    assertThat(l.instances()).hasSize(10);
    assertThat(seen).hasSize(10);
    assertThat(cloud.calls().count(Operation.LAUNCH)).isEqualTo(3);
  }

  @Test
  void aWaveRetriedByANewProcessWithTheSameTokenLaunchesNothingNew() throws InterruptedException {
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).build();
    executor(cloud).launch(web, "g1", spec, image, 3, "tok", v -> { }, null);
    // the first process died before it saw the answer; the next one decides the same wave
    Executor.Launched again = executor(cloud).launch(web, "g1", spec, image, 3, "tok", v -> { }, null);
    assertThat(again.instances()).hasSize(3);
    assertThat(cloud.activeInstances()).isEqualTo(3);
  }

  @Test
  void aTokenThatWasAnsweredIsNeverSentAgainByTheSameExecutor() throws InterruptedException {
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).build();
    List<String> tokens = new ArrayList<>();
    CloudDriver recording = new ForwardingCloudDriver(cloud.driver()) {
      @Override
      public LaunchResult launch(LaunchRequest request) {
        tokens.add(request.token().value());
        return super.launch(request);
      }
    };
    Executor x = new Executor(recording, clock, AdaptiveRateLimit.standard(), Backoff.DEFAULT, new SplittableRandom(1));
    Executor.Launched first = x.launch(web, "g1", spec, image, 2, "tok", v -> { }, null);
    cloud.driver().terminate(first.instances().stream().map(InstanceView::id).collect(java.util.stream.Collectors.toSet()));
    // the same wave decided again: its first token was answered, so its successor is sent
    Executor.Launched second = x.launch(web, "g1", spec, image, 2, "tok", v -> { }, null);
    assertThat(second.instances()).hasSize(2).allMatch(v -> v.state().isLive());
    assertThat(tokens).hasSize(2).doesNotHaveDuplicates();
    assertThat(cloud.activeInstances()).isEqualTo(2);
  }

  @Test
  void aLaunchIsNotRetriedWithItsTokenAfterTheDriversTokenWindow() {
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).build();
    java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
    CloudDriver flaky = new ForwardingCloudDriver(cloud.driver()) {
      @Override
      public Capabilities capabilities() {
        return super.capabilities().toBuilder().tokenWindow(Duration.ofMinutes(1)).build();
      }

      @Override
      public LaunchResult launch(LaunchRequest request) {
        sent.incrementAndGet();
        throw new DriverException.Transient("launch", "ConnectionReset", "connection reset", null);
      }
    };
    Backoff slow = new Backoff(Duration.ofSeconds(20), Duration.ofSeconds(40), 10);
    Executor x = new Executor(flaky, clock, AdaptiveRateLimit.standard(), slow, new SplittableRandom(1));
    java.time.Instant start = clock.now();
    assertThatThrownBy(() -> x.launch(web, "g1", spec, image, 1, "tok", v -> { }, null))
        .isInstanceOf(DriverException.Transient.class);
    assertThat(sent.get()).as("retried within the window, not past it").isBetween(2, 4);
    assertThat(clock.now()).isBeforeOrEqualTo(start.plus(Duration.ofMinutes(1)));
  }

  @Test
  void throttledAndTransientCallsAreRetriedAndReported() throws InterruptedException {
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).build();
    cloud.faults().failNext(Operation.LIST, 2, FaultKind.THROTTLED).failNext(Operation.LAUNCH, 1, FaultKind.TRANSIENT);
    List<String> retries = new ArrayList<>();
    Executor x = executor(cloud);
    x.launch(web, "g1", spec, image, 2, "tok", v -> { }, (op, attempt, delay, e) -> retries.add(op + "#" + attempt));
    assertThat(x.list(web, (op, attempt, delay, e) -> retries.add(op + "#" + attempt))).hasSize(2);
    assertThat(retries).containsExactly("launch#1", "list#1", "list#2");
    assertThat(x.calls()).isEqualTo(5);
    assertThat(x.mutatingCalls()).isEqualTo(2);
  }

  @Test
  void aTerminateIsSplitIntoTheDriversBatchesAndAThrottledBatchAloneIsSentAgain() throws InterruptedException {
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).maxTerminateBatch(2).build();
    List<java.util.Set<io.immut.api.InstanceId>> sent = new ArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean throttledOnce = new java.util.concurrent.atomic.AtomicBoolean();
    Executor x = new Executor(new ForwardingCloudDriver(cloud.driver()) {
      @Override
      public void terminate(java.util.Set<io.immut.api.InstanceId> ids) {
        sent.add(java.util.Set.copyOf(ids));
        if (sent.size() == 3 && throttledOnce.compareAndSet(false, true)) {
          throw new DriverException.Throttled("terminate", "Throttled", "slow down", Duration.ofSeconds(1), null);
        }
        super.terminate(ids);
      }
    }, clock, AdaptiveRateLimit.standard(), Backoff.DEFAULT, new SplittableRandom(1));
    List<io.immut.api.InstanceId> ids = x.launch(web, "g1", spec, image, 5, "tok", v -> { }, null).instances().stream()
        .map(InstanceView::id).sorted().toList();
    List<String> retries = new ArrayList<>();

    x.terminate(java.util.Set.copyOf(ids), (op, attempt, delay, e) -> retries.add(op + "#" + attempt));

    // batches of 2 in the order of the ids; the third batch was throttled and is the only one sent again
    assertThat(sent).containsExactly(java.util.Set.of(ids.get(0), ids.get(1)), java.util.Set.of(ids.get(2), ids.get(3)),
        java.util.Set.of(ids.get(4)), java.util.Set.of(ids.get(4)));
    assertThat(retries).containsExactly("terminate#1");
    assertThat(cloud.instances()).allSatisfy(i -> assertThat(i.state().isLive()).isFalse());
  }

  @Test
  void aCloudWithNoBatchDeleteGetsTheWholeSetInOneCall() throws InterruptedException {
    // maxTerminateBatch 1 (Azure: one DELETE per VM): the driver sends the requests with its own
    // concurrency; one engine call per instance would queue them all behind the engine's call rate
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).maxTerminateBatch(1).build();
    List<java.util.Set<io.immut.api.InstanceId>> sent = new ArrayList<>();
    Executor x = new Executor(new ForwardingCloudDriver(cloud.driver()) {
      @Override
      public void terminate(java.util.Set<io.immut.api.InstanceId> ids) {
        sent.add(java.util.Set.copyOf(ids));
        super.terminate(ids);
      }
    }, clock, AdaptiveRateLimit.standard(), Backoff.DEFAULT, new SplittableRandom(1));
    java.util.Set<io.immut.api.InstanceId> ids = x.launch(web, "g1", spec, image, 5, "tok", v -> { }, null).instances()
        .stream().map(InstanceView::id).collect(java.util.stream.Collectors.toSet());

    x.terminate(ids, null);

    assertThat(sent).containsExactly(ids);
    assertThat(cloud.instances()).allSatisfy(i -> assertThat(i.state().isLive()).isFalse());
  }

  @Test
  void aWavesBatchesGoOutSideBySideAndAThrottledOneHoldsUpNoOther() throws InterruptedException {
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).maxLaunchBatch(4).build();
    cloud.faults().failNext(Operation.LAUNCH, 2, FaultKind.THROTTLED);
    java.time.Instant start = clock.now();
    List<java.time.Duration> answeredAfter = new ArrayList<>();
    Executor x = new Executor(new ForwardingCloudDriver(cloud.driver()) {
      @Override
      public LaunchResult launch(LaunchRequest request) {
        LaunchResult r = super.launch(request);
        answeredAfter.add(java.time.Duration.between(start, clock.now()));
        return r;
      }
    }, clock, AdaptiveRateLimit.standard(), Backoff.DEFAULT, new SplittableRandom(1));
    List<String> retries = new ArrayList<>();

    Executor.Launched l = x.launch(web, "g1", spec, image, 10, "tok", v -> { },
        (op, attempt, delay, e) -> retries.add(op + "#" + attempt));

    // batches of 4, 4 and 2: the first two were throttled once each and answered a second later; the
    // third went out beside them and was answered at once, not after their retries
    assertThat(l.instances()).hasSize(10);
    assertThat(l.shortfall()).isEmpty();
    assertThat(retries).containsExactly("launch#1", "launch#1");
    assertThat(answeredAfter).containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1));
    assertThat(cloud.calls().count(Operation.LAUNCH)).isEqualTo(5);
  }

  @Test
  void aQuotaInOneBatchOfARoundStopsTheRolloutAfterTheOthersAreReported() {
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).maxLaunchBatch(4).build();
    cloud.faults().failNext(Operation.LAUNCH, 1, FaultKind.QUOTA);
    List<InstanceView> reported = new ArrayList<>();
    assertThatThrownBy(() -> executor(cloud).launch(web, "g1", spec, image, 10, "tok", reported::addAll, null))
        .isInstanceOfSatisfying(RolloutStop.class, e -> assertThat(e.kind()).isEqualTo(RolloutStop.Kind.QUOTA));
    // the two batches the cloud took are reported, so that the rollback finds and deletes them
    assertThat(reported).hasSize(6);
    assertThat(cloud.instances().stream().filter(i -> i.state().isLive())).hasSize(6);
  }

  @Test
  void capacityErrorsHalveTheBatch() throws InterruptedException {
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).build();
    cloud.faults().failNext(Operation.LAUNCH, 2, FaultKind.CAPACITY);
    Executor.Launched l = executor(cloud).launch(web, "g1", spec, image, 8, "tok", v -> { }, null);
    assertThat(l.instances()).hasSize(8);
    // 8 fails, 4 fails, then batches of 2
    assertThat(cloud.calls().count(Operation.LAUNCH)).isEqualTo(6);
  }

  @Test
  void noCapacityEvenForOneInstanceStopsTheRolloutWithAClearMessage() {
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).capacity("t3.micro", 0).build();
    assertThatThrownBy(() -> executor(cloud).launch(web, "g1", spec, image, 4, "tok", v -> { }, null))
        .isInstanceOfSatisfying(RolloutStop.class, e -> assertThat(e.kind()).isEqualTo(RolloutStop.Kind.CAPACITY))
        .hasMessageContaining("no capacity for t3.micro").hasMessageContaining("launched 0 of 4");
  }

  @Test
  void aQuotaStopsTheRollout() {
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).quota(2).build();
    assertThatThrownBy(() -> executor(cloud).launch(web, "g1", spec, image, 4, "tok", v -> { }, null))
        .isInstanceOfSatisfying(RolloutStop.class, e -> assertThat(e.kind()).isEqualTo(RolloutStop.Kind.QUOTA))
        .hasMessageContaining("quota");
  }

  @Test
  void aMissingImageIsAClearFatalError() {
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).images("ami-1").build();
    assertThatThrownBy(() -> executor(cloud).resolveImage(ImageRef.of("ami-404"), null))
        .isInstanceOfSatisfying(RolloutStop.class, e -> assertThat(e.kind()).isEqualTo(RolloutStop.Kind.FATAL))
        .hasMessageContaining("ami-404");
  }
}
