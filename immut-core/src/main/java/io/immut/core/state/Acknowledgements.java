package io.immut.core.state;

import io.immut.api.StatePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Applies a state policy's acknowledgements to findings. */
final class Acknowledgements {

  private final List<StatePolicy.Acknowledgement> list;

  Acknowledgements(StatePolicy policy) {
    this.list = policy.acknowledgements();
  }

  /**
   * The reason of the first acknowledgement of {@code rule} whose subject names {@code finding}'s.
   */
  Optional<String> find(String rule, Finding finding) {
    return list.stream().filter(a -> a.rule().equals(rule) && finding.subjectMatches(a.subject()))
        .map(StatePolicy.Acknowledgement::reason).findFirst();
  }

  /** Each finding, acknowledged when an acknowledgement of its own rule names its subject. */
  List<Finding> apply(List<Finding> findings) {
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      out.add(f.acknowledged() ? f : find(f.rule(), f).map(f::acknowledge).orElse(f));
    }
    return out;
  }
}
