package io.immut.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StateReportTest {

  private static final Finding BLOCKER = Finding.of("volume.local-data", Severity.BLOCKER, SubjectKind.VOLUME, "db",
      "volume 'db' is declared LOCAL", "move the data out");
  private static final Finding WARNING = Finding.of("userdata.local-cache", Severity.WARNING, SubjectKind.USER_DATA,
      "userData:4", "user data line 4 runs redis", "use a shared cache");
  private static final Finding INFO = Finding.of("binding.reachable", Severity.INFO, SubjectKind.BINDING, "sessions",
      "reachable", "nothing to do");

  @Test
  @DisplayName("an unacknowledged blocker blocks; an acknowledged one does not, and is listed")
  void blockers() {
    StateReport blocked = new StateReport(List.of(INFO, BLOCKER, WARNING));
    StateReport accepted = new StateReport(List.of(BLOCKER.acknowledge("replica"), WARNING));

    assertThat(blocked.blocksRollout()).isTrue();
    assertThat(blocked.blockers()).containsExactly(BLOCKER);
    assertThat(accepted.blocksRollout()).isFalse();
    assertThat(accepted.blockers()).isEmpty();
    assertThat(accepted.acknowledged()).extracting(Finding::subject).containsExactly("db");
    assertThat(StateReport.EMPTY.blocksRollout()).isFalse();
  }

  @Test
  @DisplayName("merge keeps the findings of both, in order")
  void merge() {
    StateReport merged = new StateReport(List.of(BLOCKER)).merge(new StateReport(List.of(WARNING, INFO)));

    assertThat(merged.findings()).containsExactly(BLOCKER, WARNING, INFO);
    assertThat(merged.summary()).isEqualTo("1 blocker, 1 warning, 1 info");
  }

  @Test
  @DisplayName("the text lists blockers first, each with message and fix")
  void text() {
    String text = new StateReport(List.of(INFO, WARNING, BLOCKER.acknowledge("a read replica"))).toText();

    assertThat(text).startsWith("State check: 1 blocker (1 acknowledged), 1 warning, 1 info\n");
    assertThat(text.indexOf("BLOCKER")).isLessThan(text.indexOf("WARNING")).isLessThan(text.indexOf("INFO"));
    assertThat(text).contains("volume.local-data  volume db  (acknowledged: a read replica)",
        "  volume 'db' is declared LOCAL\n  fix: move the data out", "user data userData:4");
    assertThat(new StateReport(List.of(BLOCKER)).toText()).contains("the rollout is blocked");
  }

  @Test
  @DisplayName("findings that differ only in their subject are shown once, with the subjects listed")
  void textGroupsAlikeFindings() {
    List<Finding> perInstance = new java.util.ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      perInstance.add(Finding.of("instance.volume-deleted-with-instance", Severity.BLOCKER, SubjectKind.INSTANCE,
          "i-" + i + ":cache", "volume 'cache' of instance i-" + i + " is deleted with the instance", "declare it EXTERNAL")
          .acknowledge("rebuilt on boot"));
    }
    perInstance.add(Finding.of("instance.volume-deleted-with-instance", Severity.BLOCKER, SubjectKind.INSTANCE,
        "i-7:cache", "volume 'cache' of instance i-7 is deleted with the instance", "declare it EXTERNAL"));
    StateReport report = new StateReport(perInstance);

    assertThat(report.groups()).extracting(List::size).containsExactly(6, 1);
    String text = report.toText();
    assertThat(text).contains("6 instances: i-1:cache, i-2:cache, i-3:cache, i-4:cache, … 2 more  (acknowledged: rebuilt on boot)",
        "(and alike for the other 5)", "instance i-7:cache\n");
    assertThat(text.split("fix: ", -1)).hasSize(3);
    assertThat(report.toJson()).contains("i-6:cache");
  }

  @Test
  @DisplayName("the JSON carries every field of every finding")
  void json() throws Exception {
    JsonNode root = new ObjectMapper().readTree(new StateReport(List.of(BLOCKER, WARNING.acknowledge("known"))).toJson());

    assertThat(root.get("blocksRollout").asBoolean()).isTrue();
    assertThat(root.get("summary").asText()).isEqualTo("1 blocker, 1 warning, 0 info");
    JsonNode first = root.get("findings").get(0);
    assertThat(first.get("rule").asText()).isEqualTo("volume.local-data");
    assertThat(first.get("severity").asText()).isEqualTo("BLOCKER");
    assertThat(first.get("kind").asText()).isEqualTo("VOLUME");
    assertThat(first.get("subject").asText()).isEqualTo("db");
    assertThat(first.get("message").asText()).isEqualTo("volume 'db' is declared LOCAL");
    assertThat(first.get("remediation").asText()).isEqualTo("move the data out");
    assertThat(first.get("acknowledged").asBoolean()).isFalse();
    assertThat(first.has("acknowledgement")).isFalse();
    assertThat(root.get("findings").get(1).get("acknowledgement").asText()).isEqualTo("known");
  }

  @Test
  @DisplayName("an acknowledgement names a subject, a part of a compound subject, or *")
  void subjectMatching() {
    Finding onInstance = Finding.of("instance.volume-deleted-with-instance", Severity.BLOCKER, SubjectKind.INSTANCE,
        "i-0abc:data", "m", "r");

    assertThat(onInstance.subjectMatches("i-0abc:data")).isTrue();
    assertThat(onInstance.subjectMatches("i-0abc")).isTrue();
    assertThat(onInstance.subjectMatches("data")).isTrue();
    assertThat(onInstance.subjectMatches("*")).isTrue();
    assertThat(onInstance.subjectMatches("dat")).isFalse();
    assertThat(onInstance.subjectMatches("i-0abd")).isFalse();
  }

  @Test
  @DisplayName("rule ids are validated")
  void ruleIds() {
    assertThatThrownBy(() -> Finding.of("Local Data", Severity.INFO, SubjectKind.FLEET, "web", "m", "r"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("volume.local-data");
  }

  @Test
  @DisplayName("the blocked exception names the fleet, each blocker with its fix, and how to acknowledge")
  void exception() {
    StateBlockedException e = new StateBlockedException("web", new StateReport(List.of(BLOCKER, WARNING)));

    assertThat(e.report().blockers()).containsExactly(BLOCKER);
    assertThat(e.getMessage()).contains("fleet 'web'", "before any change", "volume.local-data [db]",
        "fix: move the data out", "acknowledgements:").doesNotContain("userdata.local-cache");
  }
}
