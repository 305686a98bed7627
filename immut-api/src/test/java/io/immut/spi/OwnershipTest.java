package io.immut.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class OwnershipTest {

  @Test
  void validatesEveryPartAgainstTheStrictestLabelSyntaxAndNamesThemAll() {
    assertThatThrownBy(() -> Ownership.of("Web", "ABC", "team:a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fleet 'Web'")
        .hasMessageContaining("generation id 'ABC'")
        .hasMessageContaining("owner 'team:a'");
    assertThatThrownBy(() -> Ownership.of("web", "abc123", "x".repeat(64))).hasMessageContaining("1-63 characters");
    assertThat(Ownership.of("web", "abc123", "team-a_1").owner()).isEqualTo("team-a_1");
  }

  @Test
  void aFleetSelectorRefusesAnOwnerNoCloudCouldStore() {
    assertThatThrownBy(() -> new FleetSelector("web", "Immut Prod")).hasMessageContaining("owner 'Immut Prod'");
  }

  @Test
  void encodesInEachSyntaxAndDecodesBackExactly() {
    Ownership o = Ownership.of("web", "0a1b2c3d4e", "immut");
    for (OwnershipKeys keys : new OwnershipKeys[] {OwnershipKeys.COLON, OwnershipKeys.DASHED}) {
      Map<String, String> tags = keys.tags(Map.of("app", "shop"), o);
      assertThat(keys.decode(tags)).contains(o);
      assertThat(keys.labels(tags)).isEqualTo(Map.of("app", "shop"));
      assertThat(keys.owns(tags, new FleetSelector("web", "immut"))).isTrue();
      assertThat(keys.owns(tags, new FleetSelector("web", "other"))).isFalse();
      assertThat(keys.owns(tags, new FleetSelector("api", "immut"))).isFalse();
    }
    assertThat(OwnershipKeys.DASHED.encode(o).keySet()).allMatch(k -> k.matches("[a-z][a-z0-9_-]{0,62}"));
  }

  @Test
  void anOwnershipTagWinsOverALabelOfTheSameKey() {
    Ownership o = Ownership.of("web", "0a1b2c3d4e", "immut");
    Map<String, String> tags = OwnershipKeys.COLON.tags(Map.of("immut:owner", "someone-else"), o);
    assertThat(tags.get("immut:owner")).isEqualTo("immut");
  }

  @Test
  void tagsThatDoNotDecodeAreNotOwned() {
    assertThat(OwnershipKeys.COLON.decode(Map.of("immut:fleet", "web", "immut:owner", "immut"))).isEmpty();
    assertThat(OwnershipKeys.COLON.decode(Map.of("immut:fleet", "web", "immut:owner", "immut",
        "immut:generation", "NOT VALID"))).isEmpty();
    assertThat(OwnershipKeys.DASHED.decode(OwnershipKeys.COLON.encode(Ownership.of("web", "abc", "immut")))).isEmpty();
  }

  @Property(tries = 200)
  void anyValidOwnershipRoundTripsThroughBothEncodings(@ForAll @AlphaChars @StringLength(min = 1, max = 30) String raw) {
    String fleet = "f" + raw.toLowerCase(java.util.Locale.ROOT);
    String owner = raw.toLowerCase(java.util.Locale.ROOT) + "-1";
    Ownership o = Ownership.of(fleet, "0123456789", owner);
    assertThat(OwnershipKeys.COLON.decode(OwnershipKeys.COLON.encode(o))).contains(o);
    assertThat(OwnershipKeys.DASHED.decode(OwnershipKeys.DASHED.encode(o))).contains(o);
  }
}
