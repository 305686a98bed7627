package io.immut.api;

/**
 * A count of instances given as a number ({@code 2}) or as a percentage of the desired capacity
 * ({@code 25%}), as Kubernetes' {@code maxSurge} and {@code maxUnavailable} are.
 *
 * @param value the number, or the percentage (0-100) when {@code percent}
 * @param percent whether {@code value} is a percentage
 */
public record Amount(int value, boolean percent) {

  /** The largest absolute amount: as many instances as the largest capacity. */
  public static final int MAX_COUNT = 100_000;

  /** Validates the value. */
  public Amount {
    Problems p = new Problems();
    if (value < 0) {
      p.add("", value + (percent ? "%" : "") + " is negative", "a number from 0 to 100000, or a percentage from 0% to 100%");
    } else if (percent && value > 100) {
      p.add("", value + "% is over 100%", "a percentage from 0% to 100%");
    } else if (!percent && value > MAX_COUNT) {
      p.add("", value + " is over 100000", "a number from 0 to 100000 (the largest capacity), or a percentage");
    }
    p.throwIfAny("amount");
  }

  /**
   * An absolute number of instances.
   *
   * @param count 0 or more
   * @return the amount
   */
  public static Amount of(int count) {
    return new Amount(count, false);
  }

  /**
   * A percentage of the desired capacity.
   *
   * @param percent 0 to 100
   * @return the amount
   */
  public static Amount percent(int percent) {
    return new Amount(percent, true);
  }

  /**
   * Parses {@code 3} or {@code 25%}.
   *
   * @param text the text
   * @return the amount
   * @throws InvalidSpecException when the text is neither, or out of range
   */
  public static Amount parse(String text) {
    String t = text == null ? "" : text.trim();
    boolean pct = t.endsWith("%");
    String digits = pct ? t.substring(0, t.length() - 1).trim() : t;
    try {
      return new Amount(Integer.parseInt(digits), pct);
    } catch (NumberFormatException e) {
      throw new InvalidSpecException("amount", java.util.List.of(new SpecProblem("", SpecProblem.excerpt(text) + " is not a number or a percentage",
          "a whole number such as 2, or a percentage such as 25%")));
    }
  }

  /**
   * Resolves this amount against a desired capacity. Percentages of surge round up and percentages
   * of unavailability round down, as Kubernetes does, so that a rollout always makes progress and
   * never drops more capacity than allowed.
   *
   * @param desired the desired capacity
   * @param roundUp true for surge, false for unavailability
   * @return the number of instances
   */
  public int resolve(int desired, boolean roundUp) {
    if (!percent) {
      return value;
    }
    long scaled = (long) desired * value;
    return (int) (roundUp ? (scaled + 99) / 100 : scaled / 100);
  }

  /**
   * Whether the amount is zero whatever the capacity.
   *
   * @return true for {@code 0} and {@code 0%}
   */
  public boolean isZero() {
    return value == 0;
  }

  /** Returns {@code 3} or {@code 25%}. */
  @Override
  public String toString() {
    return percent ? value + "%" : Integer.toString(value);
  }
}
