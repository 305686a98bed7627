package io.immut.core.rollout;

import java.util.Objects;

/**
 * The answer of a {@link GenerationValidator} or a {@link CanaryAnalysis}.
 *
 * @param kind pass, fail or inconclusive
 * @param reason why, for humans (shown in events, logs and the rollout result)
 */
public record Verdict(Kind kind, String reason) {

  /** Validates the fields. */
  public Verdict {
    Objects.requireNonNull(kind, "kind");
    reason = reason == null ? "" : reason;
  }

  /** The three possible answers. */
  public enum Kind {
    /** The generation may go on. */
    PASS,
    /** The generation is bad: the rollout is rolled back. */
    FAIL,
    /**
     * No decision: the rollout waits for a manual {@code Immut.promote(fleet)} until the health
     * check's progress deadline, then it is rolled back.
     */
    INCONCLUSIVE
  }

  /**
   * A passing verdict.
   *
   * @param reason why
   * @return the verdict
   */
  public static Verdict pass(String reason) {
    return new Verdict(Kind.PASS, reason);
  }

  /**
   * A failing verdict.
   *
   * @param reason why
   * @return the verdict
   */
  public static Verdict fail(String reason) {
    return new Verdict(Kind.FAIL, reason);
  }

  /**
   * An inconclusive verdict.
   *
   * @param reason why
   * @return the verdict
   */
  public static Verdict inconclusive(String reason) {
    return new Verdict(Kind.INCONCLUSIVE, reason);
  }

  /**
   * Whether the verdict lets the rollout go on.
   *
   * @return true for {@link Kind#PASS}
   */
  public boolean passed() {
    return kind == Kind.PASS;
  }
}
