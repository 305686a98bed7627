package io.immut.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes durations the way specs write them: {@code 90s}, {@code 5m}, {@code 1h30m},
 * {@code 250ms}, or ISO-8601 ({@code PT30S}). {@link #format} gives the short form, and
 * {@code parse(format(d)).equals(d)} for every non-negative duration with whole milliseconds.
 *
 * <p>No duration in a spec is longer than {@link #MAX} (365 days): {@code parse} refuses longer
 * ones, and the spec types refuse them too, so that no arithmetic on a spec's durations can
 * overflow.
 */
public final class Durations {
  private static final Pattern SHORT =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");

  /** The longest duration a spec may hold: 365 days ({@code 365d}). */
  public static final Duration MAX = Duration.ofDays(365);
  private static final String FORMS = "write it as 30s, 5m, 1h30m or PT30S, at most 365d";
  /** Digits of one part of the short form; more cannot be a duration of at most 365 days in any unit. */
  private static final int MAX_DIGITS = 12;

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @param text {@code 1h30m}, {@code 45s}, {@code 250ms}, {@code 2d} or ISO-8601 {@code PT1H30M}
   * @return the duration
   * @throws IllegalArgumentException when the text is neither form, or longer than {@link #MAX}; the
   *     message says what is wrong, then (after {@code "; "}) how to write it
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a duration is empty; " + FORMS);
    }
    String t = text.trim();
    if (t.length() > 64) {
      throw new IllegalArgumentException(SpecProblem.excerpt(text) + " is not a duration; " + FORMS);
    }
    Duration d;
    if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        d = Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException | ArithmeticException e) {
        throw new IllegalArgumentException(SpecProblem.excerpt(text) + " is not a duration; " + FORMS, e);
      }
    } else if (t.equals("0")) {
      return Duration.ZERO;
    } else {
      Matcher m = SHORT.matcher(t);
      if (!m.matches() || t.isEmpty()) {
        throw new IllegalArgumentException(SpecProblem.excerpt(text) + " is not a duration; " + FORMS);
      }
      try {
        d = Duration.ZERO.plusDays(group(m, 1)).plusHours(group(m, 2)).plusMinutes(group(m, 3))
            .plusSeconds(group(m, 4)).plusMillis(group(m, 5));
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException(SpecProblem.excerpt(text) + " is longer than 365d; " + FORMS, e);
      }
    }
    if (d.compareTo(MAX) > 0 || d.compareTo(MAX.negated()) < 0) {
      throw new IllegalArgumentException(SpecProblem.excerpt(text) + " is longer than 365d; " + FORMS);
    }
    return d;
  }

  private static long group(Matcher m, int i) {
    String g = m.group(i);
    if (g == null) {
      return 0;
    }
    if (g.length() > MAX_DIGITS) {
      throw new ArithmeticException("too many digits");
    }
    return Long.parseLong(g);
  }

  /**
   * Formats a duration in the short form: {@code 1h30m}, {@code 45s}, {@code 0s}.
   *
   * @param d a non-negative duration
   * @return its short form; negative durations are written in ISO-8601
   */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return d.toString();
    }
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long hours = d.toHours();
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    int minutes = d.toMinutesPart();
    if (minutes > 0) {
      sb.append(minutes).append('m');
    }
    int seconds = d.toSecondsPart();
    if (seconds > 0) {
      sb.append(seconds).append('s');
    }
    int millis = d.toMillisPart();
    if (millis > 0) {
      sb.append(millis).append("ms");
    }
    if (d.getNano() % 1_000_000 != 0) {
      return d.toString();
    }
    return sb.toString();
  }

  /**
   * A measured duration for people to read, in the spec syntax: {@code 5m10s} rather than
   * {@code PT5M10.151958263S}. Rounded to the second from a minute up, to the millisecond below.
   * For logs and messages; {@link #format} is exact, for specs.
   *
   * @param d the duration
   * @return the text, such as {@code 5m10s}, {@code 1s250ms} or {@code 0s}
   * @since 0.1
   */
  public static String formatRounded(Duration d) {
    if (d.isNegative()) {
      return "-" + formatRounded(d.negated());
    }
    java.time.temporal.ChronoUnit unit = d.compareTo(Duration.ofMinutes(1)) >= 0 ? java.time.temporal.ChronoUnit.SECONDS
        : java.time.temporal.ChronoUnit.MILLIS;
    Duration rounded = d.plus(Duration.of(1, unit).dividedBy(2)).truncatedTo(unit);
    return format(rounded);
  }
}
