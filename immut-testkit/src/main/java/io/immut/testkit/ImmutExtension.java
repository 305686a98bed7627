package io.immut.testkit;

import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.MemoryCloud;
import io.immut.spi.CloudDriver;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link ImmutTest}: gives each test (or each test class) an
 * {@link ImmutEnvironment} — an in-memory cloud on a virtual clock — and injects it, its parts and
 * a ready {@link Immut} into fields and parameters. See {@link ImmutTest} for the rules of scope.
 *
 * <p>Configured by the {@link ImmutTest} annotation, or programmatically:
 *
 * <pre>{@code
 * class CapacityTest {
 *   @RegisterExtension
 *   static final ImmutExtension IMMUT = ImmutExtension.with(ImmutEnvironment.builder()
 *       .seed(7)
 *       .cloud(c -> c.capacity("t3.micro", 5).bootTime("t3.large", Duration.ofSeconds(90))));
 *
 *   MemoryCloud cloud;
 *   ...
 * }
 * }</pre>
 *
 * <p>Environments are closed through the JUnit store's life cycle: after each test for a test's
 * own environment, after the class for a shared one.
 */
public class ImmutExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
    ParameterResolver {
  private static final Namespace NAMESPACE = Namespace.create(ImmutExtension.class);
  private static final String ENVIRONMENT = "environment";
  private static final String REGISTERED = "registered";

  private final ImmutEnvironment.Builder configured;

  /** The extension as {@link ImmutTest} registers it: configured by the annotation. */
  public ImmutExtension() {
    this.configured = null;
  }

  private ImmutExtension(ImmutEnvironment.Builder configured) {
    this.configured = Objects.requireNonNull(configured, "configured");
  }

  /**
   * An extension configured by the API, for {@code @RegisterExtension} (without {@link ImmutTest}
   * on the same class).
   *
   * @param settings the settings of every environment it creates
   * @return the extension
   */
  public static ImmutExtension with(ImmutEnvironment.Builder settings) {
    return new ImmutExtension(settings);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!isTopLevel(context)) {
      return;
    }
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    Object other = store.get(REGISTERED);
    if (other != null && other != this) {
      throw new ExtensionConfigurationException(context.getRequiredTestClass().getName()
          + " registers immut's extension twice (with @ImmutTest and with @RegisterExtension ImmutExtension, say);"
          + " keep one: @ImmutTest for the annotation's settings, or the registered extension for settings by API");
    }
    store.put(REGISTERED, this);
    if (isClassScoped(context)) {
      ImmutEnvironment env = environment(context, context);
      injectStatic(context.getRequiredTestClass(), env);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (isTopLevel(context)) {
      closeEnvironment(context);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ImmutEnvironment env = environmentFor(context);
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      injectInstance(instance, env);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    closeEnvironment(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return isInjectable(parameterContext.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    ImmutEnvironment env = extensionContext.getTestMethod().isPresent()
        ? environmentFor(extensionContext)
        : environment(topLevel(extensionContext), topLevel(extensionContext));
    return valueOf(parameterContext.getParameter().getType(), env);
  }

  /** The environment of a test: the class's when shared, else the test's own. */
  private ImmutEnvironment environmentFor(ExtensionContext context) {
    ExtensionContext top = topLevel(context);
    return isClassScoped(top) ? environment(top, top) : environment(context, top);
  }

  private ImmutEnvironment environment(ExtensionContext owner, ExtensionContext top) {
    return owner.getStore(NAMESPACE).getOrComputeIfAbsent(ENVIRONMENT, k -> settings(top).build(), ImmutEnvironment.class);
  }

  private static void closeEnvironment(ExtensionContext context) {
    ImmutEnvironment env = context.getStore(NAMESPACE).remove(ENVIRONMENT, ImmutEnvironment.class);
    if (env != null) {
      env.close();
    }
  }

  private ImmutEnvironment.Builder settings(ExtensionContext top) {
    if (configured != null) {
      return configured;
    }
    Class<?> testClass = top.getRequiredTestClass();
    Optional<ImmutTest> annotation = AnnotationSupport.findAnnotation(testClass, ImmutTest.class);
    ImmutEnvironment.Builder b = ImmutEnvironment.builder();
    if (annotation.isPresent()) {
      try {
        b.from(annotation.get());
      } catch (RuntimeException e) {
        throw new ExtensionConfigurationException("@ImmutTest on " + testClass.getName() + " is invalid: "
            + e.getMessage(), e);
      }
    }
    return b;
  }

  /** Shared when a static field or a class-level lifecycle method wants it, or with one test instance per class. */
  private static boolean isClassScoped(ExtensionContext context) {
    ExtensionContext top = topLevel(context);
    if (top.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD) == TestInstance.Lifecycle.PER_CLASS) {
      return true;
    }
    Class<?> testClass = top.getRequiredTestClass();
    for (Field f : fields(testClass)) {
      if (Modifier.isStatic(f.getModifiers()) && isInjectable(f.getType())) {
        return true;
      }
    }
    for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.isAnnotationPresent(BeforeAll.class) || m.isAnnotationPresent(AfterAll.class)) {
          for (Parameter p : m.getParameters()) {
            if (isInjectable(p.getType())) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  private static boolean isTopLevel(ExtensionContext context) {
    return context.getTestClass().isPresent() && context.getTestMethod().isEmpty()
        && context.getParent().flatMap(ExtensionContext::getTestClass).isEmpty();
  }

  private static ExtensionContext topLevel(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getParent().isPresent() && c.getParent().get().getTestClass().isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }

  private static void injectStatic(Class<?> testClass, ImmutEnvironment env) {
    for (Field f : fields(testClass)) {
      if (Modifier.isStatic(f.getModifiers())) {
        inject(f, null, env);
      }
    }
  }

  private static void injectInstance(Object instance, ImmutEnvironment env) {
    for (Field f : fields(instance.getClass())) {
      if (!Modifier.isStatic(f.getModifiers())) {
        inject(f, instance, env);
      }
    }
  }

  private static void inject(Field f, Object target, ImmutEnvironment env) {
    if (!isInjectable(f.getType()) || Modifier.isFinal(f.getModifiers()) || f.isSynthetic()) {
      return;
    }
    try {
      f.setAccessible(true);
      if (f.get(target) == null) {
        f.set(target, valueOf(f.getType(), env));
      }
    } catch (IllegalAccessException | RuntimeException e) {
      throw new ExtensionConfigurationException("cannot inject " + f.getDeclaringClass().getName() + "." + f.getName()
          + ": " + e.getMessage() + "; make the field non-final and accessible", e);
    }
  }

  private static List<Field> fields(Class<?> type) {
    List<Field> all = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      all.addAll(List.of(c.getDeclaredFields()));
    }
    return all;
  }

  static boolean isInjectable(Class<?> type) {
    return type == ImmutEnvironment.class || type == MemoryCloud.class || type == VirtualClock.class
        || type == CloudDriver.class || type == Immut.class;
  }

  static Object valueOf(Class<?> type, ImmutEnvironment env) {
    if (type == ImmutEnvironment.class) {
      return env;
    }
    if (type == MemoryCloud.class) {
      return env.cloud();
    }
    if (type == VirtualClock.class) {
      return env.clock();
    }
    if (type == CloudDriver.class) {
      return env.driver();
    }
    if (type == Immut.class) {
      return env.immut();
    }
    throw new IllegalArgumentException("immut's extension does not inject " + type.getName());
  }
}
