package org.mcxkms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.config.SecureFiles;
import picocli.CommandLine;

/**
 * {@code admin backup} through a running server and {@code admin restore} into another node's empty
 * data directory, which then serves the same domain, identities and certificates.
 */
class AdminBackupTest {
  @TempDir Path dir;
  private static final ObjectMapper JSON = new ObjectMapper();

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

  private static KmsConfig node(Path data) {
    return KmsConfig.builder().set(ConfigKey.DATA_DIR, data.toString()).set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0).build();
  }

  @Test
  void backupFromOneNodeRestoresIntoAnother() throws Exception {
    Path a = dir.resolve("a");
    Path file = dir.resolve("kms.backup");
    JsonNode domainA;
    try (KmsServer server = KmsServer.start(node(a), w -> {})) {
      String d = a.toString();
      assertThat(run("admin", "add-user", "--data-dir", d, "sip:alice@example.org").exit()).isZero();
      assertThat(run("admin", "add-server", "--data-dir", d, "sip:gms@example.org").exit()).isZero();
      assertThat(run("admin", "grant", "--data-dir", d, "sip:gms@example.org", "sip:alice@example.org").exit()).isZero();
      assertThat(run("admin", "rotate", "--data-dir", d).exit()).isZero();
      domainA = JSON.readTree(run("admin", "domain", "--data-dir", d).out());

      Run backup = run("admin", "backup", "--data-dir", d, file.toString());
      assertThat(backup.exit()).as(backup.err()).isZero();
      JsonNode b = JSON.readTree(backup.out());
      assertThat(b.has("archive")).isFalse();
      assertThat(b.get("file").asText()).isEqualTo(file.toString());
      assertThat(b.get("counts").get("identities").asLong()).isEqualTo(2);
      assertThat(b.get("counts").get("certificates").asLong()).isEqualTo(2);
      assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.size(file)).isEqualTo(b.get("octets").asLong());

      Run again = run("admin", "backup", "--data-dir", d, file.toString());
      assertThat(again.exit()).isEqualTo(2);
      assertThat(again.err()).contains("refusing to overwrite");
      assertThat(run("admin", "audit", "--data-dir", d, "--limit", "5").out()).contains("admin.backup");
    }

    // Node B: an empty data directory with only the seal key file of node A.
    Path bDir = dir.resolve("b");
    SecureFiles.ensureDirectory(bDir);
    SecureFiles.writeSecret(bDir.resolve("seal.key"), SecureFiles.readSecret(a.resolve("seal.key")));
    Run restore = run("admin", "restore", "--data-dir", bDir.toString(), file.toString());
    assertThat(restore.exit()).as(restore.err()).isZero();
    assertThat(restore.out()).contains("restored archive").contains("identities: 2").contains("audit chain intact");

    Run twice = run("admin", "restore", "--data-dir", bDir.toString(), file.toString());
    assertThat(twice.exit()).isEqualTo(1);
    assertThat(twice.err()).contains("refused (store_not_empty)");

    try (KmsServer server = KmsServer.start(node(bDir), w -> {})) {
      String d = bDir.toString();
      JsonNode domainB = JSON.readTree(run("admin", "domain", "--data-dir", d).out());
      assertThat(domainB.get("domain_id")).isEqualTo(domainA.get("domain_id"));
      assertThat(domainB.get("certificates")).isEqualTo(domainA.get("certificates"));
      assertThat(run("admin", "show", "--data-dir", d, "sip:gms@example.org").out()).contains("sip:alice@example.org");
      assertThat(run("admin", "audit", "--data-dir", d, "--limit", "50").out()).contains("admin.restore");
      Run verify = run("admin", "audit", "verify", "--data-dir", d);
      assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
      assertThat(verify.out()).contains("audit chain intact");
    }

    // A node with another seal key cannot restore it.
    Path cDir = dir.resolve("c");
    Run wrongKey = run("admin", "restore", "--data-dir", cDir.toString(), file.toString());
    assertThat(wrongKey.exit()).isEqualTo(1);
    assertThat(wrongKey.err()).contains("refused (seal_key)").contains("does not exist");
    assertThat(Files.exists(cDir.resolve("seal.key"))).isFalse();
  }
}
