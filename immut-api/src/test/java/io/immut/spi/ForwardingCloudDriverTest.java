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
      return new Capabilities(10, 10, true, false, false, false, Duration.ofSeconds(1));
    }

    @Override
    public Image resolveImage(ImageRef ref) {
      calls.add("resolveImage");
      return new Image(ref.value(), null, null, null, null);
    }

    @Override
    public LaunchResult launch(LaunchRequest request) {
      calls.add("launch");
      return LaunchResult.complete(request.token(), List.of());
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
    wrapper.launch(new LaunchRequest("t-1", web, spec.id(), spec, image, 1));
    wrapper.terminate(Set.of(InstanceId.of("i-1")));
    wrapper.list(web);
    wrapper.list(web, Set.of(InstanceState.RUNNING));
    wrapper.inspect(InstanceId.of("i-1"));
    wrapper.traffic();
    wrapper.prices();
    wrapper.close();

    assertThat(target.calls).containsExactly("name", "capabilities", "resolveImage", "launch", "terminate", "list",
        "listByState", "inspect", "traffic", "prices", "close");
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
