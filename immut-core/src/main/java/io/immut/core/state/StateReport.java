package io.immut.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What the state checks found: every finding, acknowledged or not. A rollout is blocked when at
 * least one {@link Severity#BLOCKER} is not acknowledged.
 *
 * @param findings the findings, in the order they were found
 */
public record StateReport(List<Finding> findings) {

  private static final int SUBJECTS_SHOWN = 4;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Comparator<Finding> BY_SEVERITY = Comparator.comparing(Finding::severity);

  /** Nothing found. */
  public static final StateReport EMPTY = new StateReport(List.of());

  /** Copies the findings. */
  public StateReport {
    findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
  }

  /**
   * The findings that stop a rollout: unacknowledged blockers.
   *
   * @return the blocking findings
   */
  public List<Finding> blockers() {
    return findings.stream().filter(Finding::blocks).toList();
  }

  /**
   * Whether a rollout must refuse to start.
   *
   * @return true when an unacknowledged blocker is present
   */
  public boolean blocksRollout() {
    return findings.stream().anyMatch(Finding::blocks);
  }

  /**
   * The findings that the state policy acknowledges; a plan lists them.
   *
   * @return the acknowledged findings
   */
  public List<Finding> acknowledged() {
    return findings.stream().filter(Finding::acknowledged).toList();
  }

  /**
   * The findings of one severity.
   *
   * @param severity the severity
   * @return its findings, acknowledged or not
   */
  public List<Finding> bySeverity(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).toList();
  }

  /**
   * The findings of one rule.
   *
   * @param rule a rule id
   * @return its findings
   */
  public List<Finding> byRule(String rule) {
    return findings.stream().filter(f -> f.rule().equals(rule)).toList();
  }

  /**
   * Whether nothing was found.
   *
   * @return true when there are no findings
   */
  public boolean isEmpty() {
    return findings.isEmpty();
  }

  /**
   * This report followed by another's findings.
   *
   * @param other another report
   * @return the combined report
   */
  public StateReport merge(StateReport other) {
    List<Finding> all = new ArrayList<>(findings);
    all.addAll(other.findings);
    return new StateReport(all);
  }

  /**
   * A one-line summary: {@code 2 blockers (1 acknowledged), 1 warning, 0 info}.
   *
   * @return the summary
   */
  public String summary() {
    long blockers = bySeverity(Severity.BLOCKER).size();
    long ack = bySeverity(Severity.BLOCKER).stream().filter(Finding::acknowledged).count();
    long warnings = bySeverity(Severity.WARNING).size();
    long info = bySeverity(Severity.INFO).size();
    return blockers + (blockers == 1 ? " blocker" : " blockers") + (ack > 0 ? " (" + ack + " acknowledged)" : "")
        + ", " + warnings + (warnings == 1 ? " warning" : " warnings") + ", " + info + " info";
  }

  /**
   * The report as text for people: a summary line, then each finding with its message and
   * remediation, blockers first. Findings of one rule that differ only in their subject (the
   * same volume on each of 12 instances) are shown once, with their subjects listed.
   *
   * @return the text
   */
  public String toText() {
    StringBuilder sb = new StringBuilder("State check: ").append(summary());
    sb.append(blocksRollout() ? " - the rollout is blocked\n" : "\n");
    for (List<Finding> group : groups()) {
      Finding f = group.get(0);
      sb.append('\n').append(f.severity()).append("  ").append(f.rule()).append("  ");
      String kind = f.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
      if (group.size() == 1) {
        sb.append(kind).append(' ').append(f.subject());
      } else {
        sb.append(group.size()).append(' ').append(kind).append("s: ").append(subjects(group));
      }
      if (f.acknowledged()) {
        sb.append("  (acknowledged").append(f.acknowledgement().isEmpty() ? "" : ": " + f.acknowledgement()).append(')');
      }
      sb.append("\n  ").append(f.message());
      if (group.size() > 1) {
        sb.append("\n  (and alike for the other ").append(group.size() - 1).append(')');
      }
      sb.append("\n  fix: ").append(f.remediation()).append('\n');
    }
    return sb.toString();
  }

  /**
   * The findings, blockers first, with those that differ only in their subject (and the message
   * that names it) grouped: same rule, severity, kind, remediation and acknowledgement.
   *
   * @return the groups, each non-empty, in the order of their first finding
   */
  public List<List<Finding>> groups() {
    java.util.Map<List<Object>, List<Finding>> groups = new java.util.LinkedHashMap<>();
    for (Finding f : findings.stream().sorted(BY_SEVERITY).toList()) {
      List<Object> key = java.util.Arrays.asList(f.rule(), f.severity(), f.kind(), f.remediation(), f.acknowledged(),
          f.acknowledgement());
      groups.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(f);
    }
    return groups.values().stream().map(List::copyOf).toList();
  }

  private static String subjects(List<Finding> group) {
    int shown = Math.min(group.size(), SUBJECTS_SHOWN);
    String list = String.join(", ", group.subList(0, shown).stream().map(Finding::subject).toList());
    return group.size() > shown ? list + ", … " + (group.size() - shown) + " more" : list;
  }

  /**
   * The report as JSON for machines: {@code blocksRollout}, {@code summary} and {@code findings}
   * (each with {@code rule}, {@code severity}, {@code kind}, {@code subject}, {@code message},
   * {@code remediation}, {@code acknowledged} and, when acknowledged, {@code acknowledgement}).
   *
   * @return the JSON text
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("blocksRollout", blocksRollout());
    root.put("summary", summary());
    ArrayNode list = root.putArray("findings");
    for (Finding f : findings) {
      ObjectNode n = list.addObject();
      n.put("rule", f.rule());
      n.put("severity", f.severity().name());
      n.put("kind", f.kind().name());
      n.put("subject", f.subject());
      n.put("message", f.message());
      n.put("remediation", f.remediation());
      n.put("acknowledged", f.acknowledged());
      if (f.acknowledged()) {
        n.put("acknowledgement", f.acknowledgement());
      }
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The summary and the blockers. */
  @Override
  public String toString() {
    return "StateReport[" + summary() + ", blockers=" + blockers() + "]";
  }
}
