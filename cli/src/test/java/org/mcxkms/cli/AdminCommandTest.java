package org.mcxkms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import picocli.CommandLine;

/** The admin CLI against a real server over HTTPS, and serve failing closed. */
class AdminCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = new CommandLine(new Main()).execute(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void adminCommandsTalkToTheServer() throws Exception {
    Path data = dir.resolve("data");
    try (KmsServer server = KmsServer.start(KmsConfig.builder().set(ConfigKey.DATA_DIR, data.toString())
        .set(ConfigKey.LISTEN_PORT, 0).set(ConfigKey.ADMIN_PORT, 0).build(), w -> {})) {
      String d = data.toString();
      Run add = run("admin", "add-user", "--data-dir", d, "sip:alice@example.org");
      assertThat(add.exit()).as(add.err()).isZero();
      assertThat(add.out()).contains("\"status\" : \"enabled\"");
      assertThat(run("admin", "add-user", "--data-dir", d, "sip:alice@example.org").exit()).isEqualTo(1);
      assertThat(run("admin", "add-server", "--data-dir", d, "sip:gms@example.org").exit()).isZero();
      Run grant = run("admin", "grant", "--data-dir", d, "sip:gms@example.org", "sip:alice@example.org");
      assertThat(grant.out()).contains("sip:alice@example.org");
      assertThat(run("admin", "list", "--data-dir", d).out()).contains("sip:gms@example.org");

      Run token = run("admin", "token", "--data-dir", d, "--user", "sip:alice@example.org");
      assertThat(token.exit()).isZero();
      assertThat(token.out().trim()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

      Run pinned = run("admin", "domain", "--data-dir", d, "--fingerprint", server.tls().fingerprint());
      assertThat(pinned.exit()).isZero();
      assertThat(pinned.out()).contains("kms.mcx.local");
      Run wrongPin = run("admin", "domain", "--data-dir", d, "--fingerprint", "00".repeat(32));
      assertThat(wrongPin.exit()).isEqualTo(1);
      assertThat(wrongPin.err()).contains("TLS");

      Run key = run("admin", "add-key", "--data-dir", d, "--kind", "ink", "--id", "ink.1", "sip:alice@example.org");
      assertThat(key.exit()).as(key.err()).isZero();
      assertThat(key.out()).contains("\"key_id\" : \"ink.1\"").containsPattern("\"key_hex\" : \"[0-9a-f]{64}\"");
      assertThat(run("admin", "keys", "--data-dir", d, "sip:alice@example.org").out()).contains("ink.1").doesNotContain("key_hex");
      assertThat(run("admin", "remove-key", "--data-dir", d, "ink.1").exit()).isZero();
      assertThat(run("admin", "remove-key", "--data-dir", d, "ink.1").exit()).isEqualTo(1);

      Run revoke = run("admin", "revoke", "--data-dir", d, "sip:alice@example.org");
      assertThat(revoke.out()).contains("\"status\" : \"revoked\"");
      assertThat(run("admin", "audit", "--data-dir", d, "--limit", "5").out()).contains("admin.identities.revoke");
    }
    Run noServer = run("admin", "list", "--data-dir", dir.resolve("nothing").toString());
    assertThat(noServer.exit()).isNotZero();
  }

  @Test
  void serveRefusesAWrongSealKeyWithAClearMessageAndNonZeroExit() throws Exception {
    Path data = dir.resolve("data2");
    KmsServer.start(KmsConfig.builder().set(ConfigKey.DATA_DIR, data.toString()).set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0).build(), w -> {}).close();
    Files.writeString(data.resolve("seal.key"), "11".repeat(32) + "\n");
    Run serve = run("serve", "--data-dir", data.toString(), "--port", "0", "--admin-port", "0");
    assertThat(serve.exit()).isEqualTo(1);
    assertThat(serve.err()).contains("refusing to start").contains("wrong seal key file");
  }
}
