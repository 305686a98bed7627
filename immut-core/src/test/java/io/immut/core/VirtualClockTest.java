package io.immut.core;

import io.immut.core.clock.VirtualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The virtual clock")
class VirtualClockTest {
  private final VirtualClock clock = new VirtualClock();
  private final List<String> ran = new ArrayList<>();

  private Instant at(long seconds) {
    return VirtualClock.DEFAULT_START.plusSeconds(seconds);
  }

  @Test
  @DisplayName("starts at its start instant and moves only when told to")
  void start() {
    assertThat(clock.now()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(new VirtualClock(at(100)).now()).isEqualTo(at(100));
    assertThat(clock.now()).isEqualTo(clock.now());
  }

  @Test
  @DisplayName("advance moves time forward and runs every task due on the way at its due instant")
  void advance() {
    clock.schedule(Duration.ofSeconds(5), () -> ran.add("5@" + clock.now()));
    clock.schedule(Duration.ofSeconds(2), () -> ran.add("2@" + clock.now()));
    clock.schedule(Duration.ofSeconds(20), () -> ran.add("20@" + clock.now()));
    assertThat(clock.advance(Duration.ofSeconds(10))).isEqualTo(at(10));
    assertThat(ran).containsExactly("2@" + at(2), "5@" + at(5));
    assertThat(clock.now()).isEqualTo(at(10));
    assertThat(clock.pendingTasks()).isEqualTo(1);
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("sleep advances instead of blocking")
  void sleep() throws InterruptedException {
    clock.schedule(Duration.ofMinutes(30), () -> ran.add("task"));
    clock.sleep(Duration.ofHours(2));
    assertThat(clock.now()).isEqualTo(at(7200));
    assertThat(ran).containsExactly("task");
  }

  @Test
  @DisplayName("tasks due at the same instant run in scheduling order")
  void ties() {
    for (String name : List.of("a", "b", "c", "d")) {
      clock.scheduleAt(at(3), () -> ran.add(name));
    }
    clock.schedule(Duration.ofSeconds(1), () -> ran.add("first"));
    clock.runUntilIdle();
    assertThat(ran).containsExactly("first", "a", "b", "c", "d");
  }

  @Test
  @DisplayName("runUntil runs the tasks due by the target, counts them, and sets the clock to the target")
  void runUntil() {
    clock.schedule(Duration.ofSeconds(1), () -> ran.add("1"));
    clock.schedule(Duration.ofSeconds(4), () -> ran.add("4"));
    clock.schedule(Duration.ofSeconds(5), () -> ran.add("5"));
    assertThat(clock.runUntil(at(4))).isEqualTo(2);
    assertThat(clock.now()).isEqualTo(at(4));
    assertThat(ran).containsExactly("1", "4");
    assertThat(clock.runUntil(at(2))).isZero();
    assertThat(clock.now()).as("never goes back").isEqualTo(at(4));
  }

  @Test
  @DisplayName("tasks scheduled by tasks run in time order; a task in the past runs at the next move")
  void nested() {
    clock.schedule(Duration.ofSeconds(1), () -> {
      ran.add("outer@" + clock.now());
      clock.schedule(Duration.ofSeconds(1), () -> ran.add("inner@" + clock.now()));
    });
    clock.scheduleAt(at(-10), () -> ran.add("past@" + clock.now()));
    assertThat(clock.runUntilIdle()).isEqualTo(3);
    assertThat(ran).containsExactly("past@" + at(0), "outer@" + at(1), "inner@" + at(2));
    assertThat(clock.now()).isEqualTo(at(2));
  }

  @Test
  @DisplayName("runUntilIdle stops at its bound when a task reschedules itself forever")
  void idleBound() {
    AtomicInteger count = new AtomicInteger();
    Runnable[] forever = new Runnable[1];
    forever[0] = () -> {
      count.incrementAndGet();
      clock.schedule(Duration.ofSeconds(1), forever[0]);
    };
    clock.schedule(Duration.ZERO, forever[0]);
    assertThatThrownBy(() -> clock.runUntilIdle(100)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("100");
    assertThat(count.get()).isEqualTo(100);
    assertThat(clock.pendingTasks()).isEqualTo(1);
  }

  @Test
  @DisplayName("a cancelled task does not run")
  void cancel() {
    VirtualClock.Scheduled handle = clock.schedule(Duration.ofSeconds(1), () -> ran.add("cancelled"));
    clock.schedule(Duration.ofSeconds(2), () -> ran.add("kept"));
    assertThat(handle.cancel()).isTrue();
    assertThat(handle.cancel()).isFalse();
    clock.advance(Duration.ofSeconds(5));
    assertThat(ran).containsExactly("kept");
  }
}
