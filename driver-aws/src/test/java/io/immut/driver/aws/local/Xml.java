package io.immut.driver.aws.local;

/** A small XML writer for the local endpoints' answers: elements, escaped text, nothing else. */
final class Xml {
  private final StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

  Xml open(String name) {
    sb.append('<').append(name).append('>');
    return this;
  }

  Xml open(String name, String namespace) {
    sb.append('<').append(name).append(" xmlns=\"").append(namespace).append("\">");
    return this;
  }

  Xml close(String name) {
    sb.append("</").append(name).append('>');
    return this;
  }

  /** An element with text; nothing when the value is null (EC2 omits absent fields). */
  Xml el(String name, Object value) {
    if (value == null) {
      return this;
    }
    sb.append('<').append(name).append('>').append(escape(String.valueOf(value))).append("</").append(name).append('>');
    return this;
  }

  Xml empty(String name) {
    sb.append('<').append(name).append("/>");
    return this;
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return sb.toString();
  }
}
