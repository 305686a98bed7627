package io.immut.core.internal.decision;

import io.immut.api.InstanceId;
import io.immut.spi.FleetSelector;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;

/**
 * Launch tokens. A wave's token is derived from the fleet, the owner, the generation, the number
 * of instances the wave aims at, and the ids of every owned instance listed when the wave was
 * decided. A process that crashes after launching and decides again from the same
 * observation derives the same token, so the cloud returns the first launch's instances instead
 * of launching more; a wave that replaces a lost instance starts from another set of instances
 * and gets a new token. The executor never re-sends a token it had an answer to, and re-sends
 * one whose answer was lost only within the driver's {@code Capabilities.tokenWindow()}: a wave
 * that looks like an answered one (the same fingerprint after the old wave's instances vanished)
 * gets the token's successor, {@code batch(batch(wave, -k, 0), index, count)}, derived
 * deterministically so that a process deciding the same wave after a crash derives the same one.
 */
public final class Tokens {
  private Tokens() {}

  /**
   * The token of a wave.
   *
   * @param selector the fleet and owner
   * @param generationId the generation
   * @param goal how many instances of the generation the wave aims at
   * @param existing the ids of the fleet's owned instances listed when the wave was decided
   * @return a token of at most 64 printable ASCII characters
   */
  public static String wave(FleetSelector selector, String generationId, int goal, Collection<InstanceId> existing) {
    MessageDigest d = sha256();
    update(d, selector.owner());
    update(d, selector.fleet());
    update(d, generationId);
    update(d, Integer.toString(goal));
    existing.stream().map(InstanceId::value).sorted().forEach(v -> update(d, v));
    String hash = HexFormat.of().formatHex(d.digest()).substring(0, 24);
    String prefix = generationId.length() > 20 ? generationId.substring(0, 20) : generationId;
    return clean(prefix) + "-" + goal + "-" + hash;
  }

  /**
   * The token of one batch of a wave: waves larger than the driver's launch batch, and batches
   * shrunk after a capacity error, get one token per batch and size.
   *
   * @param waveToken the wave's token
   * @param batch the batch's index in the wave
   * @param count the batch's size
   * @return a token of at most 64 printable ASCII characters
   */
  public static String batch(String waveToken, int batch, int count) {
    if (batch == 0 && waveToken.length() + 1 + Integer.toString(count).length() <= 64) {
      return waveToken + "." + count;
    }
    MessageDigest d = sha256();
    update(d, waveToken);
    update(d, Integer.toString(batch));
    update(d, Integer.toString(count));
    String hash = HexFormat.of().formatHex(d.digest()).substring(0, 24);
    String head = waveToken.length() > 30 ? waveToken.substring(0, 30) : waveToken;
    return head + "." + batch + "." + count + "." + hash;
  }

  private static String clean(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      b.append(c > 0x20 && c < 0x7f ? c : '_');
    }
    return b.toString();
  }

  private static void update(MessageDigest d, String s) {
    d.update(s.getBytes(StandardCharsets.UTF_8));
    d.update((byte) 0);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
