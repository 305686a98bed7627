package io.immut.driver.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.InstanceId;
import io.immut.spi.LaunchToken;
import io.immut.spi.Ownership;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** Names, request ids and labels on Compute Engine: valid, deterministic, and read back exactly. */
class GcpNamesProperties {
  private static final java.util.regex.Pattern GCE_NAME = java.util.regex.Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

  @Property(tries = 300)
  void instanceNamesAreValidDistinctAndRoundTripThroughIds(@ForAll @StringLength(min = 1, max = 64) String token,
                                                           @ForAll("fleets") String fleet,
                                                           @ForAll @IntRange(min = 1, max = 40) int count) {
    String printable = token.chars().mapToObj(c -> String.valueOf((char) (0x21 + Math.floorMod(c, 0x5e))))
        .reduce("", String::concat);
    List<String> names = LaunchToken.of(printable).names(count, fleet, LaunchToken.NameSyntax.GCE);
    assertThat(new HashSet<>(names)).hasSize(count);
    for (String name : names) {
      assertThat(name).hasSizeLessThanOrEqualTo(63).matches(GCE_NAME);
      InstanceId id = GcpNames.id("us-central1-a", name);
      assertThat(GcpNames.parse(id)).isEqualTo(new GcpNames.ZonedName("us-central1-a", name));
    }
  }

  @Property(tries = 200)
  void requestIdsAreUuidsDeterministicAndDistinctPerZone(@ForAll("fleets") String tokenValue) {
    UUID uuid = LaunchToken.of(tokenValue).uuid();
    String a = GcpNames.requestId(uuid, "us-central1-a", false);
    String b = GcpNames.requestId(uuid, "us-central1-b", false);
    assertThat(UUID.fromString(a)).isNotEqualTo(new UUID(0, 0));
    assertThat(a).isEqualTo(GcpNames.requestId(LaunchToken.of(tokenValue).uuid(), "us-central1-a", false)).isNotEqualTo(b);
    assertThat(GcpNames.requestId(uuid, "us-central1-a", true)).isEqualTo(uuid.toString());
  }

  @Property(tries = 300)
  void specLabelsAreWrittenAsTheyAreAndReadBackExactly(@ForAll("labels") Map<String, String> labels) {
    Ownership ownership = Ownership.of("web", "0123abcd45", "team-a");
    Map<String, String> gce = GcpNames.toGce(GcpNames.KEYS.tags(labels, ownership));

    assertThat(gce).containsAllEntriesOf(labels).containsEntry("immut-fleet", "web")
        .containsEntry("immut-generation", "0123abcd45").containsEntry("immut-owner", "team-a");
    assertThat(GcpNames.fromGce(gce)).isEqualTo(labels);
    assertThat(GcpNames.KEYS.decode(gce)).hasValue(ownership);
  }

  @Property(tries = 100)
  void idsOfAnotherFormAreNotParsed(@ForAll @StringLength(min = 1, max = 30) String junk) {
    if (!junk.isBlank() && !junk.matches("[a-z]+-[a-z]+[0-9]+-[a-z]/[a-z]([-a-z0-9]*[a-z0-9])?")) {
      assertThat(GcpNames.parse(InstanceId.of(junk))).isNull();
    }
  }

  @Provide
  Arbitrary<String> fleets() {
    return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-').ofMinLength(1).ofMaxLength(40)
        .filter(s -> Character.isLetter(s.charAt(0)) && !s.endsWith("-"));
  }

  @Provide
  Arbitrary<Map<String, String>> labels() {
    Arbitrary<String> keys = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '_')
        .ofMinLength(1).ofMaxLength(63).filter(s -> Character.isLetter(s.charAt(0)) && !s.startsWith("immut"));
    Arbitrary<String> values = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '_')
        .ofMinLength(0).ofMaxLength(63);
    return Arbitraries.maps(keys, values).ofMaxSize(20);
  }
}
