package io.immut.testkit.conformance;

import io.immut.api.GenerationSpec;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.Persistence;
import io.immut.api.VolumeSpec;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What the conformance suite needs to know about, and do to, the backend behind a driver: a known
 * image, how to create an instance the driver must never touch, how to provoke the backend's
 * errors, how to wait for eventual consistency. A driver's test supplies one from
 * {@link CloudDriverConformance#createFixture}; it is a few lines for an in-process backend.
 *
 * <p>Hooks a backend cannot support keep their default, which throws
 * {@link UnsupportedOperationException}: the tests that need them then <b>fail</b> with a message
 * saying so, until the driver's test declares them in {@link CloudDriverConformance#exclusions()}
 * with the reason. Nothing is skipped silently.
 */
public interface CloudFixture extends AutoCloseable {

  /**
   * An image the backend knows, to launch from.
   *
   * @return the image reference
   */
  ImageRef knownImage();

  /**
   * An image reference, well-formed for the backend, that names no image.
   *
   * @return the image reference
   */
  ImageRef unknownImage();

  /**
   * An instance type the backend launches.
   *
   * @return the instance type, such as {@code t3.micro}
   */
  String instanceType();

  /**
   * An instance id, well-formed for the backend, that names no instance.
   *
   * @return the instance id
   */
  InstanceId unknownInstanceId();

  /**
   * Creates an instance behind the driver's back (as another tool or another immut installation
   * would), carrying exactly the given tags. The driver must never list it, and the suite never
   * asks to terminate it. The fixture removes it in {@link #close()} if the backend needs that.
   *
   * @param tags the tags of the instance; may be empty, or a misleading subset of the ownership
   *     tags
   * @return the new instance's id
   */
  InstanceId createForeignInstance(Map<String, String> tags);

  /**
   * Waits until the backend is consistent and at rest: launched instances are running, terminated
   * ones are gone, and {@code list} shows the truth. An in-memory backend on a virtual clock
   * advances the clock past its boot time and listing lag; a remote backend polls.
   */
  void settle();

  /**
   * The generation spec the suite launches. The default uses {@link #knownImage()} and
   * {@link #instanceType()}, one label, and three volumes: an 8 GiB root volume, a 10 GiB
   * ephemeral scratch volume (deleted with the instance) and a 12 GiB external data volume (kept).
   * Override it when the backend needs placement (a subnet, zones) or cannot attach such volumes.
   *
   * @return the spec; at least one volume with delete-on-termination and, where the backend can,
   *     one without
   */
  default GenerationSpec generationSpec() {
    return GenerationSpec.builder()
        .image(knownImage())
        .instanceType(instanceType())
        .label("suite", "conformance")
        .volume(VolumeSpec.root(8))
        .volume(VolumeSpec.data("scratch", 10, Persistence.EPHEMERAL))
        .volume(VolumeSpec.external("data", 12, "conformance-data"))
        .build();
  }

  /**
   * How many instances one page of the backend's listing holds, so that the suite lists more than
   * one page.
   *
   * @return the page size, or empty when the backend does not page (the suite then lists 25)
   */
  default OptionalInt listPageSize() {
    return OptionalInt.empty();
  }

  /**
   * Arranges that the next call of {@code operation} fails with the backend's own error of the
   * given kind (an error response of the local server, a fault of the in-memory cloud). Only that
   * one call fails.
   *
   * @param kind the kind of error
   * @param operation the operation whose next call fails
   * @throws UnsupportedOperationException when the backend cannot produce that error; exclude the
   *     tests that need it, with the reason
   */
  default void provoke(ErrorKind kind, DriverOperation operation) {
    throw new UnsupportedOperationException("this fixture cannot provoke " + kind + " on " + operation
        + ": implement CloudFixture.provoke, or exclude the test in exclusions() with the reason");
  }

  /**
   * Arranges that at most {@code available} more instances of some type can launch, so that a
   * larger launch comes back short (the backend's partial-capacity answer).
   *
   * @param available how many instances may still launch, at least 1
   * @return the instance type that is limited
   * @throws UnsupportedOperationException when the backend cannot limit capacity; exclude the
   *     tests that need it, with the reason
   */
  default String limitCapacity(int available) {
    throw new UnsupportedOperationException("this fixture cannot limit capacity"
        + ": implement CloudFixture.limitCapacity, or exclude the test in exclusions() with the reason");
  }

  /**
   * The keys the driver encodes ownership with in its cloud's tags or labels: the suite writes
   * foreign instances' tags and checks inspected and volume tags in this syntax.
   *
   * @return {@link io.immut.spi.OwnershipKeys#COLON} by default
   */
  default io.immut.spi.OwnershipKeys ownershipKeys() {
    return io.immut.spi.OwnershipKeys.COLON;
  }

  /**
   * The resources the backend holds that terminated instances left behind: volumes, network
   * interfaces and addresses that were created with an instance (or attached to it) and outlived
   * it, each as a stable string (its kind and id). The suite compares this before and after a test
   * that launches and terminates instances: nothing may be added. An in-memory backend reads its
   * records; a local server lists the disks, interfaces and addresses that are not attached.
   *
   * @return what is left behind now
   * @throws UnsupportedOperationException when the backend cannot tell; exclude
   *     {@code Cleanup.terminateLeavesNothingBehind} with the reason
   */
  default java.util.Set<String> leftovers() {
    throw new UnsupportedOperationException("this fixture cannot list what terminations left behind"
        + ": implement CloudFixture.leftovers, or exclude Cleanup.terminateLeavesNothingBehind in exclusions() with"
        + " the reason");
  }

  /**
   * Arranges that the next launch, of {@code instances} instances, is accepted by the backend and
   * then fails for lack of capacity, as a long-running creation does (Azure's
   * {@code AllocationFailed}, GCE's {@code ZONE_RESOURCE_POOL_EXHAUSTED}): by the next
   * {@link #settle()} its instances are to be listed {@code FAILED}. Only asked of drivers that
   * claim {@code lateLaunchFailures}.
   *
   * @param instances how many instances the next launch asks for (a backend that fails VM by VM
   *     fails that many)
   * @throws UnsupportedOperationException when the backend cannot fail a launch late; exclude
   *     {@code LateFailures.lateFailureIsReportedAsFailed} with the reason
   */
  default void failNextLaunchLate(int instances) {
    throw new UnsupportedOperationException("this fixture cannot fail a launch late"
        + ": implement CloudFixture.failNextLaunchLate, or exclude LateFailures.lateFailureIsReportedAsFailed in"
        + " exclusions() with the reason");
  }

  /**
   * The syntax of the instance names the driver derives from launch tokens
   * ({@link io.immut.spi.LaunchToken#names}), when the cloud names instances (Azure, GCE): the suite
   * checks that a token of any characters gives valid, distinct names.
   *
   * @return the syntax, or empty (the default) when the cloud names no instance from the token (EC2)
   */
  default java.util.Optional<io.immut.spi.LaunchToken.NameSyntax> nameSyntax() {
    return java.util.Optional.empty();
  }

  /**
   * The name the backend holds for an instance, when {@link #nameSyntax()} is present.
   *
   * @param id the instance
   * @return its name; by default the last {@code /}-separated part of the id (an Azure VM name, GCE's
   *     {@code zone/name})
   */
  default String instanceName(InstanceId id) {
    String v = id.value();
    return v.substring(v.lastIndexOf('/') + 1);
  }

  /**
   * The load-balancer target the suite registers with, when the driver claims traffic.
   *
   * @return the target's name or id
   */
  default String trafficTarget() {
    return "conformance-target";
  }

  /**
   * Called after each test, once the suite terminated what the test launched: clears what a test
   * may have left armed (an error provoked but not consumed because the test failed early). Matters
   * with {@link DriverScope#PER_CLASS}, where the next test meets the same backend. The default does
   * nothing.
   */
  default void afterEachTest() {}

  /** Removes what the fixture created (foreign instances, servers). The default does nothing. */
  @Override
  default void close() {}
}
