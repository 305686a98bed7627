package io.immut.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.FleetSpec;
import io.immut.api.Persistence;
import io.immut.api.StatePolicy;
import io.immut.api.VolumeSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VolumeRulesTest {

  private final StateCheck check = StateCheck.defaults();

  @Test
  @DisplayName("a data volume without a declared persistence is a blocker")
  void undeclaredPersistenceBlocks() {
    StateReport report = check.checkSpec(Specs.withVolumes(new VolumeSpec("data", 100, null, null, false, null)));

    assertThat(report.blockers()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo("volume.persistence-undeclared");
      assertThat(f.kind()).isEqualTo(SubjectKind.VOLUME);
      assertThat(f.subject()).isEqualTo("data");
      assertThat(f.message()).contains("'data'", "does not declare its persistence");
      assertThat(f.remediation()).contains("EPHEMERAL", "EXTERNAL");
    });
    assertThat(report.blocksRollout()).isTrue();
  }

  @Test
  @DisplayName("the root volume and declared data volumes raise no volume finding")
  void declaredVolumesPass() {
    StateReport report = check.checkSpec(Specs.withVolumes(
        VolumeSpec.data("scratch", 20, Persistence.EPHEMERAL),
        VolumeSpec.external("shared", 50, "nfs://files.internal/exports/web")));

    assertThat(report.findings()).isEmpty();
    assertThat(report.blocksRollout()).isFalse();
  }

  @Test
  @DisplayName("a LOCAL data volume is a blocker: its data dies with the instance")
  void localDataBlocks() {
    StateReport report = check.checkSpec(Specs.withVolumes(VolumeSpec.data("db", 200, Persistence.LOCAL)));

    assertThat(report.blockers()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo(Rules.VOLUME_LOCAL_DATA);
      assertThat(f.subject()).isEqualTo("db");
      assertThat(f.message()).contains("lost on every replacement");
    });
  }

  @Test
  @DisplayName("an EXTERNAL volume without a location is a blocker, with one it is not")
  void externalNeedsLocation() {
    StateReport missing = check.checkSpec(Specs.withVolumes(new VolumeSpec("shared", 50, Persistence.EXTERNAL, null, false, null)));
    StateReport given = check.checkSpec(Specs.withVolumes(VolumeSpec.external("shared", 50, "vol-0123456789abcdef0")));

    assertThat(missing.blockers()).extracting(Finding::rule).containsExactly("volume.external-location-missing");
    assertThat(given.findings()).isEmpty();
  }

  @Test
  @DisplayName("an EXTERNAL location that is a malformed URI is a blocker; one on the instance is a warning")
  void externalLocationUri() {
    StateReport malformed = check.checkSpec(Specs.withVolumes(VolumeSpec.external("shared", 50, "nfs://files.internal")));
    StateReport local = check.checkSpec(Specs.withVolumes(VolumeSpec.external("shared", 50, "file:///srv/shared")));

    assertThat(malformed.blockers()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo(Rules.VOLUME_EXTERNAL_LOCATION_MALFORMED);
      assertThat(f.message()).contains("export path");
    });
    assertThat(local.findings()).extracting(Finding::rule, Finding::severity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Rules.VOLUME_EXTERNAL_LOCATION_ON_INSTANCE, Severity.WARNING));
  }

  @Test
  @DisplayName("an acknowledgement of the rule and the volume accepts the blocker, and the report says so")
  void acknowledgedBlockerDoesNotBlock() {
    FleetSpec spec = Specs.fleet(Specs.generation().volume(VolumeSpec.data("db", 200, Persistence.LOCAL)).build(),
        new StatePolicy(Map.of(), false, List.of(new StatePolicy.Acknowledgement("volume.local-data", "db",
            "a read replica, rebuilt from the primary on boot"))));

    StateReport report = check.checkSpec(spec);

    assertThat(report.blocksRollout()).isFalse();
    assertThat(report.acknowledged()).singleElement().satisfies(f -> {
      assertThat(f.acknowledged()).isTrue();
      assertThat(f.acknowledgement()).isEqualTo("a read replica, rebuilt from the primary on boot");
    });
    assertThat(report.toText()).contains("acknowledged: a read replica");
  }

  @Test
  @DisplayName("an acknowledgement of another rule or another volume does not accept the blocker; * does")
  void acknowledgementMustMatch() {
    var g = Specs.generation().volume(VolumeSpec.data("db", 200, Persistence.LOCAL)).build();

    StateReport otherRule = check.checkSpec(Specs.fleet(g, policy(Specs.ack("volume.persistence-undeclared", "db"))));
    StateReport otherVolume = check.checkSpec(Specs.fleet(g, policy(Specs.ack("volume.local-data", "logs"))));
    StateReport any = check.checkSpec(Specs.fleet(g, policy(Specs.ack("volume.local-data", "*"))));

    assertThat(otherRule.blocksRollout()).isTrue();
    assertThat(otherVolume.blocksRollout()).isTrue();
    assertThat(any.blocksRollout()).isFalse();
  }

  private static StatePolicy policy(StatePolicy.Acknowledgement ack) {
    return new StatePolicy(Map.of(), false, List.of(ack));
  }
}
