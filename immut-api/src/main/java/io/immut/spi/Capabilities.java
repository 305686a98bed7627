package io.immut.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What a driver can do. The engine sizes its batches and chooses its paths from it, and the
 * conformance suite checks every claim.
 *
 * @param maxLaunchBatch the most instances one {@code launch} call may ask for (EC2: as many as the
 *     account allows in one RunInstances; the engine splits larger waves)
 * @param maxTerminateBatch the most ids the cloud takes in one terminate call; the driver splits
 *     larger sets itself, the engine uses this for rate planning
 * @param tagsVolumes whether launched volumes carry the ownership tags too
 * @param spot whether the driver can launch spot / preemptible capacity
 * @param traffic whether {@link CloudDriver#traffic()} is present
 * @param prices whether {@link CloudDriver#prices()} is present
 * @param bootTimeHint how long an instance typically takes from launch to running, for plans
 */
public record Capabilities(int maxLaunchBatch, int maxTerminateBatch, boolean tagsVolumes, boolean spot, boolean traffic,
                           boolean prices, Duration bootTimeHint) {
  /** Validates the fields. */
  public Capabilities {
    if (maxLaunchBatch < 1 || maxTerminateBatch < 1) {
      throw new IllegalArgumentException("batch sizes must be at least 1");
    }
    Objects.requireNonNull(bootTimeHint, "bootTimeHint");
  }
}
