package io.immut.api;

import java.util.regex.Pattern;

/**
 * The naming rules every spec follows. Fleet names, label keys and label values end up as tags or
 * labels on cloud resources; the rules are the strictest of the three clouds (GCP labels), so that
 * a spec that is valid for one driver is valid for every driver.
 */
public final class Names {
  /** Fleet names: a lower-case letter, then lower-case letters, digits and hyphens; at most 40 characters. */
  public static final Pattern FLEET = Pattern.compile("[a-z][a-z0-9-]{0,39}");
  /** What {@link #FLEET} allows, in words. */
  public static final String FLEET_ALLOWED =
      "1-40 characters: a lower-case letter, then lower-case letters, digits or '-' (it becomes a tag value)";
  /** Label keys: a lower-case letter, then lower-case letters, digits, '_' and '-'; at most 63 characters. */
  public static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  /** What {@link #LABEL_KEY} allows, in words. */
  public static final String LABEL_KEY_ALLOWED =
      "1-63 characters: a lower-case letter, then lower-case letters, digits, '_' or '-'";
  /** Label values: lower-case letters, digits, '_' and '-'; at most 63 characters, may be empty. */
  public static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9_-]{0,63}");
  /** What {@link #LABEL_VALUE} allows, in words. */
  public static final String LABEL_VALUE_ALLOWED =
      "0-63 characters: lower-case letters, digits, '_' or '-' (valid as a tag value on every cloud)";
  /** Label keys starting with this prefix are reserved for immut's ownership tags. */
  public static final String RESERVED_PREFIX = "immut";
  /** Volume names and other simple identifiers. */
  static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  static final String IDENTIFIER_ALLOWED = "1-63 characters: a lower-case letter, then lower-case letters, digits, '_' or '-'";

  private Names() {}

  /**
   * Tells whether a string is a valid fleet name.
   *
   * @param name the candidate, may be null
   * @return true when {@link #FLEET} matches it
   */
  public static boolean isValidFleetName(String name) {
    return name != null && FLEET.matcher(name).matches();
  }
}
