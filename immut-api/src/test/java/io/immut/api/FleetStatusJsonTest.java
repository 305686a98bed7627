package io.immut.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the JSON schema of {@link FleetStatus#toJson()}, as docs/concepts.md documents it. */
class FleetStatusJsonTest {
  private static final Instant AT = Instant.parse("2026-03-02T12:00:00Z");

  @Test
  void rendersEveryFieldInAStableSchema() {
    Generation live = new Generation("web", 3, "abcdef012345");
    Instance i = new Instance(new InstanceId("i-1"), "web", "abcdef012345", InstanceState.RUNNING, HealthStatus.HEALTHY,
        "t3.micro", "ami-1", "eu-west-1a", AT.minusSeconds(60), "10.0.0.1");
    FleetStatus s = new FleetStatus("web", live, null, 1, List.of(i), new BigDecimal("0.0104"), AT);

    assertThat(s.toJson()).isEqualTo("{\"desiredCapacity\":1,\"fleet\":\"web\",\"healthyCount\":1,\"hourlyCost\":\"0.0104\","
        + "\"instances\":[{\"address\":\"10.0.0.1\",\"generationId\":\"abcdef012345\",\"health\":\"HEALTHY\",\"id\":\"i-1\","
        + "\"imageId\":\"ami-1\",\"instanceType\":\"t3.micro\",\"launchedAt\":\"2026-03-02T11:59:00Z\",\"state\":\"RUNNING\","
        + "\"zone\":\"eu-west-1a\"}],\"kept\":null,\"live\":{\"id\":\"abcdef012345\",\"name\":\"web-v003\",\"number\":3},"
        + "\"nextWorkDue\":null,\"observedAt\":\"2026-03-02T12:00:00Z\",\"schemaVersion\":1,\"target\":null}");
  }

  @Test
  void unknownFieldsArePresentAsNull() {
    FleetStatus empty = new FleetStatus("web", null, null, 0, List.of(), null, AT);
    assertThat(empty.toJson()).isEqualTo("{\"desiredCapacity\":0,\"fleet\":\"web\",\"healthyCount\":0,\"hourlyCost\":null,"
        + "\"instances\":[],\"kept\":null,\"live\":null,\"nextWorkDue\":null,\"observedAt\":\"2026-03-02T12:00:00Z\",\"schemaVersion\":1,\"target\":null}");
  }

  @Test
  void aKeptGenerationIsRenderedWithTheEndOfItsWindowAsTheNextWorkDue() {
    Generation live = new Generation("web", 3, "abcdef012345");
    Generation kept = new Generation("web", 2, "0123456789ab");
    FleetStatus s = new FleetStatus("web", live, null, 0, List.of(), null, AT, kept, AT.plusSeconds(1800));
    assertThat(s.nextWorkDue()).contains(AT.plusSeconds(1800));
    assertThat(s.toJson()).contains("\"kept\":{\"id\":\"0123456789ab\",\"name\":\"web-v002\",\"number\":2,"
        + "\"until\":\"2026-03-02T12:30:00Z\"}").contains("\"nextWorkDue\":\"2026-03-02T12:30:00Z\"");
  }

  @Test
  void aKeptGenerationNeedsTheEndOfItsWindow() {
    Generation kept = new Generation("web", 2, "0123456789ab");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FleetStatus("web", null, null, 0, List.of(), null, AT, kept, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("go together");
  }
}
