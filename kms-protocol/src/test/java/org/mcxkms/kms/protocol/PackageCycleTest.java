package org.mcxkms.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
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
 * The packages of this module form no cycle: the package graph is read from the imports of the
 * main sources (a class of the same package needs no import, so only edges between packages count).
 */
class PackageCycleTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final String BASE = "org.mcxkms.kms.protocol";
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?(" + Pattern.quote(BASE) + "[\\w.]*?)\\.[A-Z]");
  private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])(" + Pattern.quote(BASE) + "(?:\\.[a-z]\\w*)*)\\.[A-Z]");

  @Test
  void noPackageImportsAPackageThatImportsItBack() throws IOException {
    Map<String, Set<String>> graph = graph();
    assertThat(graph).containsKeys(BASE, BASE + ".security");
    List<String> cycles = new ArrayList<>();
    for (String from : graph.keySet()) {
      for (String to : graph.get(from)) {
        if (reaches(graph, to, from, new HashSet<>())) {
          cycles.add(from + " -> " + to);
        }
      }
    }
    assertThat(cycles).as("package graph %s", graph).isEmpty();
  }

  @Test
  void theSecurityPackageDependsOnNoDocumentClass() throws IOException {
    assertThat(graph().get(BASE + ".security")).isEmpty();
  }

  /** Package to the other packages of this module its sources name (imports or qualified names). */
  private static Map<String, Set<String>> graph() throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(SOURCES)) {
      files = s.filter(p -> p.toString().endsWith(".java")).toList();
    }
    for (Path f : files) {
      String text = Files.readString(f);
      Matcher p = PACKAGE.matcher(text);
      assertThat(p.find()).as("package of %s", f).isTrue();
      String own = p.group(1);
      Set<String> uses = graph.computeIfAbsent(own, k -> new TreeSet<>());
      for (Pattern pattern : List.of(IMPORT, QUALIFIED)) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
          if (!m.group(1).equals(own)) {
            uses.add(m.group(1));
          }
        }
      }
    }
    return graph;
  }

  private static boolean reaches(Map<String, Set<String>> graph, String from, String target, Set<String> seen) {
    if (from.equals(target)) {
      return true;
    }
    if (!seen.add(from)) {
      return false;
    }
    for (String next : graph.getOrDefault(from, Set.of())) {
      if (reaches(graph, next, target, seen)) {
        return true;
      }
    }
    return false;
  }
}
