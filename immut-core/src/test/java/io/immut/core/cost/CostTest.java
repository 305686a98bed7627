package io.immut.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.immut.api.CostPolicy;
import io.immut.api.HealthStatus;
import io.immut.api.ImmutException;
import io.immut.api.Instance;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.InvalidSpecException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Prices, budgets and cost reports")
class CostTest {
  static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  static final PriceTable PRICES = PriceTable.of(Map.of("t3.micro", new BigDecimal("0.0104"), "t3.large", new BigDecimal("0.0832")));

  static Instance instance(String id, String gen, String type, InstanceState state) {
    return new Instance(new InstanceId(id), "web", gen, state, HealthStatus.HEALTHY, type, "ami-1", "a", NOW.minusSeconds(3600), null);
  }

  @Test
  @DisplayName("a JSON price table reads exact decimals, writes them back, and lists every bad entry")
  void priceTable() {
    PriceTable t = PriceTable.fromJson("{\"currency\":\"EUR\",\"prices\":{\"a1\":\"0.0104\",\"b2\":0.5}}");
    assertThat(t.currency()).isEqualTo("EUR");
    assertThat(t.hourlyPrice("a1")).hasValue(new BigDecimal("0.0104"));
    assertThat(t.hourlyPrice("b2")).hasValue(new BigDecimal("0.5"));
    assertThat(t.hourlyPrice("zz")).isEmpty();
    assertThat(PriceTable.fromJson(t.toJson()).prices()).isEqualTo(t.prices());
    assertThatThrownBy(() -> PriceTable.fromJson("{\"currency\":\"euro\",\"prices\":{\"a\":\"x\",\"b\":-1}}"))
        .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems())
            .extracting(p -> p.path()).containsExactlyInAnyOrder("prices.a"));
    assertThatThrownBy(() -> PriceTable.fromJson("{\"currency\":\"euro\",\"prices\":{\"b\":-1}}"))
        .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems())
            .extracting(p -> p.path()).containsExactlyInAnyOrder("currency", "prices.b"));
  }

  @Test
  @DisplayName("a price table resource on the class path")
  void resource() {
    assertThat(PriceTable.fromResource("prices-test.json").hourlyPrice("m5.large")).hasValue(new BigDecimal("0.096"));
    assertThatThrownBy(() -> PriceTable.fromResource("nope.json")).hasMessageContaining("nope.json");
  }

  @Test
  @DisplayName("a budget allows floor(budget / price) instances and sizes the surge beside the current spend")
  void budget() {
    Budget b = Budget.of(new CostPolicy(new BigDecimal("1.00")), PRICES, "t3.large");
    assertThat(b.maxInstances()).hasValue(12);                   // 1.00 / 0.0832 = 12.02
    assertThat(b.clamp(20)).isEqualTo(12);
    assertThat(b.clamp(5)).isEqualTo(5);
    // 10 x t3.large = 0.832 spent: 0.168 left = 2 more (2.02)
    assertThat(b.additionalInstances(new BigDecimal("0.832"))).isEqualTo(2);
    assertThat(b.additionalInstances(new BigDecimal("1.10"))).isZero();
    assertThat(b.allows(new BigDecimal("0.9984"))).isTrue();
    assertThat(b.allows(new BigDecimal("1.0816"))).isFalse();
    assertThat(b.toString()).isEqualTo("1.00 USD/h = 12 x t3.large at 0.0832 USD/h");
    assertThat(Budget.of(CostPolicy.NONE, null, "t3.large").maxInstances()).isEmpty();
    assertThat(Budget.unlimited().additionalInstances(BigDecimal.TEN)).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> Budget.of(new CostPolicy(BigDecimal.ONE), PRICES, "m9.huge"))
        .isInstanceOf(ImmutException.class).hasMessageContaining("no price for instance type 'm9.huge'")
        .hasMessageContaining("cannot be enforced");
  }

  @Test
  @DisplayName("a cost report: hourly spend, projected month, overlap and spend by generation, checked by hand")
  void report() {
    List<Instance> fleet = List.of(
        instance("i-1", "g1", "t3.micro", InstanceState.RUNNING),
        instance("i-2", "g1", "t3.micro", InstanceState.RUNNING),
        instance("i-3", "g2", "t3.large", InstanceState.RUNNING),
        instance("i-4", "g2", "t3.large", InstanceState.PROVISIONING),
        instance("i-5", "g2", "t3.large", InstanceState.DELETED),
        instance("i-6", "g2", "x9.odd", InstanceState.RUNNING));
    CostReport r = CostReport.builder().fleet("web").instances(fleet).catalog(PRICES)
        .generationNames(Map.of("g1", "web-v001", "g2", "web-v002")).lastRolloutOverlap(new BigDecimal("0.0416"))
        .maxHourlySpend(new BigDecimal("0.25")).at(NOW).build();
    // 2 x 0.0104 + 2 x 0.0832 = 0.0208 + 0.1664 = 0.1872
    assertThat(r.hourlySpend()).isEqualByComparingTo("0.1872");
    assertThat(r.projectedMonth()).isEqualByComparingTo("136.656");   // 0.1872 x 730
    assertThat(r.byGeneration().get("web-v001")).isEqualTo(new CostReport.GenerationSpend("web-v001", 2, new BigDecimal("0.0208")));
    assertThat(r.byGeneration().get("web-v002").instances()).isEqualTo(3);
    assertThat(r.byGeneration().get("web-v002").hourlySpend()).isEqualByComparingTo("0.1664");
    assertThat(r.unpriced()).containsExactly("x9.odd");
    assertThat(r.budgetUsed()).isEqualByComparingTo("0.7488");
    String text = r.toText();
    assertThat(text).contains("hourly spend           0.1872 USD/h (budget 0.25 USD/h, 74.9% used)")
        .contains("projected month        136.656 USD (730 h)")
        .contains("last rollout overlap   0.0416 USD")
        .contains("web-v001                 2 instances  0.0208 USD/h")
        .contains("not priced (left out): x9.odd");
  }

  @Test
  @DisplayName("the JSON rendering carries the same figures as exact strings")
  void json() throws Exception {
    CostReport r = CostReport.builder().fleet("web").instances(List.of(instance("i-1", "g1", "t3.large", InstanceState.RUNNING)))
        .catalog(PRICES).at(NOW).build();
    var node = new ObjectMapper().readTree(r.toJson());
    assertThat(node.get("hourlySpend").asText()).isEqualTo("0.0832");
    assertThat(node.get("projectedMonth").asText()).isEqualTo("60.7360");
    assertThat(node.get("lastRolloutOverlap").isNull()).isTrue();
    assertThat(node.get("byGeneration").get("g1").get("instances").asInt()).isEqualTo(1);
    assertThat(node.get("currency").asText()).isEqualTo("USD");
  }

  @Test
  @DisplayName("the overlap cost integrates the spend above the desired capacity over the rollout")
  void overlap() {
    Instant s = NOW;
    // desired 2 x t3.micro. Old: o1, o2 alive until +30m and +60m. New: n1 from 0, n2 from +30m.
    // 0-30m: 3 instances = 1 extra for 0.5h; 30-60m: o2, n1, n2 = 1 extra for 0.5h; total 1 instance-hour = 0.0104
    List<OverlapCost.Span> spans = List.of(
        new OverlapCost.Span("t3.micro", s.minusSeconds(7200), s.plusSeconds(1800)),
        new OverlapCost.Span("t3.micro", s.minusSeconds(7200), s.plusSeconds(3600)),
        new OverlapCost.Span("t3.micro", s, null),
        new OverlapCost.Span("t3.micro", s.plusSeconds(1800), null));
    assertThat(OverlapCost.of(spans, s, s.plusSeconds(3600), 2, "t3.micro", PRICES)).isEqualByComparingTo("0.0104");
    // old generation on the bigger type: 0-30m spend 2 x 0.0832 + 0.0104 - 0.0208 = 0.156 for 0.5h = 0.078
    // 30-60m: 0.0832 + 0.0208 - 0.0208 = 0.0832 for 0.5h = 0.0416; total 0.1196
    List<OverlapCost.Span> mixed = List.of(
        new OverlapCost.Span("t3.large", s.minusSeconds(7200), s.plusSeconds(1800)),
        new OverlapCost.Span("t3.large", s.minusSeconds(7200), s.plusSeconds(3600)),
        new OverlapCost.Span("t3.micro", s, null),
        new OverlapCost.Span("t3.micro", s.plusSeconds(1800), null));
    assertThat(OverlapCost.of(mixed, s, s.plusSeconds(3600), 2, "t3.micro", PRICES)).isEqualByComparingTo("0.1196");
  }

  @Test
  @DisplayName("the builder names every required field that is missing")
  void builderNamesWhatIsMissing() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CostReport.builder().instances(List.of()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a cost report needs fleet, catalog, at: call fleet(...), catalog(...), at(...) on the builder");
  }
}
