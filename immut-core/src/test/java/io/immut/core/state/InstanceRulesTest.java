package io.immut.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.Persistence;
import io.immut.api.StatePolicy;
import io.immut.api.VolumeSpec;
import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.MemoryCloud;
import io.immut.spi.CloudDriver;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The rules on live instances, against the in-memory cloud. */
class InstanceRulesTest {

  private static final FleetSelector WEB = new FleetSelector("web", "immut");

  private final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(7).anyImage(true).build();
  private final CloudDriver driver = cloud.driver();
  private final StateCheck check = StateCheck.defaults();

  private List<InstanceView> launch(FleetSpec spec, int count) {
    var g = spec.generation();
    driver.launch(io.immut.spi.LaunchRequest.builder().token(io.immut.spi.LaunchToken.of("t-" + spec.generationId())).ownership(io.immut.spi.Ownership.of(WEB, spec.generationId())).spec(g).image(driver.resolveImage(g.image())).count(count).build());
    clock.advance(Duration.ofMinutes(2));
    return driver.list(WEB).stream().filter(i -> spec.generationId().equals(i.generationId())).toList();
  }

  private static FleetSpec spec(VolumeSpec... volumes) {
    return spec(StatePolicy.NONE, volumes);
  }

  private static FleetSpec spec(StatePolicy policy, VolumeSpec... volumes) {
    GenerationSpec.Builder g = Specs.generation().label("team", "web");
    for (VolumeSpec v : volumes) {
      g.volume(v);
    }
    return Specs.fleet(g.build(), policy);
  }

  @Test
  @DisplayName("a fresh instance of an all-declared generation raises nothing")
  void cleanInstance() {
    FleetSpec spec = spec(VolumeSpec.data("scratch", 20, Persistence.EPHEMERAL),
        VolumeSpec.external("shared", 50, "nfs://files.internal/exports/web"));
    List<InstanceView> instances = launch(spec, 2);

    StateReport report = check.checkInstances(spec, driver, instances);

    assertThat(instances).hasSize(2);
    assertThat(report.findings()).isEmpty();
  }

  @Test
  @DisplayName("a data volume deleted with the instance and not declared EPHEMERAL is a blocker per instance")
  void volumeDeletedWithInstance() {
    FleetSpec spec = spec(VolumeSpec.data("db", 100, Persistence.LOCAL), VolumeSpec.data("scratch", 20, Persistence.EPHEMERAL));
    List<InstanceView> instances = launch(spec, 2);

    StateReport report = check.checkInstances(spec, driver, instances);

    assertThat(report.blockers()).hasSize(2).allSatisfy(f -> {
      assertThat(f.rule()).isEqualTo(Rules.INSTANCE_VOLUME_DELETED);
      assertThat(f.kind()).isEqualTo(SubjectKind.INSTANCE);
      assertThat(f.subject()).endsWith(":db");
      assertThat(f.message()).contains("'db'", "declared LOCAL", "lost when the instance is replaced");
    });
    assertThat(report.blockers()).extracting(Finding::subject)
        .containsExactlyInAnyOrder(instances.get(0).id() + ":db", instances.get(1).id() + ":db");
  }

  @Test
  @DisplayName("an undeclared data volume on a live instance is a blocker too")
  void undeclaredVolumeOnInstance() {
    FleetSpec spec = spec(new VolumeSpec("data", 30, null, null, false, null));
    List<InstanceView> instances = launch(spec, 1);

    StateReport report = check.checkInstances(spec, driver, instances);

    assertThat(report.blockers()).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("persistence is not declared"));
  }

  @Test
  @DisplayName("the spec's acknowledgement of the volume covers the same loss on live instances")
  void specAcknowledgementCoversInstances() {
    StatePolicy policy = new StatePolicy(Map.of(), false, List.of(Specs.ack(Rules.VOLUME_LOCAL_DATA, "db")));
    FleetSpec spec = spec(policy, VolumeSpec.data("db", 100, Persistence.LOCAL));
    List<InstanceView> instances = launch(spec, 2);

    StateReport report = check.checkInstances(spec, driver, instances);

    assertThat(report.blocksRollout()).isFalse();
    assertThat(report.acknowledged()).hasSize(2).extracting(Finding::rule).containsOnly(Rules.INSTANCE_VOLUME_DELETED);
  }

  @Test
  @DisplayName("a volume attached after launch and deleted with the instance is a blocker, and the instance is mutated")
  void attachedAfterLaunch() {
    FleetSpec spec = spec(VolumeSpec.data("scratch", 20, Persistence.EPHEMERAL));
    InstanceView i = launch(spec, 1).get(0);
    cloud.mutate(i.id(), m -> m.attachVolume(20, true));

    StateReport report = check.checkInstances(spec, driver, List.of(i));

    assertThat(report.findings()).extracting(Finding::rule, Finding::severity).containsExactlyInAnyOrder(
        tuple(Rules.INSTANCE_VOLUME_DELETED, Severity.BLOCKER), tuple(Rules.INSTANCE_MUTATED, Severity.WARNING));
    assertThat(report.blockers().get(0).message()).contains("attached after launch");
    assertThat(report.byRule(Rules.INSTANCE_MUTATED).get(0).message()).contains("attached after launch", "replaced");
  }

  @Test
  @DisplayName("a volume kept after termination but not declared EXTERNAL is left behind: a warning")
  void volumeLeftBehind() {
    FleetSpec spec = spec();
    InstanceView i = launch(spec, 1).get(0);
    cloud.mutate(i.id(), m -> m.attachVolume(40, false));

    StateReport report = check.checkInstances(spec, driver, List.of(i));

    assertThat(report.byRule(Rules.INSTANCE_VOLUME_LEFT_BEHIND)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.message()).contains("stays behind");
    });
    assertThat(report.blocksRollout()).isFalse();
  }

  @Test
  @DisplayName("instance-store storage is a warning; none, no warning")
  void instanceStore() {
    FleetSpec spec = spec();
    List<InstanceView> instances = launch(spec, 2);
    cloud.mutate(instances.get(0).id(), m -> m.attachInstanceStoreVolume(475));

    StateReport report = check.checkInstances(spec, driver, instances);

    assertThat(report.byRule(Rules.INSTANCE_INSTANCE_STORE)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.subject()).startsWith(instances.get(0).id().value() + ":");
      assertThat(f.message()).contains("instance-store");
    });
    assertThat(report.byRule(Rules.INSTANCE_VOLUME_DELETED)).isEmpty();
  }

  @Test
  @DisplayName("a static public address bound to the instance is a warning; a private address is not")
  void staticAddress() {
    FleetSpec spec = spec();
    List<InstanceView> instances = launch(spec, 2);
    cloud.mutate(instances.get(1).id(), m -> m.bindStaticAddress("203.0.113.9"));

    StateReport report = check.checkInstances(spec, driver, instances);

    assertThat(report.byRule(Rules.INSTANCE_STATIC_ADDRESS)).singleElement().satisfies(f -> {
      assertThat(f.subject()).isEqualTo(instances.get(1).id() + ":203.0.113.9");
      assertThat(f.message()).contains("static public address 203.0.113.9", "ip-"); // the neutral cloud's allocation id
      assertThat(f.remediation()).contains("load balancer");
    });
  }

  @Test
  @DisplayName("a resource bound to the instance is a warning with what to move")
  void boundResource() {
    FleetSpec spec = spec();
    InstanceView i = launch(spec, 1).get(0);
    cloud.mutate(i.id(), m -> m.bindResource("network-interface", "eni-0abc", "its address 10.0.9.9 is released"));

    StateReport report = check.checkInstances(spec, driver, List.of(i));

    assertThat(report.byRule(Rules.INSTANCE_BOUND_RESOURCE)).singleElement().satisfies(f -> {
      assertThat(f.subject()).isEqualTo(i.id() + ":eni-0abc");
      assertThat(f.message()).contains("network-interface eni-0abc", "released");
      assertThat(f.remediation()).contains("move it");
    });
  }

  @Test
  @DisplayName("an instance changed after launch (type, tags) is reported as mutated; an untouched one is not")
  void mutated() {
    FleetSpec spec = spec();
    List<InstanceView> instances = launch(spec, 2);
    cloud.mutate(instances.get(0).id(), m -> m.instanceType("t3.large").tag("patched", "yes").removeTag("team"));

    StateReport report = check.checkInstances(spec, driver, instances);

    assertThat(report.byRule(Rules.INSTANCE_MUTATED)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.INFO);
      assertThat(f.subject()).isEqualTo(instances.get(0).id().value());
      assertThat(f.message()).contains("instance type t3.micro -> t3.large", "tag patched=yes added", "tag team removed",
          "never patches");
    });
  }

  @Test
  @DisplayName("an instance whose root volume was replaced from another image is reported as mutated")
  void imageDrift() {
    FleetSpec spec = spec();
    List<InstanceView> instances = launch(spec, 2);
    cloud.mutate(instances.get(1).id(), m -> m.image("ami-0fff999"));

    StateReport report = check.checkInstances(spec, driver, instances);

    assertThat(report.byRule(Rules.INSTANCE_MUTATED)).singleElement().satisfies(f -> {
      assertThat(f.subject()).isEqualTo(instances.get(1).id().value());
      assertThat(f.message()).contains("image ami-0abc123 -> ami-0fff999");
    });
  }

  @Test
  @DisplayName("each instance is judged by its own generation when the history knows it")
  void ownGeneration() {
    FleetSpec v1 = spec(VolumeSpec.data("scratch", 20, Persistence.EPHEMERAL));
    List<InstanceView> old = launch(v1, 1);
    FleetSpec v2 = spec();

    StateReport withoutHistory = check.checkInstances(v2, driver, old);
    StateReport withHistory = check.checkInstances(v2, driver, old,
        id -> id.equals(v1.generationId()) ? Optional.of(v1.generation()) : Optional.empty());

    assertThat(withoutHistory.blockers()).extracting(Finding::rule).containsExactly(Rules.INSTANCE_VOLUME_DELETED);
    assertThat(withHistory.findings()).isEmpty();
  }

  @Test
  @DisplayName("a rollout replaces the instances of other generations and the drifted ones of its own; checkRollout checks them")
  void replacedByRollout() {
    FleetSpec v1 = spec(VolumeSpec.data("scratch", 20, Persistence.EPHEMERAL));
    FleetSpec v2 = spec(VolumeSpec.data("scratch", 30, Persistence.EPHEMERAL));
    List<InstanceView> old = launch(v1, 2);
    List<InstanceView> current = launch(v2, 2);
    cloud.mutate(current.get(0).id(), m -> m.instanceType("t3.large").attachVolume(5, true));
    cloud.kill(old.get(1).id());
    cloud.launchForeign(Map.of("team", "other"), "t3.micro", "ami-0abc123");
    List<InstanceView> observed = driver.list(WEB);

    List<InstanceView> replaced = StateCheck.replacedBy(v2, WEB, "ami-0abc123", observed);
    StateReport report = check.checkRollout(v2, driver, WEB, observed, "ami-0abc123",
        id -> id.equals(v1.generationId()) ? Optional.of(v1.generation()) : Optional.empty());

    assertThat(replaced).extracting(InstanceView::id).containsExactlyInAnyOrder(old.get(0).id(), current.get(0).id());
    assertThat(report.blockers()).extracting(Finding::subject).singleElement()
        .satisfies(s -> assertThat(s).startsWith(current.get(0).id().value() + ":"));
    assertThat(report.byRule(Rules.INSTANCE_MUTATED)).extracting(Finding::subject).containsExactly(current.get(0).id().value());
  }

  @Test
  @DisplayName("instances that are gone or unknown to the cloud are skipped")
  void goneInstancesSkipped() {
    FleetSpec spec = spec(VolumeSpec.data("db", 100, Persistence.LOCAL));
    InstanceView i = launch(spec, 1).get(0);
    cloud.kill(i.id());
    InstanceView dead = i.withState(cloud.instance(i.id()).orElseThrow().state());
    InstanceView unknown = InstanceView.builder().id(InstanceId.of("i-does-not-exist"))
        .ownership(io.immut.spi.Ownership.of("web", spec.generationId(), "immut")).state(InstanceState.RUNNING)
        .health(HealthStatus.HEALTHY).instanceType("t3.micro").imageId("ami-0abc123").launchedAt(clock.now()).build();

    StateReport report = check.checkInstances(spec, driver, List.of(dead, unknown));

    assertThat(dead.state().isGone()).isTrue();
    assertThat(report.findings()).isEmpty();
  }
}
