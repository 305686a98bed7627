package io.immut.core.internal.execution;

import io.immut.core.rollout.Backoff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.InstanceId;
import io.immut.core.clock.Clock;
import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.FaultKind;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.memory.Operation;
import io.immut.spi.CloudDriver;
import io.immut.spi.FleetSelector;
import io.immut.spi.ForwardingCloudDriver;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link Executor#overlapReads} and the inspections of the executor's retrying view of the driver. */
class OverlappedReadsTest {
  final FleetSelector web = new FleetSelector("web", "immut");

  record Call(Instant at, int key) {}

  static Executor executor(CloudDriver driver, Clock clock) {
    return new Executor(driver, clock, AdaptiveRateLimit.standard(), AdaptiveRateLimit.reads(), Backoff.DEFAULT,
        new SplittableRandom(1));
  }

  static CloudDriver oneByOne(CloudDriver driver) {
    return new ForwardingCloudDriver(driver) {
      @Override
      public io.immut.spi.Capabilities capabilities() {
        return super.capabilities().toBuilder().maxInspectBatch(1).build();
      }
    };
  }

  /** 500 reads of the fleet's listing, 20% of them throttled: the calls made and when. */
  List<Call> throttledRun(List<Integer> answers) throws InterruptedException {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(7).build();
    cloud.faults().throttle(Operation.LIST, 0.2);
    Executor x = executor(cloud.driver(), clock);
    List<Call> calls = new ArrayList<>();
    List<Integer> keys = IntStream.range(0, 500).boxed().toList();
    answers.addAll(x.overlapReads("list", keys, k -> {
      calls.add(new Call(clock.now(), k));
      cloud.driver().list(web);
      return k * 2;
    }, null));
    return calls;
  }

  @Test
  void inVirtualTimeOverlappedReadsAreTheSameCallsAtTheSameInstantsEveryRun() throws InterruptedException {
    List<Integer> first = new ArrayList<>();
    List<Integer> second = new ArrayList<>();
    List<Call> a = throttledRun(first);
    List<Call> b = throttledRun(second);
    assertThat(a).hasSizeGreaterThan(500).isEqualTo(b);
    assertThat(first).isEqualTo(second).isEqualTo(IntStream.range(0, 500).map(i -> i * 2).boxed().toList());
  }

  @Test
  void aThrottledReadWaitsItsBackoffWithoutHoldingUpTheOthers() throws InterruptedException {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).build();
    cloud.faults().failNext(Operation.LIST, 1, FaultKind.THROTTLED);
    Executor x = executor(cloud.driver(), clock);
    Instant start = clock.now();
    List<Call> calls = new ArrayList<>();
    List<Integer> answers = x.overlapReads("list", List.of(0, 1, 2, 3, 4), k -> {
      calls.add(new Call(clock.now(), k));
      cloud.driver().list(web);
      return k;
    }, null);
    assertThat(answers).containsExactly(0, 1, 2, 3, 4);
    // the first read is throttled (the cloud asks for a second); the four others go at once, then it is retried
    assertThat(calls).extracting(Call::key).containsExactly(0, 1, 2, 3, 4, 0);
    assertThat(calls.subList(0, 5)).allMatch(c -> c.at().equals(start));
    assertThat(calls.get(5).at()).isAfterOrEqualTo(start.plusSeconds(1));
  }

  @Test
  void aReadThatFailsForGoodStopsTheOverlapAndNoFurtherReadStarts() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).build();
    Executor x = executor(cloud.driver(), clock);
    List<Integer> seen = new ArrayList<>();
    assertThatThrownBy(() -> x.overlapReads("list", List.of(0, 1, 2, 3, 4, 5), k -> {
      seen.add(k);
      if (k == 2) {
        cloud.faults().failNext(Operation.LIST, 1, FaultKind.AUTH);
      }
      cloud.driver().list(web);
      return k;
    }, null)).isInstanceOf(RolloutStop.class).hasMessageContaining("list was refused");
    assertThat(seen).containsExactly(0, 1, 2);
  }

  @Test
  void onTheSystemClockTheReadsRunOnAPoolAndAnswerInOrder() throws InterruptedException {
    MemoryCloud cloud = MemoryCloud.builder().build();
    Executor x = executor(cloud.driver(), Clock.system());
    java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    List<Integer> keys = IntStream.range(0, 300).boxed().toList();
    List<Integer> answers = x.overlapReads("list", keys, k -> {
      threads.add(Thread.currentThread().getName());
      return k + 1;
    }, null);
    assertThat(answers).isEqualTo(IntStream.range(1, 301).boxed().toList());
    assertThat(threads).allMatch(n -> n.startsWith("immut-read-list-"));
  }

  @Test
  void theRetryingViewInspectsAnyNumberOneCallPerInstanceForADriverThatCannotBatch() throws InterruptedException {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).build();
    Executor x = executor(oneByOne(cloud.driver()), clock);
    List<InstanceView> launched = x.launch(web, "g1", GenerationSpec.builder().image("ami-1").instanceType("t3.micro").build(),
        new Image("ami-1", null, null, null, null), 40, "tok", v -> { }, null).instances();
    cloud.calls().reset();
    cloud.faults().throttle(Operation.INSPECT, 0.2);
    CloudDriver view = x.retrying();
    assertThat(view.capabilities().maxInspectBatch()).isEqualTo(Integer.MAX_VALUE);
    List<InstanceId> ids = new ArrayList<>(launched.stream().map(InstanceView::id).toList());
    ids.add(new InstanceId("i-0gone"));
    Map<InstanceId, InstanceInspection> inspected = view.inspectAll(ids);
    assertThat(inspected.keySet()).containsExactlyElementsOf(ids.subList(0, 40));
    assertThat(cloud.calls().count(Operation.INSPECT)).isGreaterThanOrEqualTo(41);
  }

  @Test
  void theRetryingViewInspectsInTheDriversBatches() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).build();
    Executor x = executor(cloud.driver(), clock);
    List<InstanceId> ids = IntStream.range(0, 2500).mapToObj(i -> new InstanceId("i-" + i)).toList();
    assertThat(x.retrying().inspectAll(ids)).isEmpty();
    assertThat(cloud.calls().count(Operation.INSPECT)).isEqualTo(3);
  }
}
