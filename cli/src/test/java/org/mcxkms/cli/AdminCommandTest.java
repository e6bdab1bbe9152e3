package org.mcxkms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.domain.StartupException;
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

  @Test
  void helpWorksOnEveryAdminSubcommand() {
    CommandLine admin = new CommandLine(new Main()).getSubcommands().get("admin");
    List<List<String>> paths = new ArrayList<>();
    collect(admin, new ArrayList<>(List.of("admin")), paths);
    assertThat(paths).hasSizeGreaterThan(15).anySatisfy(p -> assertThat(p).containsExactly("admin", "token"))
        .anySatisfy(p -> assertThat(p).containsExactly("admin", "audit", "verify"));
    for (List<String> p : paths) {
      List<String> args = new ArrayList<>(p);
      args.add("--help");
      Run r = run(args.toArray(String[]::new));
      assertThat(r.exit()).as("%s: %s", args, r.err()).isZero();
      assertThat(r.out()).as("%s", args).contains("Usage: mcx-kms " + String.join(" ", p));
      assertThat(r.err()).as("%s", args).isEmpty();
    }
  }

  private static void collect(CommandLine c, List<String> path, List<List<String>> out) {
    for (Map.Entry<String, CommandLine> e : c.getSubcommands().entrySet()) {
      List<String> p = new ArrayList<>(path);
      p.add(e.getKey());
      out.add(p);
      collect(e.getValue(), p, out);
    }
  }

  @Test
  void auditVerifyFindsATamperedRecordAndExportWritesJsonLines() throws Exception {
    Path data = dir.resolve("data3");
    String db = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (KmsServer server = KmsServer.start(KmsConfig.builder().set(ConfigKey.DATA_DIR, data.toString())
        .set(ConfigKey.DB_URL, db).set(ConfigKey.LISTEN_PORT, 0).set(ConfigKey.ADMIN_PORT, 0).build(), w -> {})) {
      String d = data.toString();
      for (int i = 0; i < 5; i++) {
        assertThat(run("admin", "add-user", "--data-dir", d, "sip:u" + i + "@example.org").exit()).isZero();
      }
      Run ok = run("admin", "audit", "verify", "--data-dir", d);
      assertThat(ok.exit()).as(ok.err()).isZero();
      // every admin action writes two records: "requested" before it acts, then its outcome
      assertThat(ok.out()).startsWith("audit chain intact: records 1 to 10");

      Path file = dir.resolve("trail.jsonl");
      Run export = run("admin", "audit", "export", "--data-dir", d, "--out", file.toString());
      assertThat(export.exit()).as(export.err()).isZero();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      List<String> lines = Files.readAllLines(file);
      assertThat(lines).hasSizeGreaterThanOrEqualTo(11); // five adds (two records each) and the verify
      ObjectMapper json = new ObjectMapper();
      for (int i = 0; i < lines.size(); i++) {
        assertThat(json.readTree(lines.get(i)).get("seq").asLong()).isEqualTo(i + 1L);
      }
      assertThat(json.readTree(lines.get(5)).get("identity").asText()).isEqualTo("sip:u2@example.org");

      try (Connection c = DriverManager.getConnection(db); Statement st = c.createStatement()) {
        st.executeUpdate("UPDATE kms_audit SET identity = 'sip:someone-else@example.org' WHERE seq = 3");
      }
      Run broken = run("admin", "audit", "verify", "--data-dir", d);
      assertThat(broken.exit()).isEqualTo(3);
      assertThat(broken.out()).contains("BROKEN at record 3").contains("record 3 was altered");

      try (Connection c = DriverManager.getConnection(db); Statement st = c.createStatement()) {
        st.executeUpdate("DELETE FROM kms_audit WHERE seq = 3");
      }
      Run missing = run("admin", "audit", "verify", "--data-dir", d);
      assertThat(missing.exit()).isEqualTo(3);
      assertThat(missing.out()).contains("record 3 is missing");
    }
  }

  @Test
  void serveSuggestsCommandsThatWorkAsPrinted() throws Exception {
    Path data = dir.resolve("data4");
    try (KmsServer server = KmsServer.start(KmsConfig.builder().set(ConfigKey.DATA_DIR, data.toString())
        .set(ConfigKey.LISTEN_PORT, 0).set(ConfigKey.ADMIN_PORT, 0).build(), w -> {})) {
      String tryIt = ServeCommand.tryIt(server);
      assertThat(tryIt).contains("admin add-user --data-dir " + server.config().dataDir() + " sip:alice@example.org")
          .contains("admin token --data-dir " + server.config().dataDir() + " --user");
      assertThat(server.banner()).contains(server.tlsFingerprintFile().toString());
      assertThat(Files.readString(server.tlsFingerprintFile()).trim()).isEqualTo(server.tls().fingerprint());
    }
    Path jwks = dir.resolve("idm.jwks");
    Files.writeString(jwks, new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("k").generate().toPublicJWK()).toString());
    Path data5 = dir.resolve("data5");
    try (KmsServer server = KmsServer.start(KmsConfig.builder().set(ConfigKey.DATA_DIR, data5.toString())
        .set(ConfigKey.AUTH_JWKS, jwks.toString()).set(ConfigKey.AUTH_ISSUER, "https://idm.example.org")
        .set(ConfigKey.LISTEN_PORT, 0).set(ConfigKey.ADMIN_PORT, 0).build(), w -> {})) {
      String tryIt = ServeCommand.tryIt(server);
      assertThat(tryIt).doesNotContain("admin token").contains("from your IdM (https://idm.example.org)");
    }
  }

  @Test
  void aDataDirectoryWithLoosePermissionsIsTightenedAtStart() throws Exception {
    Path data = dir.resolve("loose");
    try (KmsServer server = KmsServer.start(KmsConfig.builder().set(ConfigKey.DATA_DIR, data.toString())
        .set(ConfigKey.LISTEN_PORT, 0).set(ConfigKey.ADMIN_PORT, 0).build(), w -> {})) {
      assertThat(server.adminTokenFile()).exists();
    }
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (var files = Files.walk(data)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p)) {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
    }
    List<String> warnings = new ArrayList<>();
    try (KmsServer server = KmsServer.start(KmsConfig.builder().set(ConfigKey.DATA_DIR, data.toString())
        .set(ConfigKey.LISTEN_PORT, 0).set(ConfigKey.ADMIN_PORT, 0).build(), warnings::add)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("db").resolve("kms.mv.db"))))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.adminTokenFile())))
          .isEqualTo("rw-------");
      assertThat(warnings).anySatisfy(w -> assertThat(w).contains("admin.token").contains("restricted"));
    }
  }

  @Test
  void externalKmsCertificatesAreImportedOnlyWithTheirFingerprint() throws Exception {
    Path data = dir.resolve("ext");
    java.security.SecureRandom random = new java.security.SecureRandom();
    org.mcxkms.kms.protocol.KmsCertificate partner = org.mcxkms.kms.protocol.KmsCertificate.builder()
        .version("1.1.0").role(org.mcxkms.kms.protocol.KmsCertificate.Role.ROOT).kmsUri("kms.partner.example")
        .userIdFormat("2").userKeyPeriod(2_592_000).userKeyOffset(0)
        .pubAuthKey(org.mcxkms.crypto.eccsi.EccsiKmsKey.generate(random).kpak().toByteArray())
        .pubEncKey(org.mcxkms.crypto.sakke.SakkeKmsKey.generate(random).publicKey().toByteArray())
        .parameterSet(1).build();
    Path cert = dir.resolve("partner.xml");
    Files.write(cert, org.mcxkms.kms.protocol.KmsXmlWriter.create().write(partner));
    try (KmsServer server = KmsServer.start(KmsConfig.builder().set(ConfigKey.DATA_DIR, data.toString())
        .set(ConfigKey.LISTEN_PORT, 0).set(ConfigKey.ADMIN_PORT, 0).build(), w -> {})) {
      String d = data.toString();
      Run fp = run("admin", "external-kms", "fingerprint", cert.toString());
      assertThat(fp.exit()).as(fp.err()).isZero();
      assertThat(fp.out().trim()).matches("kms\\.partner\\.example [0-9a-f]{64}");
      String fingerprint = fp.out().trim().split(" ")[1];

      Run wrong = run("admin", "external-kms", "add", "--data-dir", d, cert.toString(), "00".repeat(32));
      assertThat(wrong.exit()).isEqualTo(1);
      assertThat(wrong.err()).contains("fingerprint_mismatch");
      assertThat(run("admin", "external-kms", "list", "--data-dir", d).out().trim()).isEqualTo("[ ]");

      Run add = run("admin", "external-kms", "add", "--data-dir", d, cert.toString(), fingerprint);
      assertThat(add.exit()).as(add.err()).isZero();
      assertThat(add.out()).contains("\"kms_uri\" : \"kms.partner.example\"").contains(fingerprint);
      assertThat(run("admin", "external-kms", "list", "--data-dir", d).out()).contains("kms.partner.example");

      assertThat(run("admin", "external-kms", "remove", "--data-dir", d, "kms.partner.example").exit()).isZero();
      assertThat(run("admin", "external-kms", "remove", "--data-dir", d, "kms.partner.example").exit()).isEqualTo(1);
      assertThat(run("admin", "external-kms", "list", "--data-dir", d).out().trim()).isEqualTo("[ ]");
    }
  }

  @Test
  void rotateKekMovesTheSealToANewKeyFileAndKeepsTheOldOne() throws Exception {
    Path data = dir.resolve("kek");
    Path oldKey = data.resolve("seal.key");
    Path newKey = dir.resolve("seal-2.key");
    KmsConfig.Builder cfg = KmsConfig.builder().set(ConfigKey.DATA_DIR, data.toString())
        .set(ConfigKey.LISTEN_PORT, 0).set(ConfigKey.ADMIN_PORT, 0);
    String before;
    try (KmsServer server = KmsServer.start(cfg.build(), w -> {})) {
      String d = data.toString();
      before = server.store().certificates().get(0).sealedSecrets();
      assertThat(run("admin", "rotate-kek", "--data-dir", d).exit()).isEqualTo(2);
      assertThat(run("admin", "rotate-kek", "--data-dir", d, "--to-key-file", newKey.toString(), "--generate").exit())
          .isEqualTo(2);
      Run same = run("admin", "rotate-kek", "--data-dir", d, "--to-key-file", oldKey.toString());
      assertThat(same.exit()).isEqualTo(1);
      assertThat(same.err()).contains("already sealed by that key");
      Run moved = run("admin", "rotate-kek", "--data-dir", d, "--to-key-file", newKey.toString());
      assertThat(moved.exit()).as(moved.err()).isZero();
      assertThat(moved.out()).contains("\"from\" : \"keyfile\"").contains("\"certificates\" : 1")
          .contains("\"audit_key\" : true");
      assertThat(server.store().certificates().get(0).sealedSecrets()).isNotEqualTo(before);
    }
    assertThat(oldKey).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(newKey))).isEqualTo("rw-------");
    try (KmsServer again = KmsServer.start(cfg.set(ConfigKey.SEAL_KEY_FILE, newKey.toString()).build(), w -> {})) {
      assertThat(again.domain().certificates()).hasSize(1);
    }
    try {
      KmsServer.start(cfg.set(ConfigKey.SEAL_KEY_FILE, oldKey.toString()).build(), w -> {}).close();
      throw new AssertionError("started with the old key file");
    } catch (StartupException e) {
      assertThat(e.getMessage()).contains("wrong seal key file");
    }
  }
}
