package io.immut.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The idempotency token of one launch, with the derivations each cloud needs: the token itself (EC2
 * {@code ClientToken}), a name-based {@link #uuid() UUID} (GCE {@code requestId}) and
 * {@link #names resource names} (Azure, whose idempotency is the resource's name, and GCE instance
 * names). Every derivation is a pure function of the token: a launch retried with the same token
 * derives the same UUID and the same names.
 *
 * <p><b>How long a token is honoured.</b> A driver declares in {@link Capabilities#tokenWindow()}
 * how long after its first use a re-sent token is guaranteed to launch nothing new (EC2 keeps client
 * tokens for hours, GCE keeps a {@code requestId} for at least 60 minutes, a name-derived token holds
 * as long as the named resources exist). The engine re-sends a token only to repeat a launch whose
 * answer it did not get, and only within that window; a wave decided later gets a new token, because
 * wave tokens are derived from the instances observed, which every launch changes. A driver must
 * never <i>update</i> an existing resource because a token's name is taken (an Azure PUT to an
 * existing name updates that VM): it creates only, and answers with what exists.
 *
 * @since 0.2
 */
public final class LaunchToken {
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private final String value;

  private LaunchToken(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty() || value.length() > 64 || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("a launch token is 1-64 printable ASCII characters, got '"
          + (value.length() > 70 ? value.substring(0, 70) + "…" : value) + "'");
    }
    this.value = value;
  }

  /**
   * A token.
   *
   * @param value 1-64 printable ASCII characters
   * @return the token
   */
  public static LaunchToken of(String value) {
    return new LaunchToken(value);
  }

  /**
   * The token as given: 1-64 printable ASCII characters (fits EC2's {@code ClientToken}).
   *
   * @return the value
   */
  public String value() {
    return value;
  }

  /**
   * A name-based (version 3) UUID of the token: the same token, the same UUID. Fits GCE's
   * {@code requestId}, which must be a UUID other than all zeros.
   *
   * @return the UUID
   */
  public UUID uuid() {
    return UUID.nameUUIDFromBytes(("immut-launch:" + value).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code count} distinct resource names derived from the token, valid for the syntax: a prefix
   * (lower-cased, cut to fit), a hyphen, and a hash of the token and the name's index. The names of
   * different tokens differ with overwhelming likelihood (at least 40 bits of hash in each).
   *
   * @param count how many names, at least 1
   * @param prefix a readable prefix (the fleet's name, say); characters the syntax does not allow
   *     are dropped, and it is cut so that the name fits
   * @param syntax the cloud's name syntax
   * @return the names, in index order
   */
  public List<String> names(int count, String prefix, NameSyntax syntax) {
    if (count < 1) {
      throw new IllegalArgumentException("names: count must be at least 1, got " + count);
    }
    Objects.requireNonNull(syntax, "syntax");
    StringBuilder clean = new StringBuilder();
    for (char c : (prefix == null ? "" : prefix).toLowerCase(java.util.Locale.ROOT).toCharArray()) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && syntax.allowsHyphen())) {
        clean.append(c);
      }
    }
    int hashLength = syntax.maxLength() >= 24 ? 13 : 8; // 65 or 40 bits
    int room = syntax.maxLength() - hashLength - (syntax.allowsHyphen() ? 1 : 0);
    String head = clean.length() > room ? clean.substring(0, room) : clean.toString();
    while (head.endsWith("-")) {
      head = head.substring(0, head.length() - 1);
    }
    if (head.isEmpty() || !Character.isLetter(head.charAt(0))) {
      head = ("i" + head);
      if (head.length() > room) {
        head = head.substring(0, room);
      }
      while (head.endsWith("-")) {
        head = head.substring(0, head.length() - 1);
      }
    }
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String hash = base32(sha256(value + "\u0000" + i), hashLength);
      names.add(head + (syntax.allowsHyphen() ? "-" : "") + hash);
    }
    return List.copyOf(names);
  }

  private static String base32(byte[] bytes, int length) {
    StringBuilder b = new StringBuilder(length);
    int bits = 0;
    int buffer = 0;
    for (int i = 0; b.length() < length; ) {
      if (bits < 5) {
        buffer = (buffer << 8) | (bytes[i++] & 0xff);
        bits += 8;
      }
      b.append(BASE32[(buffer >>> (bits - 5)) & 31]);
      bits -= 5;
    }
    return b.toString();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LaunchToken other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }

  /**
   * A cloud's syntax for resource names derived from a token. Names start with a lower-case letter
   * and hold lower-case letters, digits and (where allowed) inner hyphens, which every cloud accepts.
   *
   * @param maxLength the longest name the cloud accepts, at least 12
   * @param allowsHyphen whether names may contain '-'
   */
  public record NameSyntax(int maxLength, boolean allowsHyphen) {
    /** GCE resource names: {@code [a-z]([-a-z0-9]*[a-z0-9])?}, at most 63 characters. */
    public static final NameSyntax GCE = new NameSyntax(63, true);
    /** Azure Linux VM names (and their NICs, disks, IPs): at most 64 characters. */
    public static final NameSyntax AZURE_LINUX = new NameSyntax(64, true);
    /** Azure Windows VM names, which become the 15-character NetBIOS computer name. */
    public static final NameSyntax AZURE_WINDOWS = new NameSyntax(15, true);

    /** Validates the fields. */
    public NameSyntax {
      if (maxLength < 12) {
        throw new IllegalArgumentException("a name syntax needs room for at least 12 characters, got " + maxLength);
      }
    }
  }
}
