package io.immut.core.internal.decision;

import io.immut.api.InstanceId;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One thing the decision function asks the executor to do. Actions only name instances that
 * carry the fleet's ownership tags.
 */
public sealed interface Action {

  /**
   * The one dispatch over actions: the executor's runner and the planner's simulation each
   * implement it, and the compiler makes each handle every kind of action.
   *
   * @param <R> what each handler answers
   * @param <X> what the handlers may throw
   */
  interface Handler<R, X extends Exception> {
    /**
     * Handles a launch.
     *
     * @param a the action
     * @return the answer
     * @throws X on failure
     */
    R launch(Launch a) throws X;

    /**
     * Handles a termination.
     *
     * @param a the action
     * @return the answer
     * @throws X on failure
     */
    R terminate(Terminate a) throws X;

    /**
     * Handles a registration with the load balancer.
     *
     * @param a the action
     * @return the answer
     * @throws X on failure
     */
    R register(RegisterTraffic a) throws X;

    /**
     * Handles a removal from the load balancer.
     *
     * @param a the action
     * @return the answer
     * @throws X on failure
     */
    R deregister(DeregisterTraffic a) throws X;

    /**
     * Handles a validation.
     *
     * @param a the action
     * @return the answer
     * @throws X on failure
     */
    R validate(Validate a) throws X;

    /**
     * Handles a canary analysis.
     *
     * @param a the action
     * @return the answer
     * @throws X on failure
     */
    R analyse(Analyse a) throws X;

    /**
     * Handles a promotion.
     *
     * @param a the action
     * @return the answer
     * @throws X on failure
     */
    R promote(Promote a) throws X;

    /**
     * Handles a wait.
     *
     * @param a the action
     * @return the answer
     * @throws X on failure
     */
    R waitUntil(WaitUntil a) throws X;
  }

  /**
   * Hands this action to the handler's method for its kind.
   *
   * @param handler the handler
   * @param <R> the answer's type
   * @param <X> what the handler may throw
   * @return the handler's answer
   * @throws X when the handler throws
   */
  <R, X extends Exception> R accept(Handler<R, X> handler) throws X;

  /**
   * Launch instances of a generation.
   *
   * @param generationId the generation's content id
   * @param count how many, at least 1
   * @param token the idempotency token of the wave, derived from fleet, generation and the wave's
   *     starting point; the executor derives one token per batch from it
   * @param avoidZones zones where launches failed for capacity: the launch goes to the spec's other
   *     placement zones when it lists any; empty for the spec's placement as it is
   */
  record Launch(String generationId, int count, String token, Set<String> avoidZones) implements Action {
    @Override
    public <R, X extends Exception> R accept(Handler<R, X> handler) throws X {
      return handler.launch(this);
    }

    /** Validates the fields. */
    public Launch {
      Objects.requireNonNull(generationId, "generationId");
      Objects.requireNonNull(token, "token");
      if (count < 1) {
        throw new IllegalArgumentException("a launch is of at least one instance");
      }
      avoidZones = avoidZones == null ? Set.of() : Set.copyOf(avoidZones);
    }

    /**
     * A launch with the spec's placement as it is.
     *
     * @param generationId the generation's content id
     * @param count how many
     * @param token the wave's token
     */
    public Launch(String generationId, int count, String token) {
      this(generationId, count, token, Set.of());
    }
  }

  /**
   * Terminate owned instances.
   *
   * @param ids the instances
   * @param reason replaced, rollback, drift, orphan, surplus, retired or unavailable
   */
  record Terminate(Set<InstanceId> ids, String reason) implements Action {
    @Override
    public <R, X extends Exception> R accept(Handler<R, X> handler) throws X {
      return handler.terminate(this);
    }

    /** Copies the set. */
    public Terminate {
      ids = Set.copyOf(ids);
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Register instances with the load-balancer target: they take traffic.
   *
   * @param target the target
   * @param ids the instances
   */
  record RegisterTraffic(String target, Set<InstanceId> ids) implements Action {
    @Override
    public <R, X extends Exception> R accept(Handler<R, X> handler) throws X {
      return handler.register(this);
    }

    /** Copies the set. */
    public RegisterTraffic {
      Objects.requireNonNull(target, "target");
      ids = Set.copyOf(ids);
    }
  }

  /**
   * Remove instances from the load-balancer target.
   *
   * @param target the target
   * @param ids the instances
   */
  record DeregisterTraffic(String target, Set<InstanceId> ids) implements Action {
    @Override
    public <R, X extends Exception> R accept(Handler<R, X> handler) throws X {
      return handler.deregister(this);
    }

    /** Copies the set. */
    public DeregisterTraffic {
      Objects.requireNonNull(target, "target");
      ids = Set.copyOf(ids);
    }
  }

  /**
   * Run the named validator against the new generation's instances.
   *
   * @param generationId the generation
   * @param validator the validator's name
   * @param ids its instances
   */
  record Validate(String generationId, String validator, Set<InstanceId> ids) implements Action {
    @Override
    public <R, X extends Exception> R accept(Handler<R, X> handler) throws X {
      return handler.validate(this);
    }

    /** Copies the set. */
    public Validate {
      ids = Set.copyOf(ids);
    }
  }

  /**
   * Run the named canary analysis.
   *
   * @param analysis the analysis's name
   * @param step the index of the step
   * @param canary the canary instances
   * @param baseline the baseline instances
   */
  record Analyse(String analysis, int step, Set<InstanceId> canary, Set<InstanceId> baseline) implements Action {
    @Override
    public <R, X extends Exception> R accept(Handler<R, X> handler) throws X {
      return handler.analyse(this);
    }

    /** Copies the sets. */
    public Analyse {
      canary = Set.copyOf(canary);
      baseline = Set.copyOf(baseline);
    }
  }

  /**
   * The new generation passed its whole gate and is promoted: it becomes the live generation.
   *
   * @param generationId the generation
   */
  record Promote(String generationId) implements Action {
    @Override
    public <R, X extends Exception> R accept(Handler<R, X> handler) throws X {
      return handler.promote(this);
    }
  }

  /**
   * Nothing to do before an instant (a pause, a keep-previous period, a promotion to wait for).
   *
   * @param until the instant
   * @param reason why
   */
  record WaitUntil(Instant until, String reason) implements Action {
    @Override
    public <R, X extends Exception> R accept(Handler<R, X> handler) throws X {
      return handler.waitUntil(this);
    }
  }
}
