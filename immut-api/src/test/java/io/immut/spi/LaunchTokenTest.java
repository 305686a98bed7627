package io.immut.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class LaunchTokenTest {
  private static final String GCE_NAME = "[a-z]([-a-z0-9]*[a-z0-9])?";

  @Test
  void refusesTokensNoCloudTakes() {
    assertThatThrownBy(() -> LaunchToken.of("")).hasMessageContaining("1-64 printable ASCII");
    assertThatThrownBy(() -> LaunchToken.of("x".repeat(65))).hasMessageContaining("1-64 printable ASCII");
    assertThatThrownBy(() -> LaunchToken.of("a b")).hasMessageContaining("1-64 printable ASCII");
  }

  @Test
  void theUuidIsStableNameBasedAndNeverAllZeros() {
    UUID u = LaunchToken.of("web-3-abc.2").uuid();
    assertThat(LaunchToken.of("web-3-abc.2").uuid()).isEqualTo(u);
    assertThat(LaunchToken.of("web-3-abc.3").uuid()).isNotEqualTo(u);
    assertThat(u.version()).isEqualTo(3);
    assertThat(u).isNotEqualTo(new UUID(0, 0));
  }

  @Test
  void namesFitWindowsComputerNamesAndKeepAReadablePrefix() {
    List<String> names = LaunchToken.of("web-3-abc.2").names(3, "web-frontend", LaunchToken.NameSyntax.AZURE_WINDOWS);
    assertThat(names).hasSize(3).doesNotHaveDuplicates().allMatch(n -> n.length() <= 15 && n.matches(GCE_NAME))
        .allMatch(n -> n.startsWith("web-fr"));
    assertThat(LaunchToken.of("web-3-abc.2").names(3, "web-frontend", LaunchToken.NameSyntax.AZURE_WINDOWS))
        .isEqualTo(names);
  }

  @Test
  void aPrefixThatIsNotANameStillGivesValidNames() {
    assertThat(LaunchToken.of("t").names(2, "9--Ünïcode--", LaunchToken.NameSyntax.GCE))
        .allMatch(n -> n.matches(GCE_NAME) && n.length() <= 63);
    assertThat(LaunchToken.of("t").names(1, null, LaunchToken.NameSyntax.GCE).get(0)).matches(GCE_NAME);
  }

  @Property(tries = 300)
  void namesAreValidForEverySyntaxAndDistinctAcrossTokens(
      @ForAll @StringLength(min = 1, max = 64) String rawToken, @ForAll @StringLength(max = 80) String prefix,
      @ForAll @IntRange(min = 12, max = 80) int maxLength, @ForAll boolean hyphen, @ForAll @IntRange(min = 1, max = 20) int n) {
    String token = rawToken.chars().map(c -> c > 0x20 && c < 0x7f ? c : 'x')
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    LaunchToken.NameSyntax syntax = new LaunchToken.NameSyntax(maxLength, hyphen);
    List<String> names = LaunchToken.of(token).names(n, prefix, syntax);
    assertThat(names).hasSize(n).doesNotHaveDuplicates()
        .allMatch(name -> name.length() <= maxLength && name.matches(hyphen ? GCE_NAME : "[a-z][a-z0-9]*"));
    Set<String> other = new HashSet<>(LaunchToken.of(token + "!".repeat(Math.min(1, 64 - token.length()))).names(n, prefix, syntax));
    if (token.length() < 64) {
      assertThat(other).doesNotContainAnyElementsOf(names);
    }
  }
}
