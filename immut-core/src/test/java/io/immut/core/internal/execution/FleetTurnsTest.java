package io.immut.core.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.core.clock.Clock;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.rollout.Backoff;
import io.immut.core.rollout.DriverCall;
import io.immut.spi.FleetSelector;
import io.immut.spi.ForwardingCloudDriver;
import io.immut.spi.InstanceView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Fleets share one rate limit in turns: a fleet calling from many threads at once (a large
 * rollout's overlapped reads) holds one place in the limit's queue, so a fleet with a single call
 * at a time is served between two of its calls, not after all of them. On the system clock, at
 * 20 calls a second; nothing is asserted about time.
 */
class FleetTurnsTest {

  @Test
  void aFleetCallingFromManyThreadsDoesNotStarveAFleetCallingFromOne() throws Exception {
    MemoryCloud cloud = MemoryCloud.builder().clock(Clock.system()).build();
    List<String> grants = Collections.synchronizedList(new ArrayList<>());
    ForwardingCloudDriver recording = new ForwardingCloudDriver(cloud.driver()) {
      @Override
      public List<InstanceView> list(FleetSelector selector) {
        grants.add(Executor.currentFleet());
        return delegate().list(selector);
      }
    };
    AdaptiveRateLimit slow = AdaptiveRateLimit.builder().minRate(20).initialRate(20).maxRate(20).build();
    Executor executor = new Executor(recording, Clock.system(), slow, slow, Backoff.DEFAULT, new SplittableRandom(1));
    List<DriverCall> told = Collections.synchronizedList(new ArrayList<>());
    executor.observeCalls(told::add);
    FleetSelector selector = new FleetSelector("any", "immut");
    // empty the bucket, so that every call below waits for its turn
    for (int i = 0; i < 20; i++) {
      executor.list(selector, null);
    }
    grants.clear();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      threads.add(new Thread(() -> call(executor, selector, "heavy", 5, go)));
    }
    threads.add(new Thread(() -> call(executor, selector, "light", 5, go)));
    threads.forEach(Thread::start);
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    List<String> order = List.copyOf(grants);
    assertThat(order).hasSize(35);
    int lastLight = order.lastIndexOf("light");
    // served in turns: the light fleet's 5 calls are done within the first dozen grants, not after
    // the heavy fleet's 30 (without turns, six threads against one take 6 of every 7 grants)
    assertThat(lastLight).as("grant order %s", order).isLessThan(14);
    int heavyInARow = 0;
    for (int i = 0; i <= lastLight; i++) {
      heavyInARow = order.get(i).equals("heavy") ? heavyInARow + 1 : 0;
      assertThat(heavyInARow).as("heavy calls in a row before light's last, order %s", order).isLessThanOrEqualTo(2);
    }
    assertThat(told).filteredOn(c -> "light".equals(c.fleet())).hasSize(5)
        .allMatch(c -> c.operation().equals("list") && c.outcome() == DriverCall.Outcome.SUCCEEDED && !c.mutating());
  }

  private static void call(Executor executor, FleetSelector selector, String fleet, int calls, CountDownLatch go) {
    try {
      go.await();
      Executor.onBehalfOf(fleet, () -> {
        for (int i = 0; i < calls; i++) {
          executor.list(selector, null);
        }
        return null;
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
