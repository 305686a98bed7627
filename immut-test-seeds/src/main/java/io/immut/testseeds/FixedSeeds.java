package io.immut.testseeds;

import java.util.Optional;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyAttributes;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Gives every jqwik property a fixed seed, so that {@code mvn verify} generates the same cases on
 * every run and a CI failure replays on any machine. jqwik has no global seed setting; this hook,
 * registered for all properties in {@code META-INF/services/net.jqwik.api.lifecycle.LifecycleHook},
 * sets one per property: the base seed mixed with the property's class and method name.
 *
 * <p>System properties (see docs/testing.md): {@code immut.jqwik.seed} = a base seed (a long;
 * default {@value #DEFAULT_BASE}) or {@code random} for jqwik's fresh seeds (the {@code explore}
 * profile); {@code immut.jqwik.triesFactor} multiplies every property's tries (default 1). A seed
 * written on a property ({@code @Property(seed = "...")}, to replay a failure) is kept.
 */
public final class FixedSeeds implements AroundPropertyHook {
  public static final long DEFAULT_BASE = 20261127L;

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
    PropertyAttributes attributes = context.attributes();
    String base = System.getProperty("immut.jqwik.seed", String.valueOf(DEFAULT_BASE)).trim();
    if (attributes.seed().filter(s -> !s.isEmpty()).isEmpty() && !base.equalsIgnoreCase("random")) {
      String id = context.targetMethod().getDeclaringClass().getName() + "#" + context.targetMethod().getName();
      attributes.setSeed(Long.toString(seed(Long.parseLong(base), id)));
    }
    int factor = Integer.getInteger("immut.jqwik.triesFactor", 1);
    if (factor > 1) {
      Optional<Integer> tries = attributes.tries();
      attributes.setTries(tries.orElse(1000) * factor);
    }
    return property.execute();
  }

  @Override
  public PropagationMode propagateTo() {
    // A hook registered through the ServiceLoader sits on the engine's root: reach every property.
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public int aroundPropertyProximity() {
    // Outermost: the attributes are set before any other hook or the generator reads them.
    return -100;
  }

  /** A stable seed per property: the base mixed with the name's hash (SplitMix64's finaliser). */
  public static long seed(long base, String id) {
    long z = base ^ (id.hashCode() * 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
