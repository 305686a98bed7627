package io.immut.testkit.conformance;

import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.InstanceId;
import io.immut.spi.CloudDriver;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One driver and its fixture under test, with the bookkeeping of a test: unique fleet names and
 * tokens, and every instance launched, so that each test terminates what it launched.
 */
final class ConformanceSession implements AutoCloseable {
  private final CloudDriver driver;
  private final CloudFixture fixture;
  private final String owner;
  private final String run;
  private final AtomicInteger sequence = new AtomicInteger();
  private final Set<InstanceId> launched = new LinkedHashSet<>();
  private GenerationSpec spec;
  private Image image;
  private boolean closed;

  ConformanceSession(CloudDriver driver, CloudFixture fixture, String owner) {
    if (driver == null) {
      throw new IllegalStateException("createDriver() returned null; return the driver under test");
    }
    if (fixture == null) {
      throw new IllegalStateException("createFixture(driver) returned null; return the backend's CloudFixture");
    }
    this.driver = driver;
    this.fixture = fixture;
    this.owner = owner;
    this.run = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
  }

  CloudDriver driver() {
    return driver;
  }

  CloudFixture fixture() {
    return fixture;
  }

  String owner() {
    return owner;
  }

  /** A fleet of its own: no other test, run or call of this shares it. */
  FleetSelector newFleet() {
    return new FleetSelector("cf" + run + "-f" + sequence.incrementAndGet(), owner);
  }

  /** A fleet of its own with another owner. */
  FleetSelector newFleet(String otherOwner) {
    return new FleetSelector("cf" + run + "-f" + sequence.incrementAndGet(), otherOwner);
  }

  /** A token no other call uses. */
  String newToken() {
    return "cf-" + run + "-t" + sequence.incrementAndGet();
  }

  synchronized GenerationSpec spec() {
    if (spec == null) {
      spec = fixture.generationSpec();
    }
    return spec;
  }

  synchronized Image image() {
    if (image == null) {
      image = driver.resolveImage(spec().image());
    }
    return image;
  }

  LaunchRequest request(FleetSelector fleet, int count) {
    return request(fleet, count, newToken(), spec());
  }

  LaunchRequest request(FleetSelector fleet, int count, String token, GenerationSpec generation) {
    return io.immut.spi.LaunchRequest.builder().token(io.immut.spi.LaunchToken.of(token)).ownership(io.immut.spi.Ownership.of(fleet, generation.id())).spec(generation).image(image()).count(count).build();
  }

  /** Launches through the driver and remembers what came back. */
  LaunchResult launch(LaunchRequest request) {
    LaunchResult result = driver.launch(request);
    if (result != null) {
      track(result.instances());
    }
    return result;
  }

  /** Launches {@code total} instances in batches of at most the claimed launch batch. */
  List<InstanceView> launchMany(FleetSelector fleet, int total) {
    int batch = driver.capabilities().maxLaunchBatch();
    List<InstanceView> all = new ArrayList<>();
    while (all.size() < total) {
      int n = Math.min(batch, total - all.size());
      LaunchResult result = launch(request(fleet, n));
      if (result.instances().isEmpty()) {
        throw new AssertionError("a launch of " + n + " instances came back empty: " + result.shortfall());
      }
      all.addAll(result.instances());
    }
    return all;
  }

  synchronized void track(List<InstanceView> views) {
    for (InstanceView v : views) {
      launched.add(v.id());
    }
  }

  /** Terminates everything this test launched (the driver splits into batches itself). */
  void cleanupTest() {
    Set<InstanceId> ids;
    synchronized (this) {
      ids = Set.copyOf(launched);
      launched.clear();
    }
    try {
      if (!ids.isEmpty() && !closed) {
        driver.terminate(ids);
      }
    } finally {
      fixture.afterEachTest();
    }
  }

  /** Marks the driver closed by a test, so that cleanup does not call it again. */
  void markClosed() {
    closed = true;
  }

  @Override
  public void close() {
    try {
      cleanupTest();
    } finally {
      try {
        fixture.close();
      } finally {
        driver.close();
      }
    }
  }
}
