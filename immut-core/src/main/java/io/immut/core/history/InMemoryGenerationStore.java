package io.immut.core.history;

import io.immut.api.FleetSpec;
import io.immut.api.Generation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The history in memory: a list of records per fleet, index = number - 1, guarded by one lock. */
final class InMemoryGenerationStore implements GenerationStore {
  private final Map<String, List<GenerationRecord>> fleets = new HashMap<>();

  @Override
  public boolean isVolatile() {
    return true;
  }

  @Override
  public synchronized GenerationRecord record(FleetSpec spec, Instant now) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(now, "now");
    List<GenerationRecord> records = fleets.computeIfAbsent(spec.name(), k -> new ArrayList<>());
    String id = spec.generationId();
    for (GenerationRecord r : records) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    GenerationRecord created = new GenerationRecord(new Generation(spec.name(), records.size() + 1, id), spec,
        GenerationStatus.PENDING, now, now, null);
    records.add(created);
    return created;
  }

  @Override
  public synchronized Optional<GenerationRecord> find(String fleet, String generationId) {
    return fleets.getOrDefault(fleet, List.of()).stream().filter(r -> r.id().equals(generationId)).findFirst();
  }

  @Override
  public synchronized Optional<GenerationRecord> byNumber(String fleet, int number) {
    List<GenerationRecord> records = fleets.getOrDefault(fleet, List.of());
    return number >= 1 && number <= records.size() ? Optional.of(records.get(number - 1)) : Optional.empty();
  }

  @Override
  public synchronized List<GenerationRecord> history(String fleet) {
    return List.copyOf(fleets.getOrDefault(fleet, List.of()));
  }

  @Override
  public synchronized GenerationRecord updateStatus(String fleet, int number, GenerationStatus status, String reason, Instant now) {
    return updateStatus(fleet, number, status, reason, null, now);
  }

  @Override
  public synchronized GenerationRecord updateStatus(String fleet, int number, GenerationStatus status, String reason,
      Instant keptUntil, Instant now) {
    Objects.requireNonNull(status, "status");
    GenerationRecord current = byNumber(fleet, number)
        .orElseThrow(() -> NoSuchGeneration.of(fleet, number, history(fleet), "the in-memory generation store"));
    GenerationRecord updated = current.withStatus(status, reason, keptUntil, now);
    fleets.get(fleet).set(number - 1, updated);
    return updated;
  }

  @Override
  public String toString() {
    return "in-memory generation store";
  }
}
