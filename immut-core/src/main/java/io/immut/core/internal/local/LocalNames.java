package io.immut.core.internal.local;

import io.immut.core.port.FleetKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** File names and in-JVM keys of a fleet key: readable, and distinct for distinct keys. */
final class LocalNames {
  private LocalNames() {}

  /** The in-JVM key: the scope's id and locality, the owner, the fleet (never the driver object). */
  static String jvmKey(FleetKey key) {
    return key.scope().id() + "\u0000" + key.scope().processLocal() + "\u0000" + key.owner() + "\u0000" + key.fleet();
  }

  /** A file name stem: {@code immut-<owner>-<fleet>-<hash of the whole key>}. */
  static String stem(FleetKey key) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(jvmKey(key).getBytes(StandardCharsets.UTF_8));
      return "immut-" + safe(key.owner()) + "-" + safe(key.fleet()) + "-" + HexFormat.of().formatHex(h, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static String safe(String s) {
    String t = s.replaceAll("[^A-Za-z0-9._-]", "_");
    return t.length() > 60 ? t.substring(0, 60) : t;
  }
}
