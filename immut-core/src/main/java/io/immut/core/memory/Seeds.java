package io.immut.core.memory;

/** Deterministic numbers from a seed (SplitMix64), for ids, jitter and per-instance rolls. */
final class Seeds {
  private Seeds() {}

  /** A bijective 64-bit mix: distinct inputs give distinct outputs. */
  static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A number in [0, 1) that depends only on the seed, the sequence number and the salt. */
  static double unit(long seed, long sequence, int salt) {
    long z = mix(mix(seed + 0x632BE59BD9B4E019L * salt) + sequence);
    return (z >>> 11) * 0x1.0p-53;
  }

  /** {@code prefix} and 17 hex digits of {@code value}, as cloud ids look ({@code i-0123456789abcdef0}). */
  static String id(String prefix, long value) {
    String hex = Long.toHexString(value);
    StringBuilder sb = new StringBuilder(prefix.length() + 17).append(prefix);
    for (int i = hex.length(); i < 17; i++) {
      sb.append('0');
    }
    return sb.append(hex).toString();
  }
}
