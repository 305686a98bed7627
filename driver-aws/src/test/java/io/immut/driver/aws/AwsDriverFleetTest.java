package io.immut.driver.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.driver.aws.local.LocalEc2;
import io.immut.spi.DriverException;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchResult;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("list and terminate")
class AwsDriverFleetTest {
  private LocalEc2 local;
  private AwsDriver driver;

  @BeforeEach
  void start() throws Exception {
    local = LocalEc2.start();
    driver = LocalAws.driver(local, Map.of("pageSize", "5"));
  }

  @AfterEach
  void stop() {
    driver.close();
    local.close();
  }

  private List<InstanceView> launch(String token, int n) {
    return driver.launch(Fixtures.request(driver, token, n)).instances();
  }

  private static Set<InstanceId> ids(List<InstanceView> views) {
    return views.stream().map(InstanceView::id).collect(Collectors.toSet());
  }

  @Nested
  @DisplayName("list")
  class ListTests {
    @Test
    @DisplayName("filters by the fleet and owner tags and the states, on EC2's side")
    void filters() {
      launch("t1", 1);
      local.clearCalls();
      driver.list(Fixtures.WEB);

      Map<String, String> p = local.requests("DescribeInstances").get(0);
      assertThat(p).containsEntry("Filter.1.Name", "tag:" + "immut:fleet").containsEntry("Filter.1.Value.1", "web")
          .containsEntry("Filter.2.Name", "tag:" + "immut:owner").containsEntry("Filter.2.Value.1", "team-a")
          .containsEntry("Filter.3.Name", "instance-state-name").containsEntry("MaxResults", "5");
      List<String> states = new ArrayList<>();
      for (int i = 1; p.containsKey("Filter.3.Value." + i); i++) {
        states.add(p.get("Filter.3.Value." + i));
      }
      assertThat(states).containsExactlyInAnyOrder("pending", "running", "stopping", "stopped", "shutting-down", "terminated");
    }

    @Test
    @DisplayName("asks EC2 only for the states wanted")
    void stateFilter() {
      List<InstanceView> launched = launch("t1", 3);
      local.settle();
      driver.terminate(Set.of(launched.get(0).id()));
      local.clearCalls();

      List<InstanceView> running = driver.list(Fixtures.WEB, EnumSet.of(InstanceState.RUNNING));

      assertThat(running).extracting(InstanceView::id).containsExactlyInAnyOrderElementsOf(
          ids(launched.subList(1, 3)));
      Map<String, String> p = local.requests("DescribeInstances").get(0);
      assertThat(p).containsEntry("Filter.3.Value.1", "running").doesNotContainKey("Filter.3.Value.2");
      assertThat(driver.list(Fixtures.WEB, Set.of())).isEmpty();
    }

    @Test
    @DisplayName("reads every page, following NextToken")
    void pages() {
      Set<InstanceId> launched = new HashSet<>();
      for (int w = 0; w < 3; w++) {
        launched.addAll(ids(launch("wave-" + w, 8)));
      }
      local.pageSize(4);
      local.clearCalls();

      List<InstanceView> listed = driver.list(Fixtures.WEB);

      assertThat(listed).extracting(InstanceView::id).containsExactlyInAnyOrderElementsOf(launched);
      List<Map<String, String>> pages = local.requests("DescribeInstances");
      assertThat(pages).hasSize(6);
      assertThat(pages.get(0)).doesNotContainKey("NextToken");
      assertThat(pages.subList(1, 6)).allSatisfy(p -> assertThat(p).containsKey("NextToken"));
    }

    @Test
    @DisplayName("never lists an instance without this fleet's and this owner's tags")
    void onlyOwned() {
      List<InstanceView> mine = launch("t1", 2);
      local.launchForeign(Map.of(), "t3.micro");
      local.launchForeign(Map.of("immut:fleet", "web"), "t3.micro");
      local.launchForeign(Map.of("immut:fleet", "web", "immut:owner", "team-b", "immut:generation", "x"),
          "t3.micro");
      local.launchForeign(Map.of("immut:fleet", "web", "immut:owner", "team-a"), "t3.micro");

      assertThat(driver.list(Fixtures.WEB)).extracting(InstanceView::id).containsExactlyInAnyOrderElementsOf(ids(mine));
      assertThat(driver.list(new FleetSelector("api", "team-a"))).isEmpty();
    }

    @Test
    @DisplayName("maps EC2's states as instances boot and are terminated")
    void states() {
      InstanceId id = launch("t1", 1).get(0).id();
      assertThat(driver.list(Fixtures.WEB)).singleElement().extracting(InstanceView::state).isEqualTo(InstanceState.PROVISIONING);
      assertThat(driver.list(Fixtures.WEB)).singleElement().satisfies(v -> {
        assertThat(v.state()).isEqualTo(InstanceState.RUNNING);
        assertThat(v.zone()).isEqualTo("us-east-1a");
        assertThat(v.privateAddress()).startsWith("10.0.");
        assertThat(v.launchedAt()).isNotNull();
        assertThat(v.generationId()).isEqualTo(Fixtures.spec().id());
      });
      driver.terminate(Set.of(id));
      assertThat(driver.list(Fixtures.WEB)).singleElement().extracting(InstanceView::state)
          .isEqualTo(InstanceState.TERMINATING);
      assertThat(driver.list(Fixtures.WEB)).singleElement().extracting(InstanceView::state)
          .isEqualTo(InstanceState.DELETED);
    }

    @Test
    @DisplayName("classifies a failed page as the error it is")
    void failedPage() {
      local.failNext("DescribeInstances", 503, "RequestLimitExceeded", "Request limit exceeded.");
      assertThatThrownBy(() -> driver.list(Fixtures.WEB)).isInstanceOf(DriverException.Throttled.class)
          .satisfies(e -> assertThat(((DriverException) e).operation()).isEqualTo("list"));
    }
  }

  @Nested
  @DisplayName("terminate")
  class TerminateTests {
    @Test
    @DisplayName("terminates in batches within the configured size")
    void batches() {
      driver.close();
      driver = LocalAws.driver(local, Map.of("terminateBatch", "10"));
      Set<InstanceId> ids = ids(launch("t1", 25));
      local.clearCalls();

      driver.terminate(ids);

      List<Map<String, String>> calls = local.requests("TerminateInstances");
      assertThat(calls).extracting(p -> p.keySet().stream().filter(k -> k.startsWith("InstanceId.")).count())
          .containsExactly(10L, 10L, 5L);
      assertThat(local.instances()).allSatisfy(i -> assertThat(i.state()).isEqualTo("shutting-down"));
    }

    @Test
    @DisplayName("never sends more than EC2's 1000 ids in one call")
    void ec2Limit() {
      Set<InstanceId> ids = local.launchForeign(Map.of("immut:fleet", "web"), "t3.micro", 1001).stream()
          .map(InstanceId::of).collect(Collectors.toSet());
      local.clearCalls();

      driver.terminate(ids);

      assertThat(local.requests("TerminateInstances")).extracting(p -> p.keySet().stream()
          .filter(k -> k.startsWith("InstanceId.")).count()).containsExactly(1000L, 1L);
      assertThat(driver.capabilities().maxTerminateBatch()).isEqualTo(1000);
    }

    @Test
    @DisplayName("is idempotent: terminated and unknown ids are fine, the others are still terminated")
    void goneIdsAreFine() {
      List<InstanceView> launched = launch("t1", 3);
      local.settle();
      driver.terminate(Set.of(launched.get(0).id()));
      local.settle();

      Set<InstanceId> ids = new HashSet<>(ids(launched));
      ids.add(InstanceId.of("i-0fffffffffffffff1"));
      ids.add(InstanceId.of("i-0fffffffffffffff2"));
      driver.terminate(ids);
      driver.terminate(ids);

      assertThat(local.instances()).allSatisfy(i -> assertThat(i.state()).isIn("shutting-down", "terminated"));
    }

    @Test
    @DisplayName("an instance launched moments ago and not visible yet is a transient failure, not gone")
    void eventualConsistency() {
      local.visibilityLag(2);
      LaunchResult launched = driver.launch(Fixtures.request(driver, "fresh", 1));
      InstanceId id = launched.instances().get(0).id();

      assertThatThrownBy(() -> driver.terminate(Set.of(id))).isInstanceOf(DriverException.Transient.class)
          .hasMessageContaining("InvalidInstanceID.NotFound").hasMessageContaining("eventually consistent");
      assertThatThrownBy(() -> driver.inspect(id)).isInstanceOf(DriverException.Transient.class);
      assertThat(local.isIn(id.value(), "pending")).isTrue();

      driver.list(Fixtures.WEB);
      driver.list(Fixtures.WEB);
      driver.terminate(Set.of(id));
      assertThat(local.isIn(id.value(), "shutting-down")).isTrue();
    }

    @Test
    @DisplayName("finds the unknown ids in EC2's message however it quotes them")
    void unknownIdsInMessages() {
      List<String> batch = List.of("i-0aaaaaaaaaaaaaaa1", "i-0aaaaaaaaaaaaaaa2", "i-0aaaaaaaa");
      assertThat(AwsDriver.idsNamedIn("The instance IDs 'i-0aaaaaaaaaaaaaaa1, i-0aaaaaaaaaaaaaaa2' do not exist", batch))
          .containsExactly("i-0aaaaaaaaaaaaaaa1", "i-0aaaaaaaaaaaaaaa2");
      assertThat(AwsDriver.idsNamedIn("The instance ID 'i-0aaaaaaaaaaaaaaa2' does not exist", batch))
          .containsExactly("i-0aaaaaaaaaaaaaaa2");
      assertThat(AwsDriver.idsNamedIn("The instance ID '['i-0aaaaaaaaaaaaaaa1']' does not exist", batch))
          .containsExactly("i-0aaaaaaaaaaaaaaa1");
      assertThat(AwsDriver.idsNamedIn("The instance ID 'i-0aaaaaaaa' does not exist", batch))
          .containsExactly("i-0aaaaaaaa");
      assertThat(AwsDriver.idsNamedIn("Something went wrong", batch)).isEmpty();
      assertThat(AwsDriver.idsNamedIn(null, batch)).isEmpty();
    }

    @Test
    @DisplayName("an empty set makes no call")
    void empty() {
      local.clearCalls();
      driver.terminate(Set.of());
      assertThat(local.calls()).isEmpty();
    }
  }
}
