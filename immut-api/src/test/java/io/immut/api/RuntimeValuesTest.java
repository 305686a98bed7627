package io.immut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The values that describe what exists: generations, images, instances, fleet status. */
class RuntimeValuesTest {
  private static final Instant NOW = Instant.parse("2026-11-27T04:00:00Z");

  @Test
  void generationNamesHaveAtLeastThreeDigits() {
    assertThat(new Generation("web", 3, "abc").name()).isEqualTo("web-v003");
    assertThat(new Generation("web", 1234, "abc").name()).isEqualTo("web-v1234");
    assertThat(new Generation("web", 7, "5f2c0e9a1b")).hasToString("web-v007 (5f2c0e9a1b)");
    assertThat(Generation.numberOf("web-v003")).isEqualTo(3);
    assertThat(Generation.numberOf("my-web-v1234")).isEqualTo(1234);
  }

  @Test
  void generationNumbersStartAtOne() {
    assertThatThrownBy(() -> new Generation("web", 0, "abc")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("starts at 1");
    assertThatThrownBy(() -> new Generation(null, 1, "abc")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Generation("web", 1, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void onlyGenerationNamesHaveANumber() {
    for (String name : List.of("web", "web-v3", "web-v", "web-vabc", "-v003x")) {
      assertThatThrownBy(() -> Generation.numberOf(name)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a generation name");
    }
  }

  @Test
  void generationsOrderByFleetThenNumber() {
    List<Generation> gens = new ArrayList<>(List.of(new Generation("web", 10, "a"), new Generation("api", 2, "b"),
        new Generation("web", 2, "c")));
    gens.sort(null);
    assertThat(gens).extracting(Generation::name).containsExactly("api-v002", "web-v002", "web-v010");
  }

  @Test
  void instanceIdsAreNotBlank() {
    assertThatThrownBy(() -> InstanceId.of(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InstanceId.of(null)).isInstanceOf(NullPointerException.class);
    assertThat(InstanceId.of("i-1")).hasToString("i-1").isLessThan(InstanceId.of("i-2"));
  }

  @Test
  void imagesDefaultTheirNameAndVersion() {
    Image image = new Image("ami-1", null, null, null, null);
    assertThat(image.name()).isEqualTo("ami-1");
    assertThat(image.version()).isEmpty();
    assertThat(image.labels()).isEmpty();
    assertThat(image.created()).isEmpty();
    assertThatThrownBy(() -> new Image(null, "x", "1", NOW, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void anInstanceIsHealthyWhenRunningAndHealthy() {
    Instance running = instance(InstanceState.RUNNING, HealthStatus.HEALTHY);
    assertThat(running.isHealthy()).isTrue();
    assertThat(instance(InstanceState.PROVISIONING, HealthStatus.HEALTHY).isHealthy()).isFalse();
    assertThat(instance(InstanceState.RUNNING, null).health()).isEqualTo(HealthStatus.UNKNOWN);
    assertThat(instance(InstanceState.RUNNING, null).isHealthy()).isFalse();
  }

  @Test
  void fleetStatusCountsAndFilters() {
    List<Instance> instances = List.of(instance(InstanceState.RUNNING, HealthStatus.HEALTHY),
        instance(InstanceState.RUNNING, HealthStatus.UNHEALTHY));
    FleetStatus status = new FleetStatus("web", new Generation("web", 1, "g1"), null, 2, instances, null, NOW);
    assertThat(status.healthyCount()).isEqualTo(1);
    assertThat(status.instancesOf("g1")).hasSize(2);
    assertThat(status.instancesOf("g2")).isEmpty();
    assertThat(status.live()).isPresent();
    assertThat(status.target()).isEmpty();
    assertThat(status.cost()).isEmpty();
    assertThat(new FleetStatus("web", null, null, 0, null, BigDecimal.ONE, NOW).instances()).isEmpty();
  }

  private static Instance instance(InstanceState state, HealthStatus health) {
    return new Instance(InstanceId.of("i-" + state + health), "web", "g1", state, health, "t3.micro", "ami-1", "a", NOW,
        "10.0.0.1");
  }
}
