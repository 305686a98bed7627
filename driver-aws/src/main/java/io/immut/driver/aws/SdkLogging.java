package io.immut.driver.aws;

import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loggers of the AWS SDK and its HTTP client that write credentials at DEBUG: the signer writes
 * the canonical request, which holds the session token ({@code x-amz-security-token}); the Apache
 * client's header and wire logs hold the {@code Authorization} header and the token. immut cannot
 * set a logging backend's levels, so it warns once when one of them is enabled.
 */
final class SdkLogging {
  /** Loggers that write secrets at DEBUG (docs/drivers/aws.md, "Logging"). */
  static final List<String> SECRET_LOGGERS = List.of(
      "software.amazon.awssdk.http.auth.aws.internal.signer.DefaultV4RequestSigner",
      "software.amazon.awssdk.auth.signer.internal.AbstractAws4Signer",
      "org.apache.http.headers",
      "org.apache.http.wire");
  private static final Logger log = LoggerFactory.getLogger(SdkLogging.class);
  private static volatile boolean warned;

  private SdkLogging() {}

  /** Warns once per JVM when a logger that writes credentials is at DEBUG. */
  static void warnIfSecretsLogged() {
    if (!warned) {
      List<String> on = enabled(SECRET_LOGGERS, name -> LoggerFactory.getLogger(name).isDebugEnabled());
      if (!on.isEmpty()) {
        warned = true;
        log.warn("DEBUG logging is on for {}: these loggers write the AWS session token and request signatures."
            + " Set them to INFO or higher (docs/drivers/aws.md, Logging).", String.join(", ", on));
      }
    }
  }

  static List<String> enabled(List<String> names, Predicate<String> debugEnabled) {
    return names.stream().filter(debugEnabled).toList();
  }
}
