package io.immut.api;

import java.util.List;
import java.util.Map;

/**
 * Where a fleet's state lives, and which state findings its owners have accepted.
 *
 * @param bindings named external state stores ({@code sessions → redis://cache:6379},
 *     {@code database → postgresql://db:5432/app})
 * @param verifyReachable whether the state checks probe each binding before a rollout
 * @param acknowledgements findings accepted on purpose: a blocker with an acknowledgement does
 *     not stop a rollout, and is listed in the plan
 */
public record StatePolicy(Map<String, String> bindings, boolean verifyReachable, List<Acknowledgement> acknowledgements) {

  /** No bindings, no probing, nothing acknowledged. */
  public static final StatePolicy NONE = new StatePolicy(Map.of(), false, List.of());

  /** Copies the collections and validates them. */
  public StatePolicy {
    bindings = bindings == null ? Map.of() : Map.copyOf(bindings);
    acknowledgements = acknowledgements == null ? List.of() : List.copyOf(acknowledgements);
    Problems p = new Problems();
    bindings.forEach((k, v) -> {
      if (!Names.IDENTIFIER.matcher(k).matches()) {
        p.add("bindings." + k, "binding name '" + k + "' is not valid", Names.IDENTIFIER_ALLOWED);
      }
      if (v == null || v.isBlank()) {
        p.add("bindings." + k, "is empty", "a URI such as redis://cache:6379");
      }
    });
    p.throwIfAny("state policy", "state");
  }

  /**
   * An explicit acceptance of one state finding.
   *
   * @param rule the finding's rule id ({@code volume.local-data})
   * @param subject the subject it applies to (a volume name, an instance id), or {@code *} for all
   * @param reason why it is accepted; shown in the plan
   */
  public record Acknowledgement(String rule, String subject, String reason) {
    /** Validates the fields. */
    public Acknowledgement {
      Problems p = new Problems();
      if (p.required("rule", rule, "a rule id such as volume.local-data") && rule.isBlank()) {
        p.add("rule", "is blank", "a rule id such as volume.local-data");
      }
      p.required("subject", subject, "the subject the finding names, or *");
      if (p.required("reason", reason, "why the finding is accepted") && reason.isBlank()) {
        p.add("reason", "is blank", "why the finding is accepted: it is shown in every plan");
      }
      p.throwIfAny("acknowledgement");
    }
  }
}
