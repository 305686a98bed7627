package io.immut.cli.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.HealthCheck;
import io.immut.api.ImmutException;
import io.immut.core.Immut;
import io.immut.core.history.GenerationStore;
import io.immut.core.rollout.RolloutResult;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverConfig;
import io.immut.spi.DriverContext;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import io.immut.spi.InvalidConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxDriverTest {
  @TempDir
  Path dir;

  private CloudDriver open(Map<String, String> extra) {
    Map<String, String> props = new java.util.HashMap<>(Map.of("dir", dir.toString(), "timeScale", "0.01"));
    props.putAll(extra);
    return new SandboxDriverProvider().create(DriverConfig.of("sandbox", props), DriverContext.system());
  }

  private static final FleetSpec WEB = FleetSpec.builder("web")
      .generation(GenerationSpec.builder().image("ami-web-v1").instanceType("t3.micro")
          .healthCheck(HealthCheck.builder().gracePeriod(Duration.ofMillis(200)).interval(Duration.ofMillis(200)).healthyThreshold(1)
              .build()).build())
      .capacity(Capacity.fixed(2)).build();

  @Test
  void aSecondDriverOnTheDirectorySeesTheFleetTheFirstRolledOut() {
    List<String> launched;
    try (CloudDriver first = open(Map.of());
         Immut immut = Immut.builder().driver(first).generationStore(GenerationStore.directory(dir.resolve("history")))
             .lockDirectory(dir.resolve("locks")).build()) {
      RolloutResult result = immut.apply(WEB);
      assertThat(result.outcome()).isEqualTo(RolloutResult.Outcome.COMPLETED);
      launched = first.list(new FleetSelector("web", "immut")).stream().map(v -> v.id().value()).sorted().toList();
    }
    try (CloudDriver second = open(Map.of())) {
      List<InstanceView> seen = second.list(new FleetSelector("web", "immut"));
      assertThat(seen.stream().map(v -> v.id().value()).sorted().toList()).isEqualTo(launched).hasSize(2);
      assertThat(seen).allSatisfy(v -> assertThat(v.state().isLive()).isTrue());
      assertThat(second.scope().processLocal()).as("leases and commands through files").isFalse();
    }
  }

  @Test
  void otherSettingsOnAUsedSandboxAreRefusedWithTheResetAsFix() {
    try (CloudDriver first = open(Map.of()); Immut immut = Immut.builder().driver(first)
        .generationStore(GenerationStore.directory(dir.resolve("history"))).lockDirectory(dir.resolve("locks")).build()) {
      immut.apply(WEB);
    }
    assertThatThrownBy(() -> open(Map.of("bootTime", "9s"))).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("immut sandbox reset");
    assertThatThrownBy(() -> open(Map.of("noSuchKey", "1"))).isInstanceOf(ImmutException.class)
        .hasMessageContaining("noSuchKey");
  }

  @Test
  void aResetEmptiesTheCloudAndADriverStillOpenSaysSo() {
    try (CloudDriver first = open(Map.of()); Immut immut = Immut.builder().driver(first)
        .generationStore(GenerationStore.directory(dir.resolve("history"))).lockDirectory(dir.resolve("locks")).build()) {
      immut.apply(WEB);
      assertThat(SandboxDirectory.at(dir).reset()).isTrue();
      assertThatThrownBy(() -> first.list(new FleetSelector("web", "immut"))).isInstanceOf(ImmutException.class)
          .hasMessageContaining("was reset while this command ran");
    }
    try (CloudDriver fresh = open(Map.of("bootTime", "9s"))) {
      assertThat(fresh.list(new FleetSelector("web", "immut"))).isEmpty();
    }
  }
}
