package org.mcxkms.kms.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mcxkms.kms.protocol.KmsProtocolException.Reason;
import org.mcxkms.kms.server.audit.AuditAction;
import org.mcxkms.kms.server.error.KmsErrorCode;

/** docs/server.md lists exactly the KmsError codes and audit actions the code has. */
class DocumentedTablesTest {
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
  void theKmsErrorTableIsTheCodeTable() throws Exception {
    Set<String> documented = new LinkedHashSet<>();
    for (List<String> row : table("## KmsError codes")) {
      documented.add(row.get(0) + " " + row.get(1) + " " + row.get(2));
    }
    Set<String> code = new LinkedHashSet<>();
    for (KmsErrorCode c : KmsErrorCode.values()) {
      if (c != KmsErrorCode.INVALID_DOCUMENT) { // its wire codes are the Reasons'
        code.add(c.code() + " " + c.httpStatus() + " " + c.name());
      }
    }
    for (Reason r : Reason.values()) {
      if (r != Reason.TOO_LARGE) { // answered as BODY_TOO_LARGE
        code.add(r.kmsErrorCode() + " 400 " + r.name());
      }
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(code);
    for (List<String> row : table("## KmsError codes")) {
      for (KmsErrorCode c : KmsErrorCode.values()) {
        if (c.name().equals(row.get(2))) {
          assertThat(row.get(3)).as(c.name()).isEqualTo(c.meaning());
        }
      }
    }
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
