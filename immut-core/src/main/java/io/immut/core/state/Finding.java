package io.immut.core.state;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One thing a replacement would destroy, or might: what the state checks found, where, and what to
 * do about it.
 *
 * <p>Subjects are plain names, so that an acknowledgement can name them: a volume name
 * ({@code data}), a binding name ({@code sessions}), an instance id ({@code i-0abc}), the fleet's
 * name, {@code userData:12} for line 12 of the user data, and {@code i-0abc:data} for a volume,
 * address or resource of one live instance.
 *
 * @param rule the stable rule id ({@code volume.local-data}); see {@code docs/state.md}
 * @param severity how serious it is
 * @param subject what it is about
 * @param message what would be lost
 * @param remediation what to do
 * @param acknowledged whether the spec's state policy accepts it
 * @param kind what kind of thing the subject is
 * @param acknowledgement the reason given by the acknowledgement, or null when not acknowledged
 */
public record Finding(String rule, Severity severity, String subject, String message, String remediation,
                      boolean acknowledged, SubjectKind kind, String acknowledgement) {

  private static final Pattern RULE = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+");

  /** Validates the fields. */
  public Finding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(remediation, "remediation");
    Objects.requireNonNull(kind, "kind");
    if (!RULE.matcher(rule).matches()) {
      throw new IllegalArgumentException("rule id '" + rule + "' is not valid: lower-case words joined by '.'"
          + " such as volume.local-data");
    }
    if (acknowledged && acknowledgement == null) {
      acknowledgement = "";
    }
    if (!acknowledged) {
      acknowledgement = null;
    }
  }

  /**
   * A new, unacknowledged finding.
   *
   * @param rule the rule id
   * @param severity how serious
   * @param kind what kind of subject
   * @param subject the subject
   * @param message what would be lost
   * @param remediation what to do
   * @return the finding
   */
  public static Finding of(String rule, Severity severity, SubjectKind kind, String subject, String message,
                           String remediation) {
    return new Finding(rule, severity, subject, message, remediation, false, kind, null);
  }

  /**
   * This finding, accepted by an acknowledgement.
   *
   * @param reason the acknowledgement's reason
   * @return the acknowledged finding
   */
  public Finding acknowledge(String reason) {
    return new Finding(rule, severity, subject, message, remediation, true, kind, reason);
  }

  /**
   * Whether this finding stops a rollout: an unacknowledged blocker.
   *
   * @return true for an unacknowledged {@link Severity#BLOCKER}
   */
  public boolean blocks() {
    return severity == Severity.BLOCKER && !acknowledged;
  }

  /**
   * Whether an acknowledgement's subject names this finding's subject: {@code *}, the subject
   * itself, or one part of a compound subject ({@code i-0abc} or {@code data} for
   * {@code i-0abc:data}, {@code userData} for {@code userData:12}).
   *
   * @param acknowledged the acknowledgement's subject
   * @return true when it applies
   */
  public boolean subjectMatches(String acknowledged) {
    return acknowledged.equals("*") || acknowledged.equals(subject)
        || subject.startsWith(acknowledged + ":") || subject.endsWith(":" + acknowledged);
  }

  /** One line: severity, rule, subject and message. */
  @Override
  public String toString() {
    return severity + " " + rule + " [" + subject + "]" + (acknowledged ? " (acknowledged)" : "") + ": " + message;
  }
}
