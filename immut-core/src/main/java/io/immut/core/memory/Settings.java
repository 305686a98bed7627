package io.immut.core.memory;

import io.immut.api.Image;
import io.immut.core.clock.Clock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The fixed configuration of one in-memory cloud, as its builder made it. */
record Settings(Clock clock, long seed, Duration bootTime, Map<String, Duration> bootTimes, double bootJitter,
                Duration healthyAfter, Duration shutdownTime, Duration terminatedRetention, Duration drainTime,
                int quota, Map<String, Integer> capacity, Duration listLag, Map<String, BigDecimal> prices,
                Map<String, Image> images, boolean anyImage, int maxLaunchBatch, int maxTerminateBatch,
                List<String> zones, Instant createdAt, CloudBehaviour behaviour, Duration operationTime,
                Duration tokenWindow) {

  Settings {
    bootTimes = Map.copyOf(bootTimes);
    capacity = Map.copyOf(capacity);
    prices = Map.copyOf(prices);
    images = Map.copyOf(images);
    zones = List.copyOf(zones);
  }

  /** The boot time of one instance: the type's base time with the seed's jitter for this instance. */
  Duration bootTime(String instanceType, long sequence) {
    Duration base = bootTimes.getOrDefault(instanceType, bootTime);
    if (bootJitter == 0) {
      return base;
    }
    double factor = 1 + bootJitter * (2 * Seeds.unit(seed, sequence, 1) - 1);
    return Duration.ofMillis(Math.round(base.toMillis() * factor));
  }

  /** How long a deleted instance is still listed: the retention on EC2 and NEUTRAL, none on AZURE and GCE. */
  Duration deletedRetention() {
    return behaviour == CloudBehaviour.NEUTRAL || behaviour == CloudBehaviour.EC2 ? terminatedRetention : Duration.ZERO;
  }

  int capacity(String instanceType) {
    return capacity.getOrDefault(instanceType, Integer.MAX_VALUE);
  }

  /** The image an id resolves to, or null when the cloud does not know it. */
  Image image(String id) {
    Image known = images.get(id);
    if (known != null) {
      return known;
    }
    return anyImage ? new Image(id, id, "", createdAt, Map.of()) : null;
  }
}
