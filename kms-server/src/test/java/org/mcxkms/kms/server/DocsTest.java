package org.mcxkms.kms.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mcxkms.kms.protocol.KmsProtocolException;
import org.mcxkms.kms.protocol.KrrException;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.error.KmsErrorCode;

/**
 * Keeps the documentation true: the configuration and KmsError tables of docs/server.md equal the
 * code they describe (both ways), the decisions table names classes that exist, the README's test
 * command is the one CI runs, and every relative link of README.md and docs/ reaches an existing
 * file and heading.
 */
class DocsTest {
  private static final Path ROOT = repositoryRoot();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  @Test
  void configurationTableEqualsConfigKey() throws IOException {
    Map<String, String> expected = new LinkedHashMap<>();
    for (ConfigKey k : ConfigKey.values()) {
      String def = k.defaultValue().isEmpty() ? "(empty)" : "`" + k.defaultValue() + "`";
      expected.put(k.key(), row("`" + k.key() + "`", "`" + k.envName() + "`", def, k.description()));
    }
    Map<String, String> documented = new LinkedHashMap<>();
    for (List<String> cells : table(read("docs/server.md"), "## Configuration")) {
      documented.put(unquote(cells.get(0)), row(cells.toArray(String[]::new)));
    }
    assertThat(diff(expected, documented))
        .as("docs/server.md configuration table against ConfigKey (write the table from the enum)")
        .isEmpty();
  }

  @Test
  void kmsErrorTableEqualsTheCodes() throws IOException {
    Map<String, String> expected = new LinkedHashMap<>();
    for (KmsErrorCode c : KmsErrorCode.values()) {
      if (c != KmsErrorCode.INVALID_DOCUMENT && c != KmsErrorCode.INVALID_KRR) { // their wire codes are the kms-protocol reasons below
        expected.put(String.valueOf(c.code()), row(String.valueOf(c.code()), String.valueOf(c.httpStatus()),
            "`" + c.name() + "`", c.meaning()));
      }
    }
    Map<String, String> documented = new LinkedHashMap<>();
    for (List<String> cells : table(read("docs/server.md"), "## KmsError codes")) {
      documented.put(cells.get(0), row(cells.toArray(String[]::new)));
    }
    for (KmsProtocolException.Reason r : KmsProtocolException.Reason.values()) {
      String code = String.valueOf(r.kmsErrorCode());
      if (!expected.containsKey(code)) {
        // The meaning of a reason lives in its javadoc, so the documented one is taken as it is.
        String doc = documented.get(code);
        String meaning = doc == null ? "(the reason's meaning)" : doc.substring(doc.lastIndexOf(" | ") + 3);
        expected.put(code, row(code, String.valueOf(KmsErrorCode.INVALID_DOCUMENT.httpStatus()),
            "`" + r.name() + "`", meaning));
      }
    }
    for (KrrException.Reason r : KrrException.Reason.values()) {
      String code = String.valueOf(r.kmsErrorCode());
      String doc = documented.get(code);
      String meaning = doc == null ? "(the reason's meaning)" : doc.substring(doc.lastIndexOf(" | ") + 3);
      expected.put(code, row(code, String.valueOf(KmsErrorCode.INVALID_KRR.httpStatus()), "`" + r.name() + "`", meaning));
    }
    assertThat(diff(expected, documented))
        .as("docs/server.md KmsError table against KmsErrorCode and KmsProtocolException.Reason")
        .isEmpty();
  }

  @Test
  void decisionsNameClassesThatExist() throws IOException {
    Set<String> classes = new LinkedHashSet<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      files.filter(f -> f.toString().endsWith(".java") && !f.toString().contains("/target/"))
          .forEach(f -> classes.add(f.getFileName().toString().replace(".java", "")));
    }
    List<String> missing = new ArrayList<>();
    for (List<String> cells : table(read("docs/decisions.md"), "# Decisions on UNCONFIRMED items")) {
      Matcher m = Pattern.compile("`([A-Z]\\w*)[^`]*`").matcher(cells.get(2));
      boolean any = false;
      while (m.find()) {
        any = true;
        if (!classes.contains(m.group(1))) {
          missing.add(cells.get(0) + ": " + m.group(1));
        }
      }
      if (!any) {
        missing.add(cells.get(0) + ": no class named");
      }
    }
    assertThat(missing).as("docs/decisions.md 'where in code' names classes of this repository").isEmpty();
  }

  @Test
  void ciRunsTheReadmeTestCommand() throws IOException {
    String readme = read("README.md");
    List<String> lines = readme.lines().toList();
    int at = lines.indexOf("Run all tests:");
    assertThat(at).as("README.md has a 'Run all tests:' line").isNotNegative();
    String command = lines.stream().skip(at + 1L).filter(l -> !l.isBlank()).findFirst().orElse("").trim();
    List<String> ci = read(".ci/run").lines().map(String::trim).toList();
    int marker = ci.indexOf("# The README's test command:");
    assertThat(marker).as(".ci/run marks the README's test command").isNotNegative();
    assertThat(ci.get(marker + 1)).as(".ci/run runs exactly the README's test command").isEqualTo(command);
  }

  @Test
  void relativeLinksReachFilesAndHeadings() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      Matcher m = LINK.matcher(Files.readString(page, StandardCharsets.UTF_8));
      while (m.find()) {
        String link = m.group(1);
        if (link.matches("[a-z]+:.*")) {
          continue; // https:, mailto: ...
        }
        int hash = link.indexOf('#');
        String file = hash < 0 ? link : link.substring(0, hash);
        Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(target)) {
          broken.add(ROOT.relativize(page) + ": " + link + " (no such file)");
        } else if (hash >= 0 && !anchors(target).contains(link.substring(hash + 1))) {
          broken.add(ROOT.relativize(page) + ": " + link + " (no such heading)");
        }
      }
    }
    assertThat(broken).as("broken links in README.md and docs/").isEmpty();
  }

  /** The rows of the first table after {@code heading}, as trimmed cells, header and rule left out. */
  private static List<List<String>> table(String markdown, String heading) {
    List<String> lines = markdown.lines().toList();
    int at = lines.indexOf(heading);
    assertThat(at).as("heading " + heading).isNotNegative();
    List<List<String>> rows = new ArrayList<>();
    boolean inTable = false;
    for (String line : lines.subList(at + 1, lines.size())) {
      if (line.startsWith("|")) {
        inTable = true;
        List<String> cells = new ArrayList<>();
        for (String c : line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0)).split("\\|", -1)) {
          cells.add(c.trim());
        }
        rows.add(cells);
      } else if (inTable || line.startsWith("#")) {
        break;
      }
    }
    assertThat(rows).as("a table under " + heading).hasSizeGreaterThan(2);
    return rows.subList(2, rows.size());
  }

  private static String row(String... cells) {
    return String.join(" | ", cells);
  }

  private static String unquote(String cell) {
    return cell.replace("`", "");
  }

  /** Every difference, one line each: missing rows, rows not backed by code, rows that differ. */
  private static List<String> diff(Map<String, String> expected, Map<String, String> documented) {
    List<String> out = new ArrayList<>();
    expected.forEach((k, v) -> {
      String d = documented.get(k);
      if (d == null) {
        out.add("missing in docs: | " + v + " |");
      } else if (!d.equals(v)) {
        out.add("differs for " + k + ":\n    code: | " + v + " |\n    docs: | " + d + " |");
      }
    });
    documented.keySet().stream().filter(k -> !expected.containsKey(k))
        .forEach(k -> out.add("in docs but not in code: | " + documented.get(k) + " |"));
    return out;
  }

  /** The anchors GitHub gives the headings of a markdown file. */
  private static Set<String> anchors(Path file) throws IOException {
    Set<String> out = new LinkedHashSet<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith("#")) {
        String text = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
        out.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
      }
    }
    return out;
  }

  private static String read(String relative) throws IOException {
    return Files.readString(ROOT.resolve(relative), StandardCharsets.UTF_8);
  }

  private static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !(Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs")))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("no README.md with docs/ above " + Path.of("").toAbsolutePath());
    }
    return p;
  }
}
