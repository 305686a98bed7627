package io.immut.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test class on an in-memory cloud and a virtual clock, through
 * {@link ImmutExtension}. Fields and parameters of these types are injected:
 * {@link ImmutEnvironment}, {@link io.immut.core.memory.MemoryCloud},
 * {@link io.immut.core.clock.VirtualClock}, {@link io.immut.spi.CloudDriver} and {@link io.immut.core.Immut}.
 *
 * <ul>
 *   <li>An <b>instance</b> field gets a new environment for every test, closed after it.</li>
 *   <li>A <b>static</b> field makes the environment live for the whole class (every test of the
 *       class, and its {@code @Nested} classes, share one cloud), closed after the class. So does
 *       a parameter of such a type on a {@code @BeforeAll} / {@code @AfterAll} method.</li>
 *   <li>A field already holding a value is left alone.</li>
 * </ul>
 *
 * <pre>{@code
 * @ImmutTest(seed = 7, bootTime = "45s", healthyAfter = "15s")
 * class RolloutTest {
 *   MemoryCloud cloud;
 *   VirtualClock clock;
 *   Immut immut;
 *
 *   @Test
 *   void rollsOutWithoutDowntime() { ... }
 * }
 * }</pre>
 *
 * <p>Settings the annotation does not offer (per-type boot times, capacity, prices) are set
 * through the API: register the extension with {@code @RegisterExtension} and
 * {@link ImmutExtension#with(ImmutEnvironment.Builder)} instead of using this annotation, or
 * configure the injected cloud's {@code faults()} in the test.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ImmutExtension.class)
public @interface ImmutTest {
  /** The seed unless told otherwise. */
  long DEFAULT_SEED = 42;
  /** The owner unless told otherwise. */
  String DEFAULT_OWNER = "immut-test";

  /**
   * The seed of every random choice of the cloud (boot jitter, fault rolls): the same seed, the
   * same run.
   *
   * @return the seed
   */
  long seed() default DEFAULT_SEED;

  /**
   * The instant the virtual clock starts at, ISO-8601.
   *
   * @return the start
   */
  String start() default "2026-01-01T00:00:00Z";

  /**
   * How long an instance takes from launch to running: {@code 30s}, {@code 2m}, {@code PT45S}.
   *
   * @return the boot time
   */
  String bootTime() default "30s";

  /**
   * How long a running instance takes to turn healthy.
   *
   * @return the delay
   */
  String healthyAfter() default "10s";

  /**
   * How far behind the truth the cloud's listing is.
   *
   * @return the lag; {@code 0s} for none
   */
  String listLag() default "0s";

  /**
   * The account's limit on live instances.
   *
   * @return the quota; 0 for none
   */
  int quota() default 0;

  /**
   * The image ids that resolve.
   *
   * @return the ids; empty for "every reference resolves"
   */
  String[] images() default {};

  /**
   * The owner the engine manages fleets as.
   *
   * @return the owner
   */
  String owner() default DEFAULT_OWNER;

  /**
   * The fraction of every operation's calls the cloud throttles.
   *
   * @return from 0 to 1
   */
  double throttleRate() default 0;

  /**
   * The fraction of every operation's calls that fail with a transient error.
   *
   * @return from 0 to 1
   */
  double transientErrorRate() default 0;

  /**
   * The fraction of launches that come back short.
   *
   * @return from 0 to 1
   */
  double partialLaunchRate() default 0;

  /**
   * The fraction of instances that never turn healthy.
   *
   * @return from 0 to 1
   */
  double unhealthyRate() default 0;
}
