package io.immut.core.state;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed state store URI: a binding's value or an external volume's location. Its
 * {@link #display()} never shows user info, passwords or query parameters.
 *
 * @param raw the text as given
 * @param scheme the scheme, lower case
 * @param known what immut knows about the scheme, or null for a scheme it does not know
 * @param host the host, or null
 * @param port the port (explicit, else the scheme's default), or -1
 * @param display the URI as it may be shown: scheme, host, port and path only
 */
record StoreUri(String raw, String scheme, StoreScheme known, String host, int port, String display) {

  /** A URI that could not be accepted, with what is wrong and an example of what is. */
  record Problem(String what, String example) {}

  /** Either a parsed URI or a problem. */
  record Parsed(StoreUri uri, Problem problem) {
    boolean ok() {
      return uri != null;
    }
  }

  static Parsed parse(String text) {
    String s = text.strip();
    if (s.regionMatches(true, 0, "jdbc:", 0, 5)) {
      s = s.substring(5);
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      return problem("is not a valid URI (" + e.getReason() + " at index " + e.getIndex() + ")", null);
    }
    if (uri.getScheme() == null) {
      return problem("has no scheme", null);
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    StoreScheme known = StoreScheme.of(scheme).orElse(null);
    String example = known == null ? null : known.example;
    if (scheme.equals("file")) {
      return new Parsed(new StoreUri(text, scheme, null, null, -1, "file:" + nullToEmpty(uri.getPath())), null);
    }
    if (uri.isOpaque() || uri.getRawAuthority() == null) {
      return problem("has no host: a " + scheme + " URI is written " + scheme + "://host" + (known != null && known.takesPort()
          ? "[:port]" : "") + "/…", example);
    }
    boolean bucket = known == StoreScheme.S3 || known == StoreScheme.GS || known == StoreScheme.MONGODB_SRV;
    String host = uri.getHost();
    int port = uri.getPort();
    if (host == null) {
      if (bucket && uri.getRawAuthority().matches("[a-z0-9][a-z0-9._-]{1,254}")) {
        host = uri.getRawAuthority();
      } else {
        return problem("has no valid host and port in '" + redactedAuthority(uri.getRawAuthority()) + "'", example);
      }
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (known != null) {
      if (!known.takesPort() && port != -1) {
        return problem("gives a port, but a " + scheme + " URI takes none", example);
      }
      if (port == 0) {
        return problem("has port 0", example);
      }
      String path = nullToEmpty(uri.getPath());
      if (known.path != null && !known.path.matcher(path).matches()) {
        return problem(pathProblem(known, path), example);
      }
      if (port == -1) {
        port = known.defaultPort;
      }
    }
    String display = scheme + "://" + (uri.getRawUserInfo() != null ? "***@" : "") + (host.contains(":") ? "[" + host + "]" : host)
        + (uri.getPort() != -1 ? ":" + uri.getPort() : "") + nullToEmpty(uri.getRawPath());
    return new Parsed(new StoreUri(text, scheme, known, host, port, display), null);
  }

  private static String pathProblem(StoreScheme known, String path) {
    return switch (known) {
      case REDIS, REDISS -> "has path '" + path + "', but a Redis URI's path is a database number such as /0";
      case NFS, SMB -> "names no export path: a " + known.scheme + " URI is written " + known.scheme + "://host/export";
      default -> "has path '" + path + "', which a " + known.scheme + " URI does not take";
    };
  }

  private static Parsed problem(String what, String example) {
    return new Parsed(null, new Problem(what, example));
  }

  private static String redactedAuthority(String authority) {
    int at = authority.lastIndexOf('@');
    return at < 0 ? authority : "***@" + authority.substring(at + 1);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /**
   * Whether the store is on the instance itself: a loopback or unspecified host, or a file.
   *
   * @return true for {@code localhost}, {@code 127.0.0.0/8}, {@code ::1}, {@code 0.0.0.0} and {@code file:}
   */
  boolean onInstance() {
    if (scheme.equals("file")) {
      return true;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1") || h.equals("0.0.0.0");
  }

  /**
   * How this store can be probed.
   *
   * @return the probe kind, or empty when it cannot be (no host or port, a bucket, DNS SRV)
   */
  Optional<Probe.Kind> probeKind() {
    if (host == null || port <= 0) {
      return Optional.empty();
    }
    if (known == null) {
      return Optional.of(Probe.Kind.TCP);
    }
    return known.probe == Probe.Kind.NONE ? Optional.empty() : Optional.of(known.probe);
  }
}
