package io.immut.testkit.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packages a module exports, read from its {@code module-info.java}, and the public signatures
 * of the types in them that name a type of one of the project's packages that no module exports.
 */
final class ExportedSignatures {
  private static final Pattern EXPORTS = Pattern.compile("^\\s*exports\\s+([a-z][a-z0-9_.]*)\\s*;", Pattern.MULTILINE);

  private ExportedSignatures() {}

  /** Every package the project's modules export. */
  static Set<String> exported(Path root) {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path info : modules.map(m -> m.resolve("src/main/java/module-info.java")).filter(Files::exists).toList()) {
        Matcher m = EXPORTS.matcher(Files.readString(info));
        while (m.find()) {
          out.add(m.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The type names of the main sources of a package, from its directory in a module. */
  static List<String> typesOf(Path root, String module, String pkg) {
    Path dir = root.resolve(module).resolve("src/main/java").resolve(pkg.replace('.', '/'));
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String name = f.getFileName().toString().replace(".java", "");
        if (!name.equals("package-info")) {
          out.add(pkg + "." + name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The public and protected members of a type (and of its public nested types) whose signature
   * names a project type outside the exported packages.
   */
  static List<String> leaks(Class<?> type, Set<String> exported) {
    List<String> out = new ArrayList<>();
    if (!Modifier.isPublic(type.getModifiers())) {
      return out;
    }
    check(type.getName() + " extends", type.getGenericSuperclass(), exported, out);
    for (Type t : type.getGenericInterfaces()) {
      check(type.getName() + " implements", t, exported, out);
    }
    for (Method m : type.getDeclaredMethods()) {
      if (visible(m.getModifiers()) && !m.isSynthetic()) {
        check(type.getName() + "." + m.getName() + " returns", m.getGenericReturnType(), exported, out);
        for (Type p : m.getGenericParameterTypes()) {
          check(type.getName() + "." + m.getName() + " takes", p, exported, out);
        }
      }
    }
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (visible(c.getModifiers()) && !c.isSynthetic()) {
        for (Type p : c.getGenericParameterTypes()) {
          check(type.getName() + ".<init> takes", p, exported, out);
        }
      }
    }
    for (Field f : type.getDeclaredFields()) {
      if (visible(f.getModifiers()) && !f.isSynthetic()) {
        check(type.getName() + "." + f.getName() + " is", f.getGenericType(), exported, out);
      }
    }
    for (Class<?> nested : type.getDeclaredClasses()) {
      out.addAll(leaks(nested, exported));
    }
    return out;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void check(String where, Type t, Set<String> exported, List<String> out) {
    if (t == null) {
      return;
    }
    if (t instanceof Class<?> c) {
      while (c.isArray()) {
        c = c.getComponentType();
      }
      String pkg = c.getPackageName();
      if (pkg.startsWith("io.immut") && !exported.contains(pkg)) {
        out.add(where + " " + c.getName());
      }
    } else if (t instanceof ParameterizedType p) {
      check(where, p.getRawType(), exported, out);
      for (Type a : p.getActualTypeArguments()) {
        check(where, a, exported, out);
      }
    } else if (t instanceof GenericArrayType g) {
      check(where, g.getGenericComponentType(), exported, out);
    } else if (t instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        check(where, b, exported, out);
      }
      for (Type b : w.getLowerBounds()) {
        check(where, b, exported, out);
      }
    }
  }
}
