package io.immut.core.history;

import io.immut.api.FleetSpec;
import io.immut.api.Generation;
import io.immut.api.ImmutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A generation store in memory. Thread-safe. */
final class InMemoryGenerationStore implements GenerationStore {
  private final Map<String, List<GenerationRecord>> fleets = new HashMap<>();

  @Override
  public synchronized GenerationRecord record(FleetSpec spec, Instant now) {
    List<GenerationRecord> list = fleets.computeIfAbsent(spec.name(), k -> new ArrayList<>());
    for (GenerationRecord r : list) {
      if (r.generation().id().equals(spec.generationId())) {
        return r;
      }
    }
    GenerationRecord r = new GenerationRecord(new Generation(spec.name(), list.size() + 1, spec.generationId()), spec,
        GenerationStatus.PENDING, now, now, "");
    list.add(r);
    return r;
  }

  @Override
  public synchronized Optional<GenerationRecord> find(String fleet, String generationId) {
    return fleets.getOrDefault(fleet, List.of()).stream().filter(r -> r.generation().id().equals(generationId)).findFirst();
  }

  @Override
  public synchronized Optional<GenerationRecord> byNumber(String fleet, int number) {
    List<GenerationRecord> list = fleets.getOrDefault(fleet, List.of());
    return number >= 1 && number <= list.size() ? Optional.of(list.get(number - 1)) : Optional.empty();
  }

  @Override
  public synchronized List<GenerationRecord> history(String fleet) {
    return List.copyOf(fleets.getOrDefault(fleet, List.of()));
  }

  @Override
  public synchronized GenerationRecord updateStatus(String fleet, int number, GenerationStatus status, String reason,
                                                    Instant now) {
    List<GenerationRecord> list = fleets.get(fleet);
    if (list == null || number < 1 || number > list.size()) {
      throw new ImmutException("fleet '" + fleet + "' has no generation number " + number);
    }
    GenerationRecord old = list.get(number - 1);
    GenerationRecord r = new GenerationRecord(old.generation(), old.spec(), status, old.createdAt(), now, reason);
    list.set(number - 1, r);
    return r;
  }
}
