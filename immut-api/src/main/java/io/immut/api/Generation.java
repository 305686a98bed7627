package io.immut.api;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A numbered, content-addressed version of a fleet: {@code web-v007}. Its {@link #id()} is the
 * content id of the {@link GenerationSpec} it was made from, so applying the same spec twice finds
 * the same generation.
 *
 * @param fleet the fleet's name
 * @param number the generation's number within the fleet, from 1
 * @param id the content id of its spec ({@link GenerationSpec#id()})
 */
public record Generation(String fleet, int number, String id) implements Comparable<Generation> {
  private static final Pattern NAME = Pattern.compile("(.+)-v(\\d{3,})");

  /** Validates the fields. */
  public Generation {
    Objects.requireNonNull(fleet, "fleet");
    Objects.requireNonNull(id, "id");
    if (number < 1) {
      throw new IllegalArgumentException("a generation number starts at 1, got " + number);
    }
  }

  /**
   * The generation's name: the fleet, {@code -v} and the number in at least three digits.
   *
   * @return {@code web-v003}
   */
  public String name() {
    return String.format("%s-v%03d", fleet, number);
  }

  /**
   * Reads the number out of a generation name.
   *
   * @param name a name such as {@code web-v003}
   * @return the number, 3
   * @throws IllegalArgumentException when the name is not of that form
   */
  public static int numberOf(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a generation name such as web-v003");
    }
    return Integer.parseInt(m.group(2));
  }

  @Override
  public int compareTo(Generation o) {
    int c = fleet.compareTo(o.fleet);
    return c != 0 ? c : Integer.compare(number, o.number);
  }

  /** Returns the name and the id: {@code web-v003 (5f2c0e9a1b)}. */
  @Override
  public String toString() {
    return name() + " (" + id + ")";
  }
}
