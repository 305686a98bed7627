package io.immut.core.rollout.faults;

import io.immut.api.FleetSpec;
import io.immut.core.history.GenerationRecord;
import io.immut.core.history.GenerationStatus;
import io.immut.core.history.GenerationStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A generation store whose writes go through a {@link KillSwitch}; reads pass straight through. */
class KillingStore implements GenerationStore {
  private final GenerationStore delegate;
  private final KillSwitch kill;

  KillingStore(GenerationStore delegate, KillSwitch kill) {
    this.delegate = delegate;
    this.kill = kill;
  }

  @Override
  public GenerationRecord record(FleetSpec spec, Instant now) {
    return kill.call("store.record", () -> delegate.record(spec, now));
  }

  @Override
  public Optional<GenerationRecord> find(String fleet, String generationId) {
    return delegate.find(fleet, generationId);
  }

  @Override
  public Optional<GenerationRecord> byNumber(String fleet, int number) {
    return delegate.byNumber(fleet, number);
  }

  @Override
  public List<GenerationRecord> history(String fleet) {
    return delegate.history(fleet);
  }

  @Override
  public GenerationRecord updateStatus(String fleet, int number, GenerationStatus status, String reason, Instant now) {
    return updateStatus(fleet, number, status, reason, null, now);
  }

  @Override
  public GenerationRecord updateStatus(String fleet, int number, GenerationStatus status, String reason, Instant keptUntil,
                                       Instant now) {
    return kill.call("store.updateStatus " + status, () -> delegate.updateStatus(fleet, number, status, reason, keptUntil,
        now));
  }

  @Override
  public void verify(String fleet) {
    delegate.verify(fleet);
  }
}
