package org.mcxkms.cli.mikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.cli.Main;
import picocli.CommandLine;

/** {@code mcx-kms mikey} end to end, in process. */
class MikeyCommandTest {
  /** Streamwide Test 3 (PCK alice -> bob): the vendor I_MESSAGE published with its keys. */
  private static final String TEST3 =
      "mikey ARoFARaZJjgAAQsA7ImNqAAAAAAOEAKii92vmExeBWO8HOhX34MOCAEAILXEUjCSGdpqPYBWFVSNbBsPTeRaa0j7E9miTYV/wD3EDgkBACB4CFHNqRqcM/lBzTooMWl+KJMmR1TjY/igzvgn6yAagQ4GAQAYa21zLm15ZGV2LnN0cmVhbXdpZGUuY29tCgcBABhrbXMubXlkZXYuc3RyZWFtd2lkZS5jb20aAAAAGwABBgEBEAIBBAQBDAUBAAYBABIBBBMBABQBEBUBAgERBF0yVtvyB49KhE+ao3Hj8W+gNROh57Tk5/9BWa2jNv1YLxYpBxV7206wlv/WHWlzz+NgptVcWgECwaekKAGURuP4TA+dRQpkGvqW8wImX2EF8Zjy+a1pOZMZ3YFAYRiYEAAGmOByWKdDDOT0TfgL2pPFXS1CvZ/bZtQL03Q8fL/JInBbnv4dSYiJ9/fkeeqg37yIRsjA3Xfds7k/2o4f0s4NisOs74F2xjE12l3/764H+g1y2rAMAWkjaJbS9jbVfZNGDauoRhq8zuXEXH1c5ftqs4VEPeOPmWjAkW1rQe8KxkZbmtrygtNpBIXVeZZEyorzD+MyQ2zL9xoGVs8cToze4NOxYt19SOInSpGO5Q0vBAcAREMAAAAAAQAAAAAAAfb0FW9YVClhy8qPsQ5m8WcWmSY4AAAhpTVAAi78zLNoUFiVPGjByx4N9U9gccPiQl1eiCiFLm8BIIFAPW9oE9lYM5oS5nQS9bWbJzGv+vWNAh2uUWmyG/OTGMeFzAD0JFMB6zcf7ck7GFns2OEPIGGx+7046le+CihyBCbNiwozr5s4HuU+vGhBrtXByY+w0r65x/+Y18eYCNH1ZmWfa3NQFhkt2ZhN9W5U8/lcdqxGOMHz0yKPPHUsjMg=";

  private static final class Run {
    final int code;
    final String out;
    final String err;

    Run(int code, String out, String err) {
      this.code = code;
      this.out = out;
      this.err = err;
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static String resource(String name) throws URISyntaxException {
    return Path.of(MikeyCommandTest.class.getResource("/mikey/" + name).toURI()).toString();
  }

  @Test
  void readsStreamwideTest3AsBob() throws Exception {
    Run r = run("mikey", "read", "--keys", resource("streamwide-bob.properties"), "--time", "2025-10-02T23:47:53Z",
        "--from", "sip:alice@streamwide.com", "--show-key", "--json", TEST3);
    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out).contains("\"purpose\": \"PCK\"", "\"keyId\": \"16992638\"",
        "\"rand\": \"02a28bddaf984c5e0563bc1ce857df83\"", "\"key\": \"b4c96b703acd5c1bf7d4cc45068d9965\"");
    // Without --show-key the key is not printed.
    Run quiet = run("mikey", "read", "--keys", resource("streamwide-bob.properties"), "--time", "2025-10-02T23:47:53Z", TEST3);
    assertThat(quiet.code).isZero();
    assertThat(quiet.out).contains("keyId: 16992638").doesNotContain("b4c96b703acd5c1bf7d4cc45068d9965");
  }

  @Test
  void refusesAStaleMessageAndOneForSomebodyElse() throws Exception {
    Run stale = run("mikey", "read", "--keys", resource("streamwide-bob.properties"), TEST3);
    assertThat(stale.code).isEqualTo(1);
    assertThat(stale.err).contains("STALE");
    Run other = run("mikey", "read", "--keys", resource("streamwide-alice.properties"), "--no-freshness", TEST3);
    assertThat(other.code).isEqualTo(1);
    assertThat(other.err).contains("NOT_FOR_ME");
  }

  @Test
  void decodesWithoutKeys() {
    Run r = run("mikey", "read", "--json", TEST3);
    assertThat(r.code).isZero();
    assertThat(r.out).contains("\"csbId\": \"16992638\"", "\"role\": \"IDRuidr\"", "\"length\": 683").doesNotContain("accepted");
  }

  @Test
  void demoKeysCreateAndRead(@TempDir Path dir) throws Exception {
    Run keys = run("mikey", "demo-keys", "--out", dir.toString(), "--time", "2026-03-01T00:00:00Z",
        "sip:gms@example.org", "sip:carol@example.org");
    assertThat(keys.code).as(keys.err).isZero();
    assertThat(Files.readString(dir.resolve("kms.properties"))).contains("kms.kpak=04").doesNotContain("ssk");
    Run created = run("mikey", "create", "--type", "gmk", "--keys", dir.resolve("gms_example.org.properties").toString(),
        "--to", "sip:carol@example.org", "--key", "00112233445566778899aabbccddeeff", "--key-id", "0abcdef1",
        "--time", "2026-03-01T00:00:10Z");
    assertThat(created.code).as(created.err).isZero();
    String message = created.out.lines().findFirst().orElseThrow();
    assertThat(message).startsWith("mikey ARoF");
    Run read = run("mikey", "read", "--keys", dir.resolve("carol_example.org.properties").toString(),
        "--time", "2026-03-01T00:01:00Z", "--from", "sip:gms@example.org", "--show-key", message);
    assertThat(read.code).as(read.err).isZero();
    assertThat(read.out).contains("purpose: GMK", "keyId: 0abcdef1", "key: 00112233445566778899aabbccddeeff");
  }
}
