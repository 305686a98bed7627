package io.immut.core.spec;

import io.immut.api.Amount;
import io.immut.api.Capacity;
import io.immut.api.CostPolicy;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.HealthCheck;
import io.immut.api.InvalidSpecException;
import io.immut.api.Persistence;
import io.immut.api.Placement;
import io.immut.api.RolloutStrategy;
import io.immut.api.RolloutStrategy.CanaryStep;
import io.immut.api.StatePolicy;
import io.immut.api.VolumeSpec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of valid fleet specs of every shape, for property tests. */
final class SpecArbitraries {
  private SpecArbitraries() {}

  static Arbitrary<FleetSpec> fleetSpecs() {
    return Combinators.combine(fleetNames(), generations(), Arbitraries.integers().between(0, 1000), strategies(), states(),
            costs())
        .as((name, gen, size, strategy, state, cost) ->
            orNull(() -> new FleetSpec(name, gen, Capacity.fixed(size), strategy, state, cost, null)))
        .filter(s -> s != null);
  }

  static Arbitrary<String> fleetNames() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(1)
        .flatMap(first -> Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-').ofMaxLength(15)
            .map(rest -> first + rest));
  }

  /** Text a person might put anywhere: printable ASCII, line breaks, tabs and a few other scripts. */
  static Arbitrary<String> freeText() {
    return Arbitraries.strings().withCharRange(' ', '~').withChars('\n', '\t', 'é', '€', 'ß', '\u00a0', '日', 'ü')
        .ofMaxLength(60);
  }

  /** Label-like tokens, among them many that YAML would read as numbers, booleans or null if unquoted. */
  static Arbitrary<String> tokens() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('_', '-').ofMaxLength(12),
        Arbitraries.of("", "1", "007", "1_000", "0x1f", "0o17", "0b101", "1e3", "-1", "yes", "no", "on", "off", "y",
            "n", "true", "false", "null", "nan", "inf", "12-30", "190_20_30"));
  }

  static Arbitrary<String> labelKeys() {
    return Arbitraries.strings().withCharRange('a', 'z').ofLength(1)
        .flatMap(first -> Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('_', '-').ofMaxLength(10)
            .map(rest -> first + rest))
        .filter(k -> !k.startsWith("immut"));
  }

  static Arbitrary<GenerationSpec> generations() {
    Arbitrary<String> images = Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('a', 'f').numeric().ofMinLength(4).ofMaxLength(17).map(s -> "ami-" + s),
        Arbitraries.strings().alpha().numeric().withChars('/', '-', '_', '.', ':').ofMinLength(1).ofMaxLength(40)
            .filter(s -> !s.isBlank()));
    Arbitrary<String> types = Arbitraries.of("t3.micro", "t3.large", "Standard_D2s_v3", "e2-medium", "m5.24xlarge", "1x");
    Arbitrary<String> userData = freeText().injectNull(0.3);
    Arbitrary<Map<String, String>> labels = Arbitraries.maps(labelKeys(), tokens()).ofMaxSize(4);
    return Combinators.combine(images, types, userData, labels, volumes(), placements(), healthChecks())
        .as((image, type, data, l, vs, p, h) -> orNull(() -> new GenerationSpec(io.immut.api.ImageRef.of(image), type, data,
            l, vs, p, h)))
        .filter(g -> g != null);
  }

  static Arbitrary<List<VolumeSpec>> volumes() {
    Arbitrary<VolumeSpec> volume = Combinators.combine(
            labelKeys(), Arbitraries.integers().between(1, 65_536), Arbitraries.of(Persistence.class).injectNull(0.2),
            Arbitraries.of("nfs://files/web", "vol-0abc", "smb://share/x y").injectNull(0.3),
            Arbitraries.of("/dev/sdf", "xvdb").injectNull(0.7))
        .as((name, size, persistence, location, device) -> orNull(() -> new VolumeSpec(name, size, persistence,
            persistence == Persistence.EXTERNAL ? location : null, false, device)))
        .filter(v -> v != null);
    Arbitrary<Boolean> withRoot = Arbitraries.of(true, false);
    return Combinators.combine(volume.list().ofMaxSize(3).uniqueElements(VolumeSpec::name), withRoot,
            Arbitraries.integers().between(1, 100))
        .as((data, root, rootSize) -> {
          List<VolumeSpec> all = new ArrayList<>();
          if (root && data.stream().noneMatch(v -> v.name().equals("root"))) {
            all.add(VolumeSpec.root(rootSize));
          }
          all.addAll(data);
          return all;
        });
  }

  static Arbitrary<Placement> placements() {
    Arbitrary<Placement> any = Combinators.combine(
            Arbitraries.strings().alpha().numeric().withChars('-').ofMinLength(1).ofMaxLength(12).list().ofMaxSize(3)
                .uniqueElements(),
            tokens().injectNull(0.5),
            Arbitraries.strings().alpha().numeric().withChars('-').ofMinLength(1).ofMaxLength(8).list().ofMaxSize(2),
            freeText().injectNull(0.7), freeText().injectNull(0.7),
            Arbitraries.maps(Arbitraries.strings().alpha().numeric().withChars('.', '/', ':', ' ').ofMinLength(1).ofMaxLength(10),
                freeText()).ofMaxSize(2))
        .as(Placement::new);
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(Placement.DEFAULT)),
        net.jqwik.api.Tuple.of(3, any));
  }

  static Arbitrary<Duration> durations(long maxMillis) {
    return Arbitraries.longs().between(0, maxMillis).map(Duration::ofMillis);
  }

  static Arbitrary<HealthCheck> healthChecks() {
    Arbitrary<HealthCheck> any = Combinators.combine(durations(600_000), durations(60_000).map(d -> d.plusMillis(1)),
            Arbitraries.integers().between(1, 100), Arbitraries.integers().between(1, 100), durations(3_600_000),
            Arbitraries.of("/healthz", "/", "/status?full=1").injectNull(0.4), Arbitraries.integers().between(1, 65_535))
        .as((grace, interval, healthy, unhealthy, extra, path, port) ->
            new HealthCheck(grace, interval, healthy, unhealthy, grace.plus(interval).plus(extra).plusMillis(1), path, port));
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(HealthCheck.DEFAULT)),
        net.jqwik.api.Tuple.of(3, any));
  }

  static Arbitrary<Amount> amounts() {
    return Arbitraries.oneOf(Arbitraries.integers().between(0, 100).map(Amount::percent),
        Arbitraries.integers().between(0, 50).map(Amount::of));
  }

  static Arbitrary<RolloutStrategy> strategies() {
    Arbitrary<RolloutStrategy> rolling = Combinators.combine(amounts(), amounts())
        .as((s, u) -> (RolloutStrategy) orNull(() -> new RolloutStrategy.Rolling(s, u)))
        .filter(s -> s != null);
    Arbitrary<RolloutStrategy> blueGreen = Combinators.combine(Arbitraries.of(RolloutStrategy.Promotion.class),
            durations(86_400_000), labelKeys().injectNull(0.5))
        .as(RolloutStrategy.BlueGreen::new);
    Arbitrary<CanaryStep> step = Arbitraries.oneOf(
        Arbitraries.integers().between(1, 100).map(CanaryStep.SetWeight::new),
        durations(7_200_000).map(d -> d.plusMillis(1)).map(CanaryStep.Pause::new),
        labelKeys().map(CanaryStep.Analyse::new));
    Arbitrary<RolloutStrategy> canary = step.list().ofMinSize(1).ofMaxSize(6).map(SpecArbitraries::nonDecreasing)
        .map(RolloutStrategy.Canary::new);
    return Arbitraries.oneOf(rolling, blueGreen, canary);
  }

  private static List<CanaryStep> nonDecreasing(List<CanaryStep> steps) {
    List<CanaryStep> out = new ArrayList<>();
    int last = 0;
    for (CanaryStep s : steps) {
      if (s instanceof CanaryStep.SetWeight w) {
        last = Math.max(last, w.percent());
        out.add(new CanaryStep.SetWeight(last));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  static Arbitrary<StatePolicy> states() {
    Arbitrary<StatePolicy.Acknowledgement> ack = Combinators.combine(
            Arbitraries.of("volume.local-data", "volume.undeclared", "instance.static-address"),
            Arbitraries.oneOf(Arbitraries.just("*"), labelKeys(), freeText()),
            freeText().filter(s -> !s.isBlank()))
        .as(StatePolicy.Acknowledgement::new);
    Arbitrary<StatePolicy> any = Combinators.combine(
            Arbitraries.maps(labelKeys(), Arbitraries.of("redis://cache:6379", "postgresql://db:5432/app", "s3://bucket/p",
                "10")).ofMaxSize(3),
            Arbitraries.of(true, false), ack.list().ofMaxSize(2))
        .as(StatePolicy::new);
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(StatePolicy.NONE)),
        net.jqwik.api.Tuple.of(3, any));
  }

  static Arbitrary<CostPolicy> costs() {
    Arbitrary<CostPolicy> any = Combinators.combine(Arbitraries.longs().between(1, 10_000_000), Arbitraries.integers()
            .between(-3, 8))
        .as((unscaled, scale) -> orNull(() -> new CostPolicy(new BigDecimal(BigInteger.valueOf(unscaled), scale))))
        .filter(c -> c != null);
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(CostPolicy.NONE)),
        net.jqwik.api.Tuple.of(2, any));
  }

  private static <T> T orNull(Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (InvalidSpecException e) {
      return null;
    }
  }
}
