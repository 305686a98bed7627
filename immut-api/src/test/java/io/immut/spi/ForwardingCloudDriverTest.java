package io.immut.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ForwardingCloudDriverTest {

  /** Records the name of every method called on it. */
  static final class RecordingDriver implements CloudDriver {
    final List<String> calls = new ArrayList<>();

    @Override
    public String name() {
      calls.add("name");
      return "recording";
    }

    @Override
    public Capabilities capabilities() {
      calls.add("capabilities");
      return Capabilities.builder().maxLaunchBatch(10).maxTerminateBatch(10).tagsVolumes(true)
          .bootTimeHint(Duration.ofSeconds(1)).build();
    }

    @Override
    public Image resolveImage(ImageRef ref) {
      calls.add("resolveImage");
      return new Image(ref.value(), null, null, null, null);
    }

    @Override
    public LaunchResult launch(LaunchRequest request) {
      calls.add("launch");
      return LaunchResult.partial(request, List.of(), LaunchFailure.capacity("none"));
    }

    @Override
    public void terminate(Set<InstanceId> ids) {
      calls.add("terminate");
    }

    @Override
    public List<InstanceView> list(FleetSelector selector) {
      calls.add("list");
      return List.of();
    }

    @Override
    public List<InstanceView> list(FleetSelector selector, Set<InstanceState> states) {
      calls.add("listByState");
      return List.of();
    }

    @Override
    public InstanceInspection inspect(InstanceId id) {
      calls.add("inspect");
      return new InstanceInspection(id, null, null, null, null, null, null);
    }

    @Override
    public java.util.Map<InstanceId, InstanceInspection> inspectAll(java.util.Collection<InstanceId> ids) {
      calls.add("inspectAll");
      return java.util.Map.of();
    }

    @Override
    public CloudScope scope() {
      calls.add("scope");
      return CloudScope.shared("recording:1");
    }

    @Override
    public List<io.immut.api.SpecProblem> check(GenerationSpec spec) {
      calls.add("check");
      return List.of();
    }

    @Override
    public Optional<TrafficRouter> traffic() {
      calls.add("traffic");
      return Optional.empty();
    }

    @Override
    public Optional<PriceCatalog> prices() {
      calls.add("prices");
      return Optional.empty();
    }

    @Override
    public void close() {
      calls.add("close");
    }
  }

  @Test
  void forwardsEveryMethodTheOptionalOnesAndTheStateFilteredListIncluded() {
    RecordingDriver target = new RecordingDriver();
    CloudDriver wrapper = new ForwardingCloudDriver(target) { };
    FleetSelector web = new FleetSelector("web", "me");
    GenerationSpec spec = GenerationSpec.builder().image("ami-1").instanceType("t3.micro").build();

    assertThat(wrapper.name()).isEqualTo("recording");
    wrapper.capabilities();
    Image image = wrapper.resolveImage(ImageRef.of("ami-1"));
    wrapper.launch(LaunchRequest.builder().token(LaunchToken.of("t-1")).ownership(Ownership.of(web, spec.id())).spec(spec)
        .image(image).count(1).build());
    wrapper.terminate(Set.of(InstanceId.of("i-1")));
    wrapper.list(web);
    wrapper.list(web, Set.of(InstanceState.RUNNING));
    wrapper.inspect(InstanceId.of("i-1"));
    wrapper.inspectAll(List.of(InstanceId.of("i-1")));
    assertThat(wrapper.scope().id()).isEqualTo("recording:1");
    wrapper.check(spec);
    wrapper.traffic();
    wrapper.prices();
    wrapper.close();

    assertThat(target.calls).containsExactly("name", "capabilities", "resolveImage", "launch", "terminate", "list",
        "listByState", "inspect", "inspectAll", "scope", "check", "traffic", "prices", "close");
  }

  @Test
  void aSubclassChangesOnlyWhatItOverrides() {
    RecordingDriver target = new RecordingDriver();
    CloudDriver wrapper = new ForwardingCloudDriver(target) {
      @Override
      public String name() {
        return "wrapped-" + delegate().name();
      }
    };
    assertThat(wrapper.name()).isEqualTo("wrapped-recording");
    assertThat(wrapper.prices()).isEmpty();
    assertThat(target.calls).containsExactly("name", "prices");
  }
}
