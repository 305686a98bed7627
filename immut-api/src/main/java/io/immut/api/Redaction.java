package io.immut.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule by which immut keeps secrets out of every {@code toString}, log line and exception
 * message that shows configuration values.
 *
 * <p>A <b>name is secret</b> when, ignoring case and the separators {@code -}, {@code _} and
 * {@code .}, it contains one of {@link #SECRET_WORDS} ({@code key}, {@code secret},
 * {@code password}, {@code passwd}, {@code passphrase}, {@code pwd}, {@code token},
 * {@code credential}, {@code private}, {@code auth}, {@code signature}), or is {@code sig}
 * (an Azure SAS signature). The rule errs on the side of hiding: {@code keyName} is hidden too.
 * The value of a secret name is shown as {@value #MASK}.
 *
 * <p>Any other <b>value is scrubbed</b> before it is shown:
 * <ul>
 *   <li>credentials in a URL, {@code scheme://user:pass@host}, become {@code scheme://****@host};</li>
 *   <li>{@code name=value} pairs inside a value (a query string, a connection string such as
 *       {@code AccountName=a;AccountKey=k}) show {@value #MASK} for a secret name's value.</li>
 * </ul>
 *
 * <pre>{@code
 * Redaction.isSecretName("apiKey");                        // true
 * Redaction.shown("apiKey", "abc");                        // "****"
 * Redaction.shown("endpoint", "https://u:p@host/x?sig=s"); // "https://****@host/x?sig=****"
 * }</pre>
 *
 * @since 0.1
 */
public final class Redaction {
  /** What a hidden value is shown as. */
  public static final String MASK = "****";

  /** The words whose presence in a name makes it secret. */
  public static final List<String> SECRET_WORDS = List.of("key", "secret", "password", "passwd", "passphrase", "pwd",
      "token", "credential", "private", "auth", "signature");

  private static final Pattern SEPARATORS = Pattern.compile("[-_.]");
  private static final Pattern URL_USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\\s]*@");
  private static final Pattern PAIR = Pattern.compile("(^|[?&;,\\s])([A-Za-z0-9_.-]+)=([^&;,\\s]*)");

  private Redaction() {}

  /**
   * Whether a name (a property key, a label, a query parameter) holds a secret.
   *
   * @param name the name; null is not secret
   * @return true when the name contains a secret word
   */
  public static boolean isSecretName(String name) {
    if (name == null) {
      return false;
    }
    String n = SEPARATORS.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("");
    if (n.equals("sig")) {
      return true;
    }
    for (String word : SECRET_WORDS) {
      if (n.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /**
   * How a named value may be shown: {@value #MASK} for a secret name, else the value scrubbed.
   *
   * @param name the value's name
   * @param value the value, or null
   * @return the printable form; null when the value is null
   */
  public static String shown(String name, String value) {
    if (value == null) {
      return null;
    }
    return isSecretName(name) ? MASK : scrub(value);
  }

  /**
   * A map as it may be shown: every value by {@link #shown(String, String)}, keys sorted.
   *
   * @param map the map
   * @return {@code {a=1, apiKey=****}}
   */
  public static String shownMap(java.util.Map<String, String> map) {
    StringBuilder sb = new StringBuilder("{");
    new java.util.TreeMap<>(map).forEach((k, v) -> {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(k).append('=').append(shown(k, v));
    });
    return sb.append('}').toString();
  }

  /**
   * Removes credentials from a free text: the user info of URLs and the values of secret-named
   * {@code name=value} pairs.
   *
   * @param text the text, or null
   * @return the text without them; null when the text is null
   */
  public static String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = URL_USER_INFO.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
    Matcher m = PAIR.matcher(out);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String replacement = isSecretName(m.group(2)) ? m.group(1) + m.group(2) + "=" + MASK : m.group();
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /**
   * A fingerprint of a text that may hold secrets (user data): its length and a short hash, so
   * that two values can be told apart in a log without showing either.
   *
   * @param text the text, or null
   * @return {@code <123 bytes, sha256:0a1b2c3d4e5f>}; {@code null} for null
   */
  public static String fingerprint(String text) {
    if (text == null) {
      return "null";
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        hex.append(String.format("%02x", hash[i]));
      }
      return "<" + bytes.length + " bytes, sha256:" + hex + ">";
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform has SHA-256; without it, the length alone still hides the content.
      return "<" + bytes.length + " bytes>";
    }
  }
}
