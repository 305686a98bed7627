package io.immut.core.state;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.StatePolicy;
import io.immut.api.VolumeSpec;
import java.util.List;
import java.util.Map;

/** Small fleet specs for the state tests. */
final class Specs {
  private Specs() {}

  static GenerationSpec.Builder generation() {
    return GenerationSpec.builder().image("ami-0abc123").instanceType("t3.micro").volume(VolumeSpec.root(8));
  }

  static FleetSpec fleet(GenerationSpec generation) {
    return fleet(generation, StatePolicy.NONE);
  }

  static FleetSpec fleet(GenerationSpec generation, StatePolicy state) {
    return FleetSpec.builder("web").generation(generation).capacity(Capacity.fixed(2)).state(state).build();
  }

  static FleetSpec withVolumes(VolumeSpec... volumes) {
    GenerationSpec.Builder g = generation();
    for (VolumeSpec v : volumes) {
      g.volume(v);
    }
    return fleet(g.build());
  }

  static FleetSpec withBindings(Map<String, String> bindings, boolean verify) {
    return fleet(generation().build(), new StatePolicy(bindings, verify, List.of()));
  }

  static FleetSpec withUserData(String userData) {
    return fleet(generation().userData(userData).build());
  }

  static StatePolicy.Acknowledgement ack(String rule, String subject) {
    return new StatePolicy.Acknowledgement(rule, subject, "accepted in test");
  }
}
