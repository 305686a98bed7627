package io.immut.core.cost;

import io.immut.spi.PriceCatalog;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The overlap cost of a rollout: what the fleet spent during the rollout above the steady spend
 * of its desired capacity in the new generation's instance type, {@code ∫ max(0, spend(t) −
 * desired × price) dt} over the rollout. A rolling rollout with surge 1 of a fleet of 4 that takes
 * an hour with one extra instance all along costs one instance-hour of overlap.
 */
public final class OverlapCost {
  private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

  private OverlapCost() {}

  /**
   * One instance's life, as far as the rollout saw it.
   *
   * @param instanceType its type
   * @param from when it was launched
   * @param to when it was terminated, or null while it lives
   */
  public record Span(String instanceType, Instant from, Instant to) {
    /** Validates the fields. */
    public Span {
      Objects.requireNonNull(instanceType, "instanceType");
      Objects.requireNonNull(from, "from");
    }
  }

  /**
   * Computes the overlap cost.
   *
   * @param spans the lives of every instance of the fleet during the rollout (old and new)
   * @param start the rollout's start
   * @param end the rollout's end
   * @param desired the desired capacity
   * @param instanceType the new generation's instance type
   * @param catalog the prices
   * @return the cost, in the catalog's currency
   * @throws io.immut.api.ImmutException when a type has no price
   */
  public static BigDecimal of(Collection<Span> spans, Instant start, Instant end, int desired, String instanceType,
                              PriceCatalog catalog) {
    BigDecimal base = price(catalog, instanceType).multiply(BigDecimal.valueOf(desired));
    TreeSet<Instant> cuts = new TreeSet<>();
    cuts.add(start);
    cuts.add(end);
    for (Span s : spans) {
      if (s.from().isAfter(start) && s.from().isBefore(end)) {
        cuts.add(s.from());
      }
      if (s.to() != null && s.to().isAfter(start) && s.to().isBefore(end)) {
        cuts.add(s.to());
      }
    }
    List<Instant> points = new ArrayList<>(cuts);
    BigDecimal total = BigDecimal.ZERO;
    for (int k = 0; k + 1 < points.size(); k++) {
      Instant a = points.get(k);
      Instant b = points.get(k + 1);
      BigDecimal spend = BigDecimal.ZERO;
      for (Span s : spans) {
        boolean alive = !s.from().isAfter(a) && (s.to() == null || !s.to().isBefore(b));
        if (alive) {
          spend = spend.add(price(catalog, s.instanceType()));
        }
      }
      BigDecimal extra = spend.subtract(base);
      if (extra.signum() > 0) {
        BigDecimal hours = BigDecimal.valueOf(Duration.between(a, b).toMillis()).divide(SECONDS_PER_HOUR.movePointRight(3), MathContext.DECIMAL64);
        total = total.add(extra.multiply(hours));
      }
    }
    return total.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
  }

  private static BigDecimal price(PriceCatalog catalog, String type) {
    return catalog.hourlyPrice(type).orElseThrow(() -> new io.immut.api.ImmutException(
        "the price catalog has no price for instance type '" + type + "'; the overlap cost cannot be computed"));
  }
}
