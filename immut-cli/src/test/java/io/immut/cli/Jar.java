package io.immut.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The shaded jar run as a subprocess, in a working directory, on a sandbox of its own. */
final class Jar {
  static final ObjectMapper JSON = new ObjectMapper();

  final Path cwd;
  final Map<String, String> env = new HashMap<>();

  Jar(Path cwd) {
    this.cwd = cwd;
    env.put("IMMUT_SANDBOX_DIR", cwd.resolve("sandbox").toString());
    // the sandbox's boots and health checks at 3% of the memory cloud's defaults: a boot takes 0.9 s
    env.put("IMMUT_CONFIG_TIME_SCALE", "0.03");
  }

  static Path path() {
    String jar = System.getProperty("immut.cli.jar");
    assertThat(jar).as("system property immut.cli.jar (set by the failsafe configuration)").isNotNull();
    Path path = Path.of(jar);
    assertThat(path).as("the shaded jar, built in the package phase").exists();
    return path;
  }

  /** The java launcher of this JVM, and the jar. */
  static List<String> javaJar() {
    // short-lived JVMs: the C1 compiler and the serial collector start faster on a busy machine
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-jar", path().toString());
  }

  Result run(String... args) {
    return runWithInput(null, args);
  }

  Result runWithInput(String input, String... args) {
    List<String> command = new ArrayList<>(javaJar());
    command.addAll(List.of(args));
    return exec(command, input);
  }

  Result exec(List<String> command, String input) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("IMMUT_"));
      pb.environment().putAll(env);
      Path out = Files.createTempFile(cwd, "out", ".txt");
      Path err = Files.createTempFile(cwd, "err", ".txt");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      if (input != null) {
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("immut " + command + " did not end within 120 s");
      }
      Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
      Files.delete(out);
      Files.delete(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Copies a test resource into the working directory. */
  Path copy(String resource, String as) {
    try (InputStream in = Jar.class.getResourceAsStream("/" + resource)) {
      assertThat(in).as("test resource " + resource).isNotNull();
      Path target = cwd.resolve(as);
      Files.createDirectories(target.getParent());
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String resource(String name) {
    try (InputStream in = Jar.class.getResourceAsStream("/" + name)) {
      assertThat(in).as("test resource " + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How a run ended. */
  record Result(int exit, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON on stdout:\n" + out + "\nstderr:\n" + err, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
