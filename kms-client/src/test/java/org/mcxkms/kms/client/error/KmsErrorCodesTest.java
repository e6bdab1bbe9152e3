package org.mcxkms.kms.client.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mcxkms.kms.protocol.KmsError;

/** The client's code table equals the documented one, and refusals carry the meaning. */
class KmsErrorCodesTest {
  private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| (\\d+) \\| `(\\w+)` \\| (.*) \\|$");

  /** The KmsError table of docs/server.md (kept equal to the server's codes by the server's DocsTest). */
  static Map<Integer, KmsErrorCodes.Entry> documented() throws Exception {
    Map<Integer, KmsErrorCodes.Entry> out = new LinkedHashMap<>();
    boolean in = false;
    for (String line : Files.readAllLines(Path.of("..", "docs", "server.md"))) {
      if (line.startsWith("## ")) {
        in = line.equals("## KmsError codes");
        continue;
      }
      Matcher m = in ? ROW.matcher(line) : null;
      if (m != null && m.matches()) {
        int code = Integer.parseInt(m.group(1));
        String meaning = m.group(4).replace(" (kms-protocol)", "").replace("`", "");
        out.put(code, new KmsErrorCodes.Entry(code, Integer.parseInt(m.group(2)), m.group(3), meaning));
      }
    }
    return out;
  }

  @Test
  void theClientTableIsTheDocumentedOne() throws Exception {
    Map<Integer, KmsErrorCodes.Entry> docs = documented();
    assertThat(docs).hasSizeGreaterThan(30);
    assertThat(KmsErrorCodes.all()).as("regenerate KmsErrorCodes from docs/server.md").isEqualTo(docs);
  }

  @Test
  void aRefusalNamesTheCodeAndItsMeaning() {
    KmsErrorException e = new KmsErrorException(403, new KmsError(402, "revoked"), "https://kms/x", null);
    assertThat(e.getMessage()).contains("KmsError 402").contains("IDENTITY_REVOKED: the identity's key material is revoked");
    KmsErrorException unknown = new KmsErrorException(400, new KmsError(7777, "vendor"), "https://kms/x", null);
    assertThat(unknown.getMessage()).endsWith("KmsError 7777 vendor");
    assertThat(KmsErrorCodes.explain(1L << 40)).isEmpty();
  }
}
