package io.immut.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.ImmutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What every generation store does; each store runs these tests through a subclass. */
abstract class GenerationStoreTest {
  static final Instant T0 = Instant.parse("2026-11-27T04:00:00Z");

  GenerationStore store;

  /** A new, empty store. */
  abstract GenerationStore newStore();

  @BeforeEach
  void open() {
    store = newStore();
  }

  static FleetSpec spec(String fleet, String image) {
    return FleetSpec.builder(fleet).capacity(Capacity.fixed(3))
        .generation(GenerationSpec.builder().image(image).instanceType("t3.micro").build()).build();
  }

  @Nested
  @DisplayName("recording")
  class Recording {
    @Test
    void theFirstGenerationIsNumberOneAndPending() {
      GenerationRecord r = store.record(spec("web", "ami-1"), T0);
      assertThat(r.generation().name()).isEqualTo("web-v001");
      assertThat(r.number()).isEqualTo(1);
      assertThat(r.id()).isEqualTo(spec("web", "ami-1").generationId());
      assertThat(r.status()).isEqualTo(GenerationStatus.PENDING);
      assertThat(r.createdAt()).isEqualTo(T0);
      assertThat(r.updatedAt()).isEqualTo(T0);
      assertThat(r.reason()).isNull();
      assertThat(r.spec()).isEqualTo(spec("web", "ami-1"));
    }

    @Test
    void numbersGrowByOnePerNewGeneration() {
      List<Integer> numbers = new ArrayList<>();
      for (int i = 1; i <= 12; i++) {
        numbers.add(store.record(spec("web", "ami-" + i), T0.plusSeconds(i)).number());
      }
      assertThat(numbers).containsExactlyElementsOf(IntStream.rangeClosed(1, 12).boxed().toList());
      assertThat(store.byNumber("web", 12).orElseThrow().generation().name()).isEqualTo("web-v012");
    }

    @Test
    void recordingAKnownGenerationReturnsItsRecord() {
      GenerationRecord first = store.record(spec("web", "ami-1"), T0);
      store.record(spec("web", "ami-2"), T0.plusSeconds(1));
      GenerationRecord again = store.record(spec("web", "ami-1"), T0.plusSeconds(2));
      assertThat(again).isEqualTo(first);
      assertThat(store.history("web")).hasSize(2);
    }

    @Test
    void aKnownGenerationKeepsItsStatusWhenRecordedAgain() {
      store.record(spec("web", "ami-1"), T0);
      store.updateStatus("web", 1, GenerationStatus.FAILED, "health gate failed", T0.plusSeconds(60));
      GenerationRecord again = store.record(spec("web", "ami-1"), T0.plusSeconds(120));
      assertThat(again.number()).isEqualTo(1);
      assertThat(again.status()).isEqualTo(GenerationStatus.FAILED);
    }

    @Test
    void fleetLevelChangesAreTheSameGeneration() {
      GenerationRecord first = store.record(spec("web", "ami-1"), T0);
      FleetSpec bigger = spec("web", "ami-1").toBuilder().capacity(Capacity.fixed(10)).build();
      assertThat(store.record(bigger, T0.plusSeconds(1))).isEqualTo(first);
    }

    @Test
    void fleetsAreNumberedIndependently() {
      store.record(spec("web", "ami-1"), T0);
      store.record(spec("web", "ami-2"), T0);
      GenerationRecord api = store.record(spec("api", "ami-1"), T0);
      assertThat(api.generation().name()).isEqualTo("api-v001");
      assertThat(store.history("web")).hasSize(2);
      assertThat(store.history("api")).hasSize(1);
    }
  }

  @Nested
  @DisplayName("looking up")
  class LookingUp {
    @Test
    void findsByIdAndByNumber() {
      GenerationRecord one = store.record(spec("web", "ami-1"), T0);
      GenerationRecord two = store.record(spec("web", "ami-2"), T0);
      assertThat(store.find("web", two.id())).contains(two);
      assertThat(store.byNumber("web", 1)).contains(one);
      assertThat(store.find("web", "0000000000")).isEmpty();
      assertThat(store.find("api", one.id())).isEmpty();
      assertThat(store.byNumber("web", 3)).isEmpty();
      assertThat(store.byNumber("web", 0)).isEmpty();
      assertThat(store.byNumber("web", -1)).isEmpty();
    }

    @Test
    void historyIsAscendingByNumber() {
      for (int i = 1; i <= 5; i++) {
        store.record(spec("web", "ami-" + i), T0.plusSeconds(10 - i));
      }
      assertThat(store.history("web")).extracting(GenerationRecord::number).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void anUnknownFleetHasNoHistory() {
      assertThat(store.history("nobody")).isEmpty();
      assertThat(store.history("../etc")).isEmpty();
      assertThat(store.latest("nobody")).isEmpty();
      assertThat(store.live("nobody")).isEmpty();
    }

    @Test
    void liveAndLatest() {
      store.record(spec("web", "ami-1"), T0);
      store.record(spec("web", "ami-2"), T0);
      store.record(spec("web", "ami-3"), T0);
      assertThat(store.live("web")).isEmpty();
      store.updateStatus("web", 2, GenerationStatus.LIVE, null, T0);
      assertThat(store.live("web").orElseThrow().number()).isEqualTo(2);
      assertThat(store.latest("web").orElseThrow().number()).isEqualTo(3);
    }

    @Test
    void theHistoryIsASnapshot() {
      store.record(spec("web", "ami-1"), T0);
      List<GenerationRecord> before = store.history("web");
      store.record(spec("web", "ami-2"), T0);
      assertThat(before).hasSize(1);
      assertThatThrownBy(() -> before.add(before.get(0))).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  @DisplayName("status changes")
  class StatusChanges {
    @Test
    void updateStatusKeepsCreationAndRecordsWhenAndWhy() {
      store.record(spec("web", "ami-1"), T0);
      GenerationRecord live = store.updateStatus("web", 1, GenerationStatus.LIVE, "rollout completed", T0.plusSeconds(90));
      assertThat(live.status()).isEqualTo(GenerationStatus.LIVE);
      assertThat(live.reason()).isEqualTo("rollout completed");
      assertThat(live.why()).contains("rollout completed");
      assertThat(live.createdAt()).isEqualTo(T0);
      assertThat(live.updatedAt()).isEqualTo(T0.plusSeconds(90));
      assertThat(store.byNumber("web", 1)).contains(live);
      assertThat(store.find("web", live.id())).contains(live);
    }

    @Test
    void theLifeOfAGeneration() {
      store.record(spec("web", "ami-1"), T0);
      store.updateStatus("web", 1, GenerationStatus.LIVE, "rollout completed", T0.plusSeconds(60));
      store.record(spec("web", "ami-2"), T0.plusSeconds(100));
      store.updateStatus("web", 2, GenerationStatus.FAILED, "2 of 3 instances never turned healthy", T0.plusSeconds(200));
      store.record(spec("web", "ami-3"), T0.plusSeconds(300));
      store.updateStatus("web", 3, GenerationStatus.LIVE, "rollout completed", T0.plusSeconds(400));
      store.updateStatus("web", 1, GenerationStatus.RETIRED, "replaced by web-v003", T0.plusSeconds(400));
      store.updateStatus("web", 3, GenerationStatus.ROLLED_BACK, "rolled back by an operator", T0.plusSeconds(500));
      assertThat(store.history("web")).extracting(GenerationRecord::status).containsExactly(
          GenerationStatus.RETIRED, GenerationStatus.FAILED, GenerationStatus.ROLLED_BACK);
      assertThat(store.history("web")).extracting(GenerationRecord::reason).containsExactly(
          "replaced by web-v003", "2 of 3 instances never turned healthy", "rolled back by an operator");
    }

    @Test
    void aNullReasonClearsThePreviousOne() {
      store.record(spec("web", "ami-1"), T0);
      store.updateStatus("web", 1, GenerationStatus.FAILED, "gate failed", T0);
      assertThat(store.updateStatus("web", 1, GenerationStatus.PENDING, null, T0).reason()).isNull();
      assertThat(store.byNumber("web", 1).orElseThrow().why()).isEmpty();
    }

    @Test
    void aClockThatWentBackDoesNotMakeAnUpdateOlderThanTheCreation() {
      store.record(spec("web", "ami-1"), T0);
      assertThat(store.updateStatus("web", 1, GenerationStatus.LIVE, null, T0.minusSeconds(5)).updatedAt()).isEqualTo(T0);
    }

    @Test
    void anUnknownNumberIsAClearError() {
      store.record(spec("web", "ami-1"), T0);
      store.record(spec("web", "ami-2"), T0);
      assertThatThrownBy(() -> store.updateStatus("web", 7, GenerationStatus.LIVE, null, T0))
          .isInstanceOf(ImmutException.class)
          .hasMessageContaining("Fleet 'web' has no generation web-v007")
          .hasMessageContaining("its generations are web-v001 to web-v002");
      assertThatThrownBy(() -> store.updateStatus("api", 1, GenerationStatus.LIVE, null, T0))
          .isInstanceOf(ImmutException.class)
          .hasMessageContaining("it has no generations yet");
    }
  }

  @Nested
  @DisplayName("under concurrency")
  class Concurrency {
    @Test
    void concurrentRecordsNeverShareANumberNorSplitAnId() throws Exception {
      int specs = 24;
      int threads = 8;
      List<FleetSpec> all = IntStream.rangeClosed(1, specs).mapToObj(i -> spec("web", "ami-" + i)).toList();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      try {
        List<Future<List<GenerationRecord>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          List<FleetSpec> order = new ArrayList<>(all);
          Collections.shuffle(order, new Random(t));
          results.add(pool.submit(() -> {
            start.await();
            List<GenerationRecord> got = new ArrayList<>();
            for (FleetSpec s : order) {
              got.add(store.record(s, T0));
            }
            return got;
          }));
        }
        start.countDown();
        Map<String, Set<Integer>> numbersById = new HashMap<>();
        Map<Integer, Set<String>> idsByNumber = new HashMap<>();
        for (Future<List<GenerationRecord>> f : results) {
          for (GenerationRecord r : f.get(60, TimeUnit.SECONDS)) {
            numbersById.computeIfAbsent(r.id(), k -> new HashSet<>()).add(r.number());
            idsByNumber.computeIfAbsent(r.number(), k -> new HashSet<>()).add(r.id());
          }
        }
        assertThat(numbersById).hasSize(specs).allSatisfy((id, numbers) -> assertThat(numbers).hasSize(1));
        assertThat(idsByNumber).hasSize(specs).allSatisfy((number, ids) -> assertThat(ids).hasSize(1));
        assertThat(idsByNumber.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, specs).boxed().toList());
        assertThat(store.history("web")).hasSize(specs);
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    void concurrentRecordsOfOneSpecGiveOneRecord() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Future<GenerationRecord>> results = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
          results.add(pool.submit(() -> store.record(spec("web", "ami-1"), T0)));
        }
        Set<GenerationRecord> distinct = new HashSet<>();
        for (Future<GenerationRecord> f : results) {
          distinct.add(f.get(60, TimeUnit.SECONDS));
        }
        assertThat(distinct).singleElement().satisfies(r -> assertThat(r.number()).isEqualTo(1));
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
