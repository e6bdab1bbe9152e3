package org.mcxkms.kms.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcxkms.kms.server.audit.AuditAction;

/** docs/server.md lists exactly the audit actions the code has (DocsTest checks its other tables). */
class AuditVocabularyDocTest {
  private static final Path DOC = Path.of("..", "docs", "server.md");

  /** The cells of the table under {@code heading}, one list per body row. */
  private static List<List<String>> table(String heading) throws Exception {
    List<String> lines = Files.readAllLines(DOC);
    int i = lines.indexOf(heading);
    assertThat(i).as("heading %s in %s", heading, DOC).isGreaterThanOrEqualTo(0);
    List<List<String>> rows = new ArrayList<>();
    boolean inTable = false;
    for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("#"); j++) {
      String l = lines.get(j).trim();
      if (!l.startsWith("|")) {
        if (inTable) {
          break;
        }
        continue;
      }
      if (!inTable) {
        inTable = true; // the header row
        j++; // and the separator
        continue;
      }
      List<String> cells = new ArrayList<>();
      for (String c : l.substring(1, l.length() - 1).split("\\|")) {
        cells.add(c.trim().replace("`", ""));
      }
      rows.add(cells);
    }
    return rows;
  }

  @Test
  void theAuditVocabularyIsTheEnum() throws Exception {
    List<String> documented = table("## Audit vocabulary").stream().map(r -> r.get(0)).toList();
    List<String> code = new ArrayList<>();
    for (AuditAction a : AuditAction.values()) {
      code.add(a.auditName());
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(code);
    assertThat(code).doesNotHaveDuplicates();
  }
}
