package io.immut.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.ImmutException;
import io.immut.api.InvalidSpecException;
import io.immut.api.SpecProblem;
import io.immut.core.Immut;
import io.immut.core.history.GenerationRecord;
import io.immut.core.history.GenerationStatus;
import io.immut.core.history.GenerationStore;
import io.immut.spi.ForwardingCloudDriver;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan, check and apply stop before any change on what the driver and the history report. */
class PreflightTest {
  @TempDir
  Path locks;

  /** A driver that refuses two things in every generation spec and counts its calls. */
  private static final class Refusing extends ForwardingCloudDriver {
    final AtomicInteger calls = new AtomicInteger();

    Refusing(io.immut.spi.CloudDriver d) {
      super(d);
    }

    @Override
    public List<SpecProblem> check(GenerationSpec spec) {
      return List.of(new SpecProblem("placement.zones[0]", "zone 'mars-1a' does not exist", "the region's zones"),
          new SpecProblem("placement.properties.subnet", "not a subnet id", "subnet-..."));
    }

    @Override
    public io.immut.api.Image resolveImage(io.immut.api.ImageRef ref) {
      calls.incrementAndGet();
      return super.resolveImage(ref);
    }

    @Override
    public List<io.immut.spi.InstanceView> list(io.immut.spi.FleetSelector selector) {
      calls.incrementAndGet();
      return super.list(selector);
    }
  }

  @Test
  void theDriversProblemsWithTheGenerationSpecStopPlanCheckAndApplyBeforeAnyCloudCall() {
    Scenario s = new Scenario(locks);
    Refusing driver = new Refusing(s.cloud.driver());
    Immut immut = s.newImmut(b -> b.driver(driver));
    FleetSpec spec = Scenario.spec("ami-1", 3);
    for (Runnable call : List.<Runnable>of(() -> immut.plan(spec), () -> immut.check(spec), () -> immut.apply(spec))) {
      assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidSpecException.class, e -> {
        assertThat(e.problems()).extracting(SpecProblem::path)
            .containsExactly("generation.placement.zones[0]", "generation.placement.properties.subnet");
        assertThat(e.getMessage()).contains("fleet spec 'web'").contains("2 problems").contains("mars-1a");
      });
    }
    assertThat(driver.calls).hasValue(0);
    assertThat(immut.driverCalls()).isZero();
    assertThat(immut.mutatingDriverCalls()).isZero();
    assertThat(immut.history("web")).isEmpty();
    assertThat(s.cloud.instances()).isEmpty();
  }

  @Test
  void anUnreadableHistoryStopsApplyBeforeItsFirstChange() {
    Scenario s = new Scenario(locks);
    GenerationStore broken = new GenerationStore() {
      private final GenerationStore inner = GenerationStore.inMemory();

      @Override
      public GenerationRecord record(FleetSpec spec, Instant now) {
        return inner.record(spec, now);
      }

      @Override
      public Optional<GenerationRecord> find(String fleet, String generationId) {
        return inner.find(fleet, generationId);
      }

      @Override
      public Optional<GenerationRecord> byNumber(String fleet, int number) {
        return inner.byNumber(fleet, number);
      }

      @Override
      public List<GenerationRecord> history(String fleet) {
        return inner.history(fleet);
      }

      @Override
      public GenerationRecord updateStatus(String fleet, int number, GenerationStatus status, String reason, Instant now) {
        return inner.updateStatus(fleet, number, status, reason, now);
      }

      @Override
      public void verify(String fleet) {
        throw new ImmutException("history of fleet '" + fleet + "': web-v002.json cannot be read");
      }
    };
    Immut immut = s.newImmut(b -> b.generationStore(broken));
    assertThatThrownBy(() -> immut.apply(Scenario.spec("ami-1", 3))).hasMessageContaining("web-v002.json cannot be read");
    assertThatThrownBy(() -> immut.plan(Scenario.spec("ami-1", 3))).hasMessageContaining("web-v002.json cannot be read");
    assertThat(immut.mutatingDriverCalls()).isZero();
    assertThat(s.cloud.instances()).isEmpty();
    assertThat(broken.history("web")).isEmpty();
  }
}
