package io.immut.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a new generation replaces the live one: {@link Rolling}, {@link BlueGreen} or {@link Canary},
 * each made with a factory or a builder of this interface.
 *
 * <pre>{@code
 * RolloutStrategy rolling = RolloutStrategy.rolling(Amount.percent(25), Amount.of(0));
 * RolloutStrategy blueGreen = RolloutStrategy.blueGreen().promotion(Promotion.MANUAL)
 *     .keepPreviousFor(Duration.ofMinutes(15)).validator("smoke").build();
 * RolloutStrategy canary = RolloutStrategy.canary(CanaryStep.setWeight(10), CanaryStep.analyse("errors"),
 *     CanaryStep.setWeight(50), CanaryStep.pause(Duration.ofMinutes(5)));
 * }</pre>
 */
public sealed interface RolloutStrategy permits RolloutStrategy.Rolling, RolloutStrategy.BlueGreen, RolloutStrategy.Canary {

  /** The default: rolling, surge 25%, nothing unavailable (capacity never drops). */
  Rolling DEFAULT = new Rolling(Amount.percent(25), Amount.of(0));

  /**
   * A rolling rollout.
   *
   * @param maxSurge how many new instances may exist above the desired capacity
   * @param maxUnavailable how far healthy capacity may drop below the desired capacity
   * @return the strategy
   * @throws InvalidSpecException listing every problem, at its path under {@code strategy.rolling}
   */
  static Rolling rolling(Amount maxSurge, Amount maxUnavailable) {
    try {
      return new Rolling(maxSurge, maxUnavailable);
    } catch (InvalidSpecException e) {
      throw under("rolling strategy", "strategy.rolling", e);
    }
  }

  /**
   * Starts a blue/green strategy: by default promoted automatically, the old generation retired
   * at once after promotion ({@code keepPreviousFor} zero), no validator: the defaults of a spec file.
   *
   * @return a builder
   * @since 0.2
   */
  static BlueGreen.Builder blueGreen() {
    return new BlueGreen.Builder();
  }

  /**
   * A canary strategy.
   *
   * @param steps the steps, in order; at least one
   * @return the strategy
   * @since 0.2
   */
  static Canary canary(CanaryStep... steps) {
    return canary(steps == null ? null : java.util.Arrays.asList(steps));
  }

  /**
   * A canary strategy.
   *
   * @param steps the steps, in order; at least one
   * @return the strategy
   * @throws InvalidSpecException listing every problem, at its path under {@code strategy.canary}
   * @since 0.2
   */
  static Canary canary(List<CanaryStep> steps) {
    try {
      return new Canary(steps);
    } catch (InvalidSpecException e) {
      throw under("canary strategy", "strategy.canary", e);
    }
  }

  /** The problems of a strategy built in Java, at their full paths in a fleet spec. */
  private static InvalidSpecException under(String subject, String path, InvalidSpecException e) {
    return e.root().isEmpty() ? new InvalidSpecException(subject, path, e.problems()) : e;
  }

  /**
   * Waves: launch up to {@code maxSurge} new instances, wait for their health, terminate as many
   * old ones; healthy capacity stays at or above {@code desired − maxUnavailable} all along.
   * Surge percentages round up, unavailability percentages round down.
   *
   * @param maxSurge extra instances allowed above the desired capacity
   * @param maxUnavailable healthy instances that may be missing below the desired capacity
   */
  record Rolling(Amount maxSurge, Amount maxUnavailable) implements RolloutStrategy {
    /** Validates the pair: both zero would never make progress. */
    public Rolling {
      Problems p = new Problems();
      p.required("maxSurge", maxSurge, "a number such as 1 or a percentage such as 25%");
      p.required("maxUnavailable", maxUnavailable, "a number such as 0 or a percentage such as 25%");
      if (maxSurge != null && maxUnavailable != null && maxSurge.isZero() && maxUnavailable.isZero()) {
        p.add("maxSurge", "maxSurge and maxUnavailable are both zero, so no instance could ever be replaced",
            "maxSurge > 0 or maxUnavailable > 0");
      }
      p.throwIfAny("rolling strategy", "strategy.rolling");
    }
  }

  /** How a blue/green generation is promoted once it passed its gate. */
  enum Promotion {
    /** As soon as the new generation passed its health gate and validation. */
    AUTOMATIC,
    /** Only when {@code Immut.promote(fleet)} is called. */
    MANUAL
  }

  /**
   * The whole new generation is launched beside the old one, checked (health gate, then the named
   * validator), promoted (traffic moves to it), and the old generation is kept for
   * {@code keepPreviousFor} for an instant rollback before it is retired.
   *
   * @param promotion automatic or manual promotion
   * @param keepPreviousFor how long the old generation is kept after promotion (zero: retire at once)
   * @param validator the name of a {@code GenerationValidator} registered with the engine, or null
   */
  record BlueGreen(Promotion promotion, Duration keepPreviousFor, String validator) implements RolloutStrategy {
    /** Validates the fields. */
    public BlueGreen {
      Problems p = new Problems();
      p.required("promotion", promotion, "AUTOMATIC or MANUAL");
      p.required("keepPreviousFor", keepPreviousFor, "a duration of zero or more, such as 15m");
      p.positive("keepPreviousFor", keepPreviousFor, true);
      if (validator != null) {
        p.matches("validator", validator, Names.IDENTIFIER, Names.IDENTIFIER_ALLOWED);
      }
      p.throwIfAny("blue/green strategy", "strategy.blueGreen");
    }

    /**
     * Returns the validator's name.
     *
     * @return the name, or empty when no validation is configured
     */
    public Optional<String> validation() {
      return Optional.ofNullable(validator);
    }

    /**
     * Starts a builder from this strategy.
     *
     * @return a builder holding this strategy's fields
     * @since 0.2
     */
    public Builder toBuilder() {
      return new Builder().promotion(promotion).keepPreviousFor(keepPreviousFor).validator(validator);
    }

    /**
     * Builds a {@link BlueGreen} strategy; made with {@link RolloutStrategy#blueGreen()}.
     *
     * @since 0.2
     */
    public static final class Builder {
      private Promotion promotion = Promotion.AUTOMATIC;
      private Duration keepPreviousFor = Duration.ZERO;
      private String validator;

      private Builder() {}

      /**
       * Sets how the new generation is promoted once it passed its gate.
       *
       * @param promotion automatic (the default) or manual
       * @return this builder
       */
      public Builder promotion(Promotion promotion) {
        this.promotion = promotion;
        return this;
      }

      /**
       * Sets how long the old generation is kept after promotion, for an instant rollback.
       *
       * @param keepPreviousFor zero (retire at once, the default) or more
       * @return this builder
       */
      public Builder keepPreviousFor(Duration keepPreviousFor) {
        this.keepPreviousFor = keepPreviousFor;
        return this;
      }

      /**
       * Names the validator that must pass before promotion.
       *
       * @param validator the name of a {@code GenerationValidator} registered with the engine, or null for none
       * @return this builder
       */
      public Builder validator(String validator) {
        this.validator = validator;
        return this;
      }

      /**
       * Builds the strategy.
       *
       * @return the strategy
       * @throws InvalidSpecException listing every problem, at its path under {@code strategy.blueGreen}
       */
      public BlueGreen build() {
        try {
          return new BlueGreen(promotion, keepPreviousFor, validator);
        } catch (InvalidSpecException e) {
          throw under("blue/green strategy", "strategy.blueGreen", e);
        }
      }
    }
  }

  /**
   * The new generation takes a growing share of the capacity step by step; analysis steps compare
   * it with the baseline; a failed analysis aborts and rolls back; after the last step the rest is
   * rolled out.
   *
   * @param steps the steps, in order; at least one
   */
  record Canary(List<CanaryStep> steps) implements RolloutStrategy {
    /** Validates the steps. */
    public Canary {
      Problems p = new Problems();
      List<CanaryStep> given = steps == null ? List.of() : new java.util.ArrayList<>(steps);
      if (given.isEmpty()) {
        p.add("steps", "is empty", "at least one step: setWeight, pause or analyse");
      }
      int last = 0;
      for (int i = 0; i < given.size(); i++) {
        CanaryStep step = given.get(i);
        if (step == null) {
          p.add("steps[" + i + "]", "is missing", "a step: setWeight, pause or analyse");
        } else if (step instanceof CanaryStep.SetWeight w) {
          if (w.percent() < last) {
            p.add("steps[" + i + "].setWeight", w.percent() + "% is below the previous step's " + last + "%",
                "a weight that does not decrease");
          }
          last = w.percent();
        }
      }
      p.throwIfAny("canary strategy", "strategy.canary");
      steps = List.copyOf(given);
    }
  }

  /** One step of a {@link Canary} rollout. */
  sealed interface CanaryStep permits CanaryStep.SetWeight, CanaryStep.Pause, CanaryStep.Analyse {

    /**
     * Scales the new generation to a percentage of the capacity.
     *
     * @param percent 1 to 100
     * @return the step
     * @since 0.2
     */
    static SetWeight setWeight(int percent) {
      return new SetWeight(percent);
    }

    /**
     * Waits before the next step.
     *
     * @param duration a positive duration
     * @return the step
     * @since 0.2
     */
    static Pause pause(Duration duration) {
      return new Pause(duration);
    }

    /**
     * Runs a canary analysis registered with the engine.
     *
     * @param analysis the analysis's name
     * @return the step
     * @since 0.2
     */
    static Analyse analyse(String analysis) {
      return new Analyse(analysis);
    }

    /**
     * Scale the new generation to a percentage of the capacity (rounded up, at least one instance).
     *
     * @param percent 1 to 100
     */
    record SetWeight(int percent) implements CanaryStep {
      /** Validates the percentage. */
      public SetWeight {
        Problems p = new Problems();
        p.range("setWeight", percent, 1, 100);
        p.throwIfAny("canary step");
      }
    }

    /**
     * Wait before the next step.
     *
     * @param duration a positive duration
     */
    record Pause(Duration duration) implements CanaryStep {
      /** Validates the duration. */
      public Pause {
        Problems p = new Problems();
        if (p.required("pause", duration, "a positive duration such as 5m")) {
          p.positive("pause", duration, false);
        }
        p.throwIfAny("canary step");
      }
    }

    /**
     * Run the named {@code CanaryAnalysis} comparing the canary with the baseline.
     *
     * @param analysis the name of an analysis registered with the engine
     */
    record Analyse(String analysis) implements CanaryStep {
      /** Validates the name. */
      public Analyse {
        Problems p = new Problems();
        if (p.required("analyse", analysis, "the name of a canary analysis registered with the engine")) {
          p.matches("analyse", analysis, Names.IDENTIFIER, Names.IDENTIFIER_ALLOWED);
        }
        p.throwIfAny("canary step");
      }
    }
  }
}
