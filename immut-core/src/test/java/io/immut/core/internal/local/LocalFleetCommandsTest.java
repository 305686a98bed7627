package io.immut.core.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.core.clock.VirtualClock;
import io.immut.core.port.FleetCommand;
import io.immut.core.port.FleetKey;
import io.immut.core.port.FleetLease;
import io.immut.core.port.LeaseLostException;
import io.immut.spi.CloudScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFleetCommandsTest {
  @TempDir
  Path dir;

  private final VirtualClock clock = new VirtualClock();

  @Test
  void aCommandSentThroughOnePortInstanceIsSeenThroughAnotherUntilTheHolderClearsIt() throws Exception {
    FleetKey web = new FleetKey(CloudScope.shared("test-" + UUID.randomUUID()), "immut", "web");
    LocalFleetCommands sender = new LocalFleetCommands(dir);
    LocalFleetCommands holder = new LocalFleetCommands(dir);
    assertThat(holder.pending(web)).isEmpty();
    sender.send(web, FleetCommand.PROMOTE);
    sender.send(web, FleetCommand.ABORT);
    assertThat(holder.pending(web)).containsExactlyInAnyOrder(FleetCommand.PROMOTE, FleetCommand.ABORT);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith("immut-immut-web-")).hasSize(2);
    }
    try (FleetLease lease = new LocalFleetLeases(dir, clock).acquire(web, Duration.ofMinutes(1))) {
      holder.clear(lease, FleetCommand.PROMOTE);
    }
    assertThat(sender.pending(web)).containsExactly(FleetCommand.ABORT);
  }

  @Test
  void pauseIsAStateThatResumeLifts() {
    FleetKey web = new FleetKey(new CloudScope("memory-" + UUID.randomUUID(), true), "immut", "web");
    LocalFleetCommands commands = new LocalFleetCommands(dir);
    commands.send(web, FleetCommand.PAUSE);
    commands.send(web, FleetCommand.PAUSE);
    assertThat(new LocalFleetCommands(dir.resolve("other")).pending(web)).containsExactly(FleetCommand.PAUSE);
    commands.send(web, FleetCommand.RESUME);
    assertThat(commands.pending(web)).isEmpty();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void onlyAHeldLeaseClearsACommand() {
    FleetKey web = new FleetKey(new CloudScope("memory-" + UUID.randomUUID(), true), "immut", "web");
    LocalFleetCommands commands = new LocalFleetCommands(dir);
    commands.send(web, FleetCommand.ROLLBACK);
    FleetLease lease = new LocalFleetLeases(dir, clock).acquire(web, Duration.ofMinutes(1));
    lease.release();
    assertThatThrownBy(() -> commands.clear(lease, FleetCommand.ROLLBACK)).isInstanceOf(LeaseLostException.class);
    assertThat(commands.pending(web)).containsExactly(FleetCommand.ROLLBACK);
  }
}
