package io.immut.api;

import java.util.regex.Pattern;

/**
 * A reference to a machine image, as the cloud names it: {@code ami-0abc…} on AWS, an image
 * resource id on Azure, {@code projects/p/global/images/web-42} on GCP, or any name the driver
 * resolves. A driver turns it into an {@link Image} with {@code resolveImage}.
 *
 * @param value the reference; non-blank, without whitespace, at most 1024 characters
 */
public record ImageRef(String value) {
  private static final Pattern NO_WHITESPACE = Pattern.compile("[^\\s\\p{Cc}\\p{Cs}]{1,1024}");

  /** Validates the reference. */
  public ImageRef {
    Problems p = new Problems();
    if (p.required("", value, "an image reference such as ami-0abc123 or projects/p/global/images/web-42")) {
      p.matches("", value, NO_WHITESPACE, "1-1024 characters without whitespace or control characters");
    }
    p.throwIfAny("image reference");
  }

  /**
   * Creates a reference.
   *
   * @param value the reference
   * @return the image reference
   */
  public static ImageRef of(String value) {
    return new ImageRef(value);
  }

  /** Returns the reference itself. */
  @Override
  public String toString() {
    return value;
  }

}
