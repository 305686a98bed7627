package io.immut.core.state;

import io.immut.api.ImmutException;
import java.util.Objects;

/**
 * A rollout refused to start because the state checks found data or service that the replacement
 * would destroy, and the spec's state policy does not acknowledge it. Nothing was changed in the
 * cloud. The {@link #report()} says what, where and what to do.
 */
public class StateBlockedException extends ImmutException {
  private static final long serialVersionUID = 1L;

  private final transient StateReport report;

  /**
   * Creates the exception.
   *
   * @param fleet the fleet whose rollout was refused
   * @param report the report with at least one unacknowledged blocker
   */
  public StateBlockedException(String fleet, StateReport report) {
    super(message(fleet, Objects.requireNonNull(report, "report")));
    this.report = report;
  }

  /**
   * The state report.
   *
   * @return the report, its unacknowledged blockers among the findings
   */
  public StateReport report() {
    return report;
  }

  private static String message(String fleet, StateReport report) {
    StringBuilder sb = new StringBuilder("The rollout of fleet '").append(fleet)
        .append("' was refused before any change: a replacement would lose state (").append(report.summary()).append(").");
    for (Finding f : report.blockers()) {
      sb.append("\n- ").append(f.rule()).append(" [").append(f.subject()).append("]: ").append(f.message())
          .append("\n  fix: ").append(f.remediation());
    }
    sb.append("\nFix each blocker, or accept it on purpose in the fleet's state policy:"
        + " acknowledgements: [{rule: <rule id>, subject: <subject or *>, reason: <why>}].");
    return sb.toString();
  }
}
