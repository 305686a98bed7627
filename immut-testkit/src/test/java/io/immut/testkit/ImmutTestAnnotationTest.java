package io.immut.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.GenerationSpec;
import io.immut.api.InstanceState;
import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.MemoryCloud;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverException;
import io.immut.spi.FleetSelector;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Instance fields: a new environment for every test, configured by the annotation. */
@ImmutTest(seed = 7, bootTime = "45s", healthyAfter = "5s", quota = 3, images = "ami-1")
class ImmutTestAnnotationTest {
  private static final Set<MemoryCloud> CLOUDS = new HashSet<>();
  private static final Set<ImmutEnvironment> ENVIRONMENTS = new HashSet<>();

  ImmutEnvironment env;
  MemoryCloud cloud;
  VirtualClock clock;
  CloudDriver driver;

  static LaunchRequest request(CloudDriver driver, String token, int count) {
    GenerationSpec spec = GenerationSpec.builder().image("ami-1").instanceType("t3.micro").build();
    return io.immut.spi.LaunchRequest.builder().token(io.immut.spi.LaunchToken.of(token)).ownership(io.immut.spi.Ownership.of(new FleetSelector("web", ImmutTest.DEFAULT_OWNER), spec.id())).spec(spec).image(driver.resolveImage(spec.image())).count(count).build();
  }

  @AfterAll
  static void everyTestHadItsOwnEnvironmentAndEachWasClosed() {
    assertThat(CLOUDS).hasSize(ENVIRONMENTS.size()).hasSizeGreaterThanOrEqualTo(4);
    assertThat(ENVIRONMENTS).allMatch(ImmutEnvironment::isClosed);
  }

  @Test
  void injectsOneEnvironmentIntoEveryField() {
    CLOUDS.add(cloud);
    ENVIRONMENTS.add(env);
    assertThat(env.cloud()).isSameAs(cloud);
    assertThat(env.clock()).isSameAs(clock).isSameAs(cloud.clock());
    assertThat(driver.name()).isEqualTo("memory");
    assertThat(clock.now()).isEqualTo(VirtualClock.DEFAULT_START);
    assertThat(env.owner()).isEqualTo(ImmutTest.DEFAULT_OWNER);
  }

  @Test
  void bootsInTheAnnotationsBootTime() {
    CLOUDS.add(cloud);
    ENVIRONMENTS.add(env);
    LaunchResult launched = driver.launch(request(driver, "boot", 1));
    clock.advance(Duration.ofSeconds(44));
    assertThat(cloud.instance(launched.instances().get(0).id()).orElseThrow().state()).isEqualTo(InstanceState.PROVISIONING);
    clock.advance(Duration.ofSeconds(1));
    assertThat(cloud.instance(launched.instances().get(0).id()).orElseThrow().state()).isEqualTo(InstanceState.RUNNING);
  }

  @Test
  void holdsTheAnnotationsQuotaAndImages() {
    CLOUDS.add(cloud);
    ENVIRONMENTS.add(env);
    LaunchResult launched = driver.launch(request(driver, "quota", 5));
    assertThat(launched.instances()).hasSize(3);
    assertThat(launched.isShort()).isTrue();
    assertThatThrownBy(() -> driver.resolveImage(io.immut.api.ImageRef.of("ami-2")))
        .isInstanceOf(DriverException.NotFound.class);
  }

  @Test
  void injectsParametersFromTheSameEnvironment(MemoryCloud param, VirtualClock paramClock, ImmutEnvironment paramEnv) {
    CLOUDS.add(cloud);
    ENVIRONMENTS.add(env);
    assertThat(param).isSameAs(cloud);
    assertThat(paramClock).isSameAs(clock);
    assertThat(paramEnv).isSameAs(env);
  }

  @Test
  void startsEveryTestOnAnEmptyCloud() {
    CLOUDS.add(cloud);
    ENVIRONMENTS.add(env);
    assertThat(cloud.instances()).isEmpty();
    driver.launch(request(driver, "empty", 2));
    assertThat(cloud.instances()).hasSize(2);
  }

  @Nested
  class InANestedClass {
    MemoryCloud nestedCloud;

    @Test
    void theNestedAndTheOuterInstanceShareTheTestsEnvironment() {
      CLOUDS.add(cloud);
      ENVIRONMENTS.add(env);
      assertThat(nestedCloud).isSameAs(cloud);
    }
  }
}
