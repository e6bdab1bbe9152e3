package org.mcxkms.kms.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package structure of kms-server, read from the sources: no package cycles, and the entry
 * layers ({@code http}, {@code admin}, and {@code console} above {@code admin}) and the assembly
 * (the root package) are imported by nothing below them.
 */
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src", "main", "java", "org", "mcxkms", "kms", "server");
  private static final String BASE = "org.mcxkms.kms.server";
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(" + Pattern.quote(BASE)
      + "(?:\\.[a-z]\\w*)*)\\.[A-Z]", Pattern.MULTILINE);

  /** For each package below the base, the packages below the base it imports. */
  private static Map<String, Set<String>> graph() throws IOException {
    Map<String, Set<String>> g = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String src = Files.readString(f);
        Matcher p = PACKAGE.matcher(src);
        assertThat(p.find()).as("package of %s", f).isTrue();
        String pkg = p.group(1);
        Set<String> deps = g.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher m = IMPORT.matcher(src);
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            deps.add(m.group(1));
          }
        }
      }
    }
    return g;
  }

  @Test
  void noPackageCycles() throws Exception {
    Map<String, Set<String>> g = graph();
    List<String> cycles = new ArrayList<>();
    for (String start : g.keySet()) {
      // every package reachable from start; start must not be among them
      Set<String> seen = new TreeSet<>();
      List<String> todo = new ArrayList<>(g.get(start));
      while (!todo.isEmpty()) {
        String p = todo.remove(todo.size() - 1);
        if (seen.add(p)) {
          todo.addAll(g.getOrDefault(p, Set.of()));
        }
      }
      if (seen.contains(start)) {
        cycles.add(start);
      }
    }
    assertThat(cycles).as("packages on a cycle; imports: %s", g).isEmpty();
  }

  @Test
  void theEntryLayersAndTheAssemblyAreImportedByNothingBelow() throws Exception {
    Map<String, Set<String>> g = graph();
    Set<String> top = Set.of(BASE, BASE + ".http", BASE + ".admin", BASE + ".console");
    List<String> upward = new ArrayList<>();
    g.forEach((pkg, deps) -> {
      for (String d : deps) {
        // The console is the entry layer above the admin API: it runs its request path.
        boolean consoleOverAdmin = pkg.equals(BASE + ".console") && d.equals(BASE + ".admin");
        if (top.contains(d) && !pkg.equals(BASE) && !consoleOverAdmin) {
          upward.add(pkg + " -> " + d);
        }
      }
    });
    assertThat(upward).isEmpty();
  }
}
