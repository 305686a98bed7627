package io.immut.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.Persistence;
import io.immut.api.VolumeSpec;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverException;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.OwnershipKeys;
import io.immut.spi.PriceCatalog;
import io.immut.spi.TrafficRouter;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The driver conformance suite: every rule of the {@link CloudDriver} contract, as JUnit 5 tests
 * in {@link Nested} groups. A driver's test extends it, supplies the driver and a small
 * {@link CloudFixture}, and runs the whole suite:
 *
 * <pre>{@code
 * class MyDriverConformanceTest extends CloudDriverConformance {
 *   private MyBackend backend;
 *
 *   @Override
 *   protected CloudDriver createDriver() {
 *     backend = MyBackend.start();
 *     return new MyDriver(backend.client());
 *   }
 *
 *   @Override
 *   protected CloudFixture createFixture(CloudDriver driver) {
 *     return new MyBackendFixture(backend);
 *   }
 * }
 * }</pre>
 *
 * <p>A test a driver cannot run is declared, with the reason, in {@link #exclusions()}, and is
 * reported as skipped with that reason. Tests of a capability the driver does not claim (volume
 * tags, traffic, prices) are skipped with a reason too, while the suite checks that the driver
 * indeed does not offer it.
 *
 * <p>Each test uses fleets and tokens of its own and terminates every instance it launched.
 */
@ExtendWith(ConformanceExtension.class)
public abstract class CloudDriverConformance extends ConformanceChecks {
  private static final Pattern DRIVER_NAME = Pattern.compile("[a-z][a-z0-9-]*");
  private static final int UNPAGED_LIST_SIZE = 25;

  private ConformanceSession session;

  /** For subclasses. */
  protected CloudDriverConformance() {}

  /**
   * Creates the driver under test. Called before each test, or once per class with
   * {@link DriverScope#PER_CLASS}; the suite closes it.
   *
   * @return an open driver
   */
  protected abstract CloudDriver createDriver();

  /**
   * Creates the fixture of the backend behind the driver just created. Called right after
   * {@link #createDriver()}, on the same instance; the suite closes it.
   *
   * @param driver the driver just created
   * @return the fixture
   */
  protected abstract CloudFixture createFixture(CloudDriver driver);

  /**
   * The owner the suite launches and lists as (its {@link io.immut.spi.Ownership#owner()}).
   *
   * @return {@code immut-conformance} unless overridden
   */
  protected String owner() {
    return "immut-conformance";
  }

  /**
   * How long one driver lives.
   *
   * @return {@link DriverScope#PER_TEST} unless overridden
   */
  protected DriverScope driverScope() {
    return DriverScope.PER_TEST;
  }

  /**
   * The tests this driver cannot run, each with its reason: the one place to declare them.
   *
   * @return {@link Exclusions#none()} unless overridden
   */
  protected Exclusions exclusions() {
    return Exclusions.none();
  }

  /**
   * The driver under test, for a subclass's own extra tests.
   *
   * @return the driver of the running test
   */
  protected final CloudDriver driver() {
    return session().driver();
  }

  /**
   * The fixture of the running test, for a subclass's own extra tests.
   *
   * @return the fixture
   */
  protected final CloudFixture fixture() {
    return session().fixture();
  }

  /**
   * The ids of every test of the suite, {@code "Group.method"}, for {@link #exclusions()}.
   *
   * @return the ids, sorted
   */
  public static Set<String> testIds() {
    Set<String> ids = new TreeSet<>();
    for (Class<?> suite = CloudDriverConformance.class; suite != Object.class; suite = suite.getSuperclass()) {
      for (Class<?> group : suite.getDeclaredClasses()) {
        if (group.isAnnotationPresent(Nested.class)) {
          for (Method m : group.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Test.class)) {
              ids.add(ConformanceExtension.testId(m));
            }
          }
        }
      }
    }
    return Collections.unmodifiableSet(ids);
  }

  ConformanceSession openSession() {
    CloudDriver driver = createDriver();
    return new ConformanceSession(driver, createFixture(driver), owner());
  }

  void attach(ConformanceSession session) {
    this.session = session;
  }

  @Override
  ConformanceSession session() {
    if (session == null) {
      throw new IllegalStateException("no driver is open: the suite opens one before each of its tests");
    }
    return session;
  }

  private CloudDriver d() {
    return session().driver();
  }

  private CloudFixture f() {
    return session().fixture();
  }

  private OwnershipKeys keys() {
    return f().ownershipKeys();
  }

  private List<InstanceView> settledList(FleetSelector fleet) {
    f().settle();
    return d().list(fleet);
  }

  private static Set<InstanceId> ids(List<InstanceView> views) {
    return views.stream().map(InstanceView::id).collect(Collectors.toSet());
  }

  private static Set<InstanceId> liveIds(List<InstanceView> views) {
    return views.stream().filter(v -> v.state().isLive()).map(InstanceView::id).collect(Collectors.toSet());
  }

  /** Launch: count, tags, image, type, generation, idempotency by token, short launches. */
  @Nested
  @DisplayName("launch")
  class Launch {

    @Test
    @DisplayName("launches as many instances as asked for, each with its own id")
    void launchesTheCountAskedFor() {
      FleetSelector fleet = session().newFleet();
      LaunchRequest request = session().request(fleet, 3);
      LaunchResult result = session().launch(request);

      assertThat(result.token()).as("the result's token").isEqualTo(request.token());
      assertThat(result.requested()).as("instances requested").isEqualTo(3);
      assertThat(result.isShort()).as("a launch within capacity is short").isFalse();
      assertThat(result.instances()).as("instances launched").hasSize(3);
      assertThat(ids(result.instances())).as("distinct instance ids").hasSize(3);
      assertThat(liveIds(settledList(fleet))).as("instances listed after the launch").isEqualTo(ids(result.instances()));
    }

    @Test
    @DisplayName("tags every instance with its fleet, generation and owner, and the spec's labels")
    void tagsInstancesWithOwnershipTags() {
      FleetSelector fleet = session().newFleet();
      LaunchRequest request = session().request(fleet, 2);
      LaunchResult result = session().launch(request);

      for (InstanceView v : result.instances()) {
        assertThat(v.ownership()).as("ownership of launched instance %s", v.id()).isEqualTo(request.ownership());
        assertThat(v.tags()).as("labels of launched instance %s", v.id()).containsAllEntriesOf(request.spec().labels());
      }
      for (InstanceView v : settledList(fleet)) {
        assertThat(v.ownership()).as("ownership of listed instance %s", v.id()).isEqualTo(request.ownership());
        assertThat(v.tags()).as("labels of listed instance %s", v.id()).containsAllEntriesOf(request.spec().labels());
        assertThat(d().inspect(v.id()).tags()).as("tags of inspected instance %s", v.id())
            .containsAllEntriesOf(request.tags(keys()));
      }
    }

    @Test
    @DisplayName("runs the image and the instance type asked for")
    void runsTheImageAndTypeAskedFor() {
      FleetSelector fleet = session().newFleet();
      LaunchResult result = session().launch(session().request(fleet, 2));
      Image image = session().image();

      for (InstanceView v : result.instances()) {
        assertThat(v.imageId()).as("image of launched instance %s", v.id()).isEqualTo(image.id());
        assertThat(v.instanceType()).as("type of launched instance %s", v.id()).isEqualTo(session().spec().instanceType());
      }
      for (InstanceView v : settledList(fleet)) {
        assertThat(v.imageId()).as("image of listed instance %s", v.id()).isEqualTo(image.id());
        assertThat(v.instanceType()).as("type of listed instance %s", v.id()).isEqualTo(session().spec().instanceType());
        assertThat(v.launchedAt()).as("launch time of listed instance %s", v.id()).isNotNull();
      }
    }

    @Test
    @DisplayName("tags the volumes with the ownership tags too, when it claims tagsVolumes")
    void tagsVolumesWhenClaimed() {
      assumeTrue(d().capabilities().tagsVolumes(), "the driver does not claim tagsVolumes: volumes need no tags");
      FleetSelector fleet = session().newFleet();
      LaunchRequest request = session().request(fleet, 1);
      InstanceView v = session().launch(request).instances().get(0);
      f().settle();

      InstanceInspection inspection = d().inspect(v.id());
      assertThat(inspection.volumes()).as("volumes of %s", v.id()).isNotEmpty();
      for (InstanceInspection.AttachedVolume volume : inspection.volumes()) {
        assertThat(volume.tags()).as("tags of volume %s of %s", volume.volumeId(), v.id())
            .containsAllEntriesOf(keys().encode(request.ownership()));
      }
    }

    @Test
    @DisplayName("returns the same instances for a repeated token, and launches nothing new")
    void repeatedTokenLaunchesNothingNew() {
      FleetSelector fleet = session().newFleet();
      LaunchRequest request = session().request(fleet, 3);
      LaunchResult first = session().launch(request);
      LaunchResult again = session().launch(request);
      f().settle();
      LaunchResult afterSettling = session().launch(request);

      assertThat(ids(again.instances())).as("instances of the repeated request").isEqualTo(ids(first.instances()));
      assertThat(ids(afterSettling.instances())).as("instances of the request repeated once settled")
          .isEqualTo(ids(first.instances()));
      assertThat(ids(settledList(fleet))).as("instances of the fleet").isEqualTo(ids(first.instances()));
    }

    @Test
    @DisplayName("launches once for one token sent from several threads at the same time")
    void concurrentSameTokenLaunchesOnce() throws Exception {
      FleetSelector fleet = session().newFleet();
      LaunchRequest request = session().request(fleet, 2);
      int threads = 4;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<LaunchResult>> calls = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          calls.add(CompletableFuture.supplyAsync(() -> {
            try {
              start.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return session().launch(request);
          }, pool));
        }
        start.countDown();
        Set<Set<InstanceId>> answers = new HashSet<>();
        for (CompletableFuture<LaunchResult> call : calls) {
          answers.add(ids(call.get().instances()));
        }
        assertThat(answers).as("the instances each concurrent call returned").hasSize(1);
        assertThat(ids(settledList(fleet))).as("instances of the fleet").isEqualTo(answers.iterator().next());
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    @DisplayName("launches anew for a new token, even with the same fleet, generation and count")
    void newTokenLaunchesAnew() {
      FleetSelector fleet = session().newFleet();
      LaunchResult first = session().launch(session().request(fleet, 2));
      LaunchResult second = session().launch(session().request(fleet, 2));

      assertThat(ids(second.instances())).as("instances of the second token").doesNotContainAnyElementsOf(ids(first.instances()));
      assertThat(liveIds(settledList(fleet))).as("instances of the fleet").hasSize(4);
    }

    @Test
    @DisplayName("reports a short launch: how many launched, and why, and lists those that did")
    void shortLaunchSaysHowManyAndWhy() {
      String scarceType = f().limitCapacity(2);
      FleetSelector fleet = session().newFleet();
      GenerationSpec scarce = session().spec().toBuilder().instanceType(scarceType).build();
      LaunchRequest request = session().request(fleet, 5, session().newToken(), scarce);
      LaunchResult result = session().launch(request);

      assertThat(result.requested()).as("instances requested").isEqualTo(5);
      assertThat(result.instances()).as("instances launched within the limited capacity").hasSize(2);
      assertThat(result.isShort()).as("the launch is short").isTrue();
      assertThat(result.shortfall()).as("why the launch is short").hasValueSatisfying(s -> {
        assertThat(s.reason()).as("shortfall reason").isEqualTo(io.immut.spi.LaunchFailure.Reason.CAPACITY);
        assertThat(s.message()).as("shortfall message").isNotBlank();
      });
      assertThat(liveIds(settledList(fleet))).as("instances of the fleet").isEqualTo(ids(result.instances()));
    }
  }

  /** List: ownership filtering, pages, states. */
  @Nested
  @DisplayName("list")
  class ListInstances {

    @Test
    @DisplayName("lists nothing, without error, for a fleet that has no instance")
    void emptyFleetListsNothing() {
      assertThat(settledList(session().newFleet())).as("instances of an empty fleet").isEmpty();
    }

    @Test
    @DisplayName("lists only the instances of the asked fleet, never another fleet's")
    void listsOnlyTheAskedFleet() {
      FleetSelector web = session().newFleet();
      FleetSelector api = session().newFleet();
      Set<InstanceId> webIds = ids(session().launch(session().request(web, 2)).instances());
      Set<InstanceId> apiIds = ids(session().launch(session().request(api, 3)).instances());

      assertThat(ids(settledList(web))).as("instances listed for fleet %s", web.fleet()).isEqualTo(webIds);
      assertThat(ids(d().list(api))).as("instances listed for fleet %s", api.fleet()).isEqualTo(apiIds);
    }

    @Test
    @DisplayName("never lists an instance of another owner, or one without all the ownership tags")
    void neverListsForeignInstances() {
      FleetSelector fleet = session().newFleet();
      FleetSelector otherOwner = new FleetSelector(fleet.fleet(), fleet.owner() + "-other");
      String generation = session().spec().id();
      Set<InstanceId> owned = ids(session().launch(session().request(fleet, 2)).instances());
      Set<InstanceId> othersLaunch = ids(session().launch(session().request(otherOwner, 1)).instances());
      Set<InstanceId> foreign = new HashSet<>(othersLaunch);
      foreign.add(f().createForeignInstance(Map.of()));
      OwnershipKeys k = keys();
      foreign.add(f().createForeignInstance(Map.of(k.fleet(), fleet.fleet())));
      foreign.add(f().createForeignInstance(Map.of(k.fleet(), fleet.fleet(), k.generation(), generation)));
      foreign.add(f().createForeignInstance(Map.of(k.fleet(), fleet.fleet(), k.owner(), fleet.owner())));
      foreign.add(f().createForeignInstance(k.encode(io.immut.spi.Ownership.of(fleet.fleet(), generation, "someone-else"))));
      foreign.add(f().createForeignInstance(Map.of("Name", fleet.fleet(), "fleet", fleet.fleet())));

      List<InstanceView> listed = settledList(fleet);
      assertThat(ids(listed)).as("instances listed for fleet %s", fleet.fleet())
          .doesNotContainAnyElementsOf(foreign)
          .isEqualTo(owned);
      for (InstanceView v : listed) {
        assertThat(v.ownership().belongsTo(fleet)).as("%s carries the fleet's ownership", v.id()).isTrue();
      }
      assertThat(ids(d().list(otherOwner))).as("instances listed for the other owner").isEqualTo(othersLaunch);
    }

    @Test
    @DisplayName("lists every instance of a fleet larger than one page of the backend")
    void listsAcrossPages() {
      int count = f().listPageSize().isPresent() ? 2 * f().listPageSize().getAsInt() + 1 : UNPAGED_LIST_SIZE;
      FleetSelector fleet = session().newFleet();
      Set<InstanceId> launched = ids(session().launchMany(fleet, count));

      List<InstanceView> listed = settledList(fleet);
      assertThat(listed).as("instances listed for a fleet of %d", count).hasSize(count);
      assertThat(ids(listed)).as("ids listed").isEqualTo(launched);
    }

    @Test
    @DisplayName("maps states: pending or running after launch, running once settled, gone after terminate")
    void mapsStates() {
      FleetSelector fleet = session().newFleet();
      LaunchResult result = session().launch(session().request(fleet, 2));
      for (InstanceView v : result.instances()) {
        assertThat(v.state()).as("state of %s right after launch", v.id()).isIn(InstanceState.PROVISIONING, InstanceState.RUNNING);
      }
      List<InstanceView> running = settledList(fleet);
      assertThat(running).as("instances once settled").hasSize(2)
          .allSatisfy(v -> assertThat(v.state()).as("state of %s once settled", v.id()).isEqualTo(InstanceState.RUNNING));

      d().terminate(ids(result.instances()));
      List<InstanceView> after = settledList(fleet);
      assertThat(after).as("instances still listed after terminate")
          .allSatisfy(v -> assertThat(v.state().isGone()).as("%s is gone (%s)", v.id(), v.state()).isTrue());
    }
  }

  /** Terminate: idempotent, unknown ids, batches beyond the backend's limit, only what is asked. */
  @Nested
  @DisplayName("terminate")
  class Terminate {

    @Test
    @DisplayName("terminates the instances asked for, and only those")
    void terminatesOnlyThoseAsked() {
      FleetSelector fleet = session().newFleet();
      FleetSelector sibling = session().newFleet();
      List<InstanceView> instances = session().launch(session().request(fleet, 3)).instances();
      Set<InstanceId> siblingIds = ids(session().launch(session().request(sibling, 2)).instances());
      f().settle();

      InstanceId victim = instances.get(0).id();
      d().terminate(Set.of(victim));
      List<InstanceView> listed = settledList(fleet);

      Set<InstanceId> survivors = new HashSet<>(ids(instances));
      survivors.remove(victim);
      assertThat(liveIds(listed)).as("live instances of %s after terminating %s", fleet.fleet(), victim).isEqualTo(survivors);
      assertThat(liveIds(d().list(sibling))).as("live instances of the sibling fleet").isEqualTo(siblingIds);
    }

    @Test
    @DisplayName("terminating the same instances again is not an error")
    void terminateIsIdempotent() {
      FleetSelector fleet = session().newFleet();
      Set<InstanceId> ids = ids(session().launch(session().request(fleet, 2)).instances());
      d().terminate(ids);
      d().terminate(ids);
      f().settle();
      d().terminate(ids);

      assertThat(liveIds(d().list(fleet))).as("live instances after terminating twice").isEmpty();
    }

    @Test
    @DisplayName("terminating an unknown id is not an error, and terminates the known ones with it")
    void unknownIdIsNotAnError() {
      FleetSelector fleet = session().newFleet();
      Set<InstanceId> ids = new HashSet<>(ids(session().launch(session().request(fleet, 1)).instances()));
      d().terminate(Set.of(f().unknownInstanceId()));
      ids.add(f().unknownInstanceId());
      d().terminate(ids);

      assertThat(liveIds(settledList(fleet))).as("live instances after terminating with an unknown id").isEmpty();
    }

    @Test
    @DisplayName("terminating an empty set is not an error")
    void emptySetIsNotAnError() {
      d().terminate(Set.of());
      assertThat(d().list(session().newFleet())).as("instances of an empty fleet").isEmpty();
    }

    @Test
    @DisplayName("terminates more instances in one call than the backend takes in one batch")
    void terminatesBeyondOneBatch() {
      int count = d().capabilities().maxTerminateBatch() + 1;
      FleetSelector fleet = session().newFleet();
      Set<InstanceId> ids = ids(session().launchMany(fleet, count));
      f().settle();
      d().terminate(ids);

      assertThat(liveIds(settledList(fleet))).as("live instances after terminating %d at once", count).isEmpty();
    }
  }

  /** resolveImage: found, and a clear NotFound. */
  @Nested
  @DisplayName("resolveImage")
  class ResolveImage {

    @Test
    @DisplayName("resolves a known image to the same metadata every time")
    void resolvesAKnownImage() {
      Image image = d().resolveImage(f().knownImage());
      assertThat(image.id()).as("id of the resolved image").isNotBlank();
      assertThat(d().resolveImage(f().knownImage())).as("the image resolved again").isEqualTo(image);
    }

    @Test
    @DisplayName("reports an unknown image as NotFound, naming it")
    void unknownImageIsNotFound() {
      assertThatThrownBy(() -> d().resolveImage(f().unknownImage()))
          .as("resolving %s", f().unknownImage())
          .isInstanceOf(DriverException.NotFound.class)
          .hasMessageContaining(f().unknownImage().value());
    }
  }

  /** inspect: type, image, tags, volumes with delete-on-termination, addresses. */
  @Nested
  @DisplayName("inspect")
  class Inspect {

    @Test
    @DisplayName("reports the instance's id, type, image and tags")
    void reportsTypeImageAndTags() {
      FleetSelector fleet = session().newFleet();
      LaunchRequest request = session().request(fleet, 1);
      InstanceView v = session().launch(request).instances().get(0);
      f().settle();

      InstanceInspection inspection = d().inspect(v.id());
      assertThat(inspection.id()).as("id").isEqualTo(v.id());
      assertThat(inspection.instanceType()).as("instance type").isEqualTo(session().spec().instanceType());
      assertThat(inspection.imageId()).as("image").isEqualTo(session().image().id());
      assertThat(inspection.tags()).as("tags").containsAllEntriesOf(request.tags(keys()));
    }

    @Test
    @DisplayName("reports every volume of the spec, deleted with the instance, one root volume, and creates none for EXTERNAL data")
    void reportsVolumes() {
      InstanceView v = session().launch(session().request(session().newFleet(), 1)).instances().get(0);
      f().settle();

      List<InstanceInspection.AttachedVolume> volumes = d().inspect(v.id()).volumes();
      assertThat(volumes).as("volumes of %s", v.id()).filteredOn(InstanceInspection.AttachedVolume::root).hasSize(1);
      List<InstanceInspection.AttachedVolume> unmatched = new ArrayList<>(volumes);
      Set<String> externalLocations = new HashSet<>();
      for (VolumeSpec spec : session().spec().volumes()) {
        if (spec.persistence() == Persistence.EXTERNAL) {
          // its data lives at its location: the driver attaches that resource or creates nothing
          externalLocations.add(spec.location());
          continue;
        }
        InstanceInspection.AttachedVolume match = unmatched.stream()
            .filter(a -> a.root() == spec.root() && a.sizeGb() == spec.sizeGb())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no attached volume of " + spec.sizeGb() + " GiB"
                + (spec.root() ? " (root)" : "") + " for the spec's volume '" + spec.name() + "' among " + volumes));
        unmatched.remove(match);
        assertThat(match.deleteOnTermination())
            .as("delete-on-termination of the volume for '%s' (%s)", spec.name(), spec.persistence())
            .isTrue();
      }
      assertThat(volumes).as("volumes of %s that outlive it: only the EXTERNAL volumes' own resources, never one the"
          + " launch created", v.id())
          .filteredOn(a -> !a.deleteOnTermination())
          .allSatisfy(a -> assertThat(externalLocations).as("locations of EXTERNAL volumes").contains(a.volumeId()));
    }

    @Test
    @DisplayName("reports the instance's addresses, its listed private address among them")
    void reportsAddresses() {
      FleetSelector fleet = session().newFleet();
      InstanceId id = session().launch(session().request(fleet, 1)).instances().get(0).id();
      InstanceView listed = settledList(fleet).stream().filter(v -> v.id().equals(id)).findFirst()
          .orElseThrow(() -> new AssertionError(id + " is not listed once settled"));

      List<InstanceInspection.Address> addresses = d().inspect(id).addresses();
      assertThat(addresses).as("addresses of a running instance").isNotEmpty();
      assertThat(addresses).as("private addresses").anySatisfy(a -> assertThat(a.publicAddress()).isFalse());
      if (listed.privateAddress() != null) {
        assertThat(addresses).extracting(InstanceInspection.Address::ip).as("inspected addresses")
            .contains(listed.privateAddress());
      }
      if (listed.publicAddress() != null) {
        assertThat(addresses).extracting(InstanceInspection.Address::ip).as("inspected addresses")
            .contains(listed.publicAddress());
      }
    }

    @Test
    @DisplayName("reports an unknown instance as NotFound")
    void unknownInstanceIsNotFound() {
      assertThatThrownBy(() -> d().inspect(f().unknownInstanceId()))
          .as("inspecting %s", f().unknownInstanceId())
          .isInstanceOf(DriverException.NotFound.class);
    }
  }

  /** Errors: each class of backend error maps to its DriverException type. */
  @Nested
  @DisplayName("errors")
  class Errors {

    private DriverException provokeAndCall(ErrorKind kind, DriverOperation operation, Runnable call) {
      f().provoke(kind, operation);
      Throwable thrown = catchThrowable(call::run);
      assertThat(thrown).as("what %s threw after the backend answered %s", operation, kind)
          .isInstanceOf(kind.mapsTo());
      DriverException e = (DriverException) thrown;
      assertThat(e.operation()).as("the exception's operation").isNotBlank();
      assertThat(e.getMessage()).as("the exception's message").isNotBlank();
      assertThat(e.isRetryable()).as("whether %s is retryable", kind)
          .isEqualTo(kind == ErrorKind.THROTTLED || kind == ErrorKind.TRANSIENT);
      return e;
    }

    private void listFailsWith(ErrorKind kind) {
      FleetSelector fleet = session().newFleet();
      Set<InstanceId> ids = ids(session().launch(session().request(fleet, 1)).instances());
      f().settle();
      provokeAndCall(kind, DriverOperation.LIST, () -> d().list(fleet));
      assertThat(ids(d().list(fleet))).as("the next list, once the backend answers again").isEqualTo(ids);
    }

    private void launchFailsWith(ErrorKind kind) {
      FleetSelector fleet = session().newFleet();
      LaunchRequest request = session().request(fleet, 2);
      session().image();
      provokeAndCall(kind, DriverOperation.LAUNCH, () -> session().launch(request));
      assertThat(settledList(fleet)).as("instances left behind by the failed launch").isEmpty();
    }

    @Test
    @DisplayName("maps throttling to Throttled, which is retryable")
    void throttlingMapsToThrottled() {
      listFailsWith(ErrorKind.THROTTLED);
    }

    @Test
    @DisplayName("maps a transient failure to Transient, which is retryable")
    void transientFailureMapsToTransient() {
      listFailsWith(ErrorKind.TRANSIENT);
    }

    @Test
    @DisplayName("maps refused credentials to AuthFailed")
    void authFailureMapsToAuthFailed() {
      listFailsWith(ErrorKind.AUTH);
    }

    @Test
    @DisplayName("maps an exhausted quota to QuotaExceeded, and launches nothing")
    void quotaMapsToQuotaExceeded() {
      launchFailsWith(ErrorKind.QUOTA);
    }

    @Test
    @DisplayName("maps missing capacity to CapacityUnavailable, and launches nothing")
    void capacityMapsToCapacityUnavailable() {
      launchFailsWith(ErrorKind.CAPACITY);
    }

    @Test
    @DisplayName("maps a rejected request to InvalidRequest, and launches nothing")
    void invalidRequestMapsToInvalidRequest() {
      launchFailsWith(ErrorKind.INVALID_REQUEST);
    }

    @Test
    @DisplayName("launches exactly once when a throttled launch is retried with its token")
    void retriedThrottledLaunchLaunchesOnce() {
      FleetSelector fleet = session().newFleet();
      LaunchRequest request = session().request(fleet, 2);
      session().image();
      provokeAndCall(ErrorKind.THROTTLED, DriverOperation.LAUNCH, () -> session().launch(request));
      LaunchResult retried = session().launch(request);
      LaunchResult again = session().launch(request);

      assertThat(retried.instances()).as("instances of the retried launch").hasSize(2);
      assertThat(ids(again.instances())).as("instances of the launch repeated").isEqualTo(ids(retried.instances()));
      assertThat(liveIds(settledList(fleet))).as("instances of the fleet").isEqualTo(ids(retried.instances()));
    }
  }

  /** Capabilities: what the driver claims, it does. */
  @Nested
  @DisplayName("capabilities")
  class ClaimedCapabilities {

    @Test
    @DisplayName("has a name of lower-case letters, digits and '-'")
    void nameIsValid() {
      assertThat(d().name()).as("the driver's name").matches(DRIVER_NAME);
    }

    @Test
    @DisplayName("offers traffic() exactly when it claims traffic")
    void trafficPresentExactlyWhenClaimed() {
      assertThat(d().traffic().isPresent()).as("traffic() is present").isEqualTo(d().capabilities().traffic());
    }

    @Test
    @DisplayName("offers prices() exactly when it claims prices")
    void pricesPresentExactlyWhenClaimed() {
      assertThat(d().prices().isPresent()).as("prices() is present").isEqualTo(d().capabilities().prices());
    }

    @Test
    @DisplayName("launches a whole maxLaunchBatch in one call")
    void launchesAFullBatch() {
      int batch = d().capabilities().maxLaunchBatch();
      FleetSelector fleet = session().newFleet();
      LaunchResult result = session().launch(session().request(fleet, batch));

      assertThat(result.isShort()).as("a launch of maxLaunchBatch = %d is short: %s", batch, result.shortfall()).isFalse();
      assertThat(ids(result.instances())).as("distinct instances launched").hasSize(batch);
      assertThat(settledList(fleet)).as("instances listed").hasSize(batch);
    }

    @Test
    @DisplayName("prices the known instance type, and never guesses an unknown one")
    void pricesTheKnownTypeOnly() {
      assumeTrue(d().capabilities().prices(), "the driver does not claim prices");
      PriceCatalog prices = d().prices().orElseThrow(() -> new AssertionError("prices claimed but prices() is empty"));

      assertThat(prices.hourlyPrice(f().instanceType())).as("hourly price of %s", f().instanceType())
          .hasValueSatisfying(p -> assertThat(p).isGreaterThan(BigDecimal.ZERO));
      assertThat(prices.hourlyPrice("no-such-type.conformance")).as("hourly price of an unknown type").isEmpty();
      assertThat(prices.currency()).as("currency").matches("[A-Z]{3}");
    }

    @Test
    @DisplayName("registers and deregisters instances with a traffic target, idempotently")
    void routesTraffic() {
      assumeTrue(d().capabilities().traffic(), "the driver does not claim traffic");
      TrafficRouter router = d().traffic().orElseThrow(() -> new AssertionError("traffic claimed but traffic() is empty"));
      String target = f().trafficTarget();
      Set<InstanceId> ids = ids(session().launch(session().request(session().newFleet(), 2)).instances());
      f().settle();

      router.register(target, ids);
      router.register(target, ids);
      f().settle();
      assertThat(router.health(target).keySet()).as("instances registered with %s", target).containsAll(ids);

      router.deregister(target, ids);
      router.deregister(target, ids);
      f().settle();
      Map<InstanceId, TrafficRouter.TargetHealth> after = new HashMap<>(router.health(target));
      after.keySet().retainAll(ids);
      assertThat(after.values()).as("health of the deregistered instances still known to %s", target)
          .allMatch(h -> h == TrafficRouter.TargetHealth.DRAINING);
    }

    @Test
    @DisplayName("closes idempotently")
    void closesIdempotently() {
      assumeTrue(driverScope() == DriverScope.PER_TEST, "the driver is shared by the class (DriverScope.PER_CLASS)");
      session().cleanupTest();
      session().markClosed();
      d().close();
      d().close();
      assertThat(d().name()).as("the name of a closed driver").isNotBlank();
    }
  }
}
