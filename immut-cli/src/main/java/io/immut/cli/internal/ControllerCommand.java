package io.immut.cli.internal;

import io.immut.api.Durations;
import io.immut.core.FleetController;
import io.immut.core.Immut;
import io.immut.core.controller.ControllerHealth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code immut controller --specs DIR}: the fleet controller in the foreground. */
@Command(name = "controller", mixinStandardHelpOptions = true,
    description = "Keeps every fleet of a spec directory reconciled (rollouts when a spec changes, autoscaling, repair,"
        + " reaping) until stopped (Ctrl-C, SIGTERM); --once runs one round and prints the controller's health.")
final class ControllerCommand extends ConnectedCommand {
  @Option(names = "--specs", required = true, paramLabel = "DIR", description = "The directory of fleet spec files.")
  String specs;

  @Option(names = "--interval", defaultValue = "30s", paramLabel = "DURATION", description = "How often each fleet is reconciled (default 30s).")
  String interval;

  @Option(names = "--once", description = "Run one round (rollouts to their end) and print the health, then exit.")
  boolean once;

  @Override
  int run(Immut immut, Connection connection) throws InterruptedException {
    Path dir = io().resolve(specs);
    if (!Files.isDirectory(dir)) {
      throw new CliException(specs + ": no such directory; give the directory of the fleet spec files with --specs DIR", Exit.ERROR);
    }
    Duration every;
    try {
      every = Durations.parse(interval);
    } catch (RuntimeException e) {
      throw new CliException("--interval " + interval + " is not a duration; give one such as 15s or 1m", Exit.USAGE);
    }
    ProgressDisplay progress = new ProgressDisplay(io().out(), false);
    FleetController.Builder b = immut.controller().specDirectory(dir).interval(every);
    if (!json()) {
      b.rolloutListener(progress);
    }
    try (FleetController controller = b.build()) {
      if (once) {
        ControllerHealth health = controller.runOnce();
        report(health);
        return health.isHealthy() ? Exit.OK : Exit.NOT_GOOD;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        controller.close(); // current steps finish, leases are released
        stopped.countDown();
      }, "immut-controller-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      controller.start();
      if (!json()) {
        println("Controller running on " + dir + " every " + Durations.format(every) + "; stop it with Ctrl-C");
      }
      stopped.await();
      return Exit.OK;
    }
  }

  private void report(ControllerHealth health) {
    if (json()) {
      print(tree(health.toJson()));
    } else {
      println(health.toText().stripTrailing());
    }
  }
}
