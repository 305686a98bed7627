package io.immut.api;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A five-field cron expression, {@code minute hour day-of-month month day-of-week}, as crontab(5)
 * writes it: {@code *}, numbers, ranges {@code 1-5}, lists {@code 1,15}, steps {@code *}{@code /15}
 * or {@code 8-18/2}, and names for months ({@code JAN}) and days ({@code MON}; 0 and 7 are Sunday).
 * As in crontab, when both day fields are restricted a day matches when either does.
 *
 * <p>Times are wall-clock times in a time zone: {@code 0 9 * * MON-FRI} starts at 09:00 local
 * time on both sides of a daylight-saving change. A start that falls into a spring-forward gap
 * moves forward by the gap's length, as {@link ZonedDateTime#of} resolves it.
 *
 * @param expression the expression, as written
 */
public record Cron(String expression) {
  private static final String ALLOWED =
      "five fields 'minute hour day-of-month month day-of-week', such as '0 8 * * MON-FRI' or '*/15 * * * *'";
  private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  /** Validates the expression. */
  public Cron {
    Problems p = new Problems();
    if (p.required("", expression, ALLOWED)) {
      for (String problem : parse(expression).problems) {
        p.add("", problem, ALLOWED);
      }
    }
    p.throwIfAny("cron expression");
  }

  /**
   * Whether a wall-clock minute matches.
   *
   * @param time a local date-time (seconds are ignored)
   * @return true when every field matches
   */
  public boolean matches(LocalDateTime time) {
    Fields f = parse(expression);
    return f.minutes.get(time.getMinute()) && f.hours.get(time.getHour()) && f.dayMatches(time.toLocalDate());
  }

  /**
   * The latest instant at or before {@code at} when the expression fires in {@code zone}, looking
   * back at most {@code maxDays} days.
   *
   * @param at the instant
   * @param zone the time zone of the wall-clock fields
   * @param maxDays how many days back to look
   * @return the latest start, or empty when none is that recent
   */
  public Optional<ZonedDateTime> lastFireAtOrBefore(ZonedDateTime at, ZoneId zone, int maxDays) {
    Fields f = parse(expression);
    ZonedDateTime local = at.withZoneSameInstant(zone);
    LocalDate day = local.toLocalDate();
    for (int back = 0; back <= maxDays; back++) {
      LocalDate d = day.minusDays(back);
      if (!f.dayMatches(d)) {
        continue;
      }
      for (int h = 23; h >= 0; h--) {
        if (!f.hours.get(h)) {
          continue;
        }
        for (int m = 59; m >= 0; m--) {
          if (!f.minutes.get(m)) {
            continue;
          }
          ZonedDateTime fire = ZonedDateTime.of(d, LocalTime.of(h, m), zone);
          if (!fire.isAfter(at)) {
            return Optional.of(fire);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Fields parse(String expression) {
    Fields f = new Fields();
    String[] parts = expression.trim().split("\\s+");
    if (parts.length != 5) {
      f.problems.add(SpecProblem.excerpt(expression) + " has " + parts.length + " fields, not 5");
      return f;
    }
    f.minutes = field(parts[0], "minute", 0, 59, null, f.problems);
    f.hours = field(parts[1], "hour", 0, 23, null, f.problems);
    f.daysOfMonth = field(parts[2], "day-of-month", 1, 31, null, f.problems);
    f.months = field(parts[3], "month", 1, 12, MONTHS, f.problems);
    f.daysOfWeek = field(parts[4], "day-of-week", 0, 7, DAYS, f.problems);
    if (f.daysOfWeek.get(7)) {
      f.daysOfWeek.set(0);
    }
    f.domStar = parts[2].startsWith("*");
    f.dowStar = parts[4].startsWith("*");
    return f;
  }

  private static BitSet field(String text, String name, int min, int max, String[] names, List<String> problems) {
    BitSet bits = new BitSet(max + 1);
    for (String item : text.split(",", -1)) {
      String range = item;
      int step = 1;
      int slash = item.indexOf('/');
      if (slash >= 0) {
        range = item.substring(0, slash);
        Integer s = number(item.substring(slash + 1), null, 0);
        if (s == null || s < 1) {
          problems.add(name + " step '" + item + "' is not a positive number");
          continue;
        }
        step = s;
      }
      int lo;
      int hi;
      if (range.equals("*")) {
        lo = min;
        hi = max;
      } else {
        int dash = range.indexOf('-');
        Integer a = number(dash >= 0 ? range.substring(0, dash) : range, names, min);
        Integer b = dash >= 0 ? number(range.substring(dash + 1), names, min) : (slash >= 0 ? Integer.valueOf(max) : a);
        if (a == null || b == null) {
          problems.add(name + " '" + item + "' is not a number" + (names == null ? "" : " or a name") + " from " + min + " to " + max);
          continue;
        }
        lo = a;
        hi = b;
      }
      if (lo < min || hi > max || lo > hi) {
        problems.add(name + " '" + item + "' is out of range " + min + "-" + max);
        continue;
      }
      for (int v = lo; v <= hi; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static Integer number(String text, String[] names, int base) {
    if (names != null) {
      String upper = text.toUpperCase(Locale.ROOT);
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(upper)) {
          return i + (base == 1 ? 1 : 0);
        }
      }
    }
    if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
      return null;
    }
    return Integer.parseInt(text);
  }

  private static final class Fields {
    final List<String> problems = new ArrayList<>();
    BitSet minutes = new BitSet();
    BitSet hours = new BitSet();
    BitSet daysOfMonth = new BitSet();
    BitSet months = new BitSet();
    BitSet daysOfWeek = new BitSet();
    boolean domStar;
    boolean dowStar;

    boolean dayMatches(LocalDate d) {
      if (!months.get(d.getMonthValue())) {
        return false;
      }
      boolean dom = daysOfMonth.get(d.getDayOfMonth());
      boolean dow = daysOfWeek.get(d.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : d.getDayOfWeek().getValue());
      if (domStar || dowStar) {
        return dom && dow;
      }
      return dom || dow;
    }
  }

  /** Returns the expression. */
  @Override
  public String toString() {
    return expression;
  }
}
