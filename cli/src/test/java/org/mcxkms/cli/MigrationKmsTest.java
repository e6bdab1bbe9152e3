package org.mcxkms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.profile.ProfileKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import picocli.CommandLine;

/**
 * Migration KMSs end to end (TS 33.180 5.3.1) with two KMS instances and the CLI: the operator of
 * domain A lists domain B's KMS as a Migration KMS; Alice's client receives the list in the
 * certificate cache and obtains key material from B with {@code client keyprov --kms}; a KMS the
 * Home KMS did not list (or no longer lists) is refused before anything is sent.
 */
class MigrationKmsTest {
  static final String ALICE = "sip:alice@a.example";
  static final String BOB = "sip:bob@b.example";

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream sysOut = new ByteArrayOutputStream();
    ByteArrayOutputStream sysErr = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(sysOut, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(sysErr, true, StandardCharsets.UTF_8));
      CommandLine cl = new CommandLine(new Main());
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      code = cl.execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Run(code, out + sysOut.toString(StandardCharsets.UTF_8), err + sysErr.toString(StandardCharsets.UTF_8));
  }

  Run ok(String... args) {
    Run r = run(args);
    assertThat(r.code()).as("%s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err()).isZero();
    return r;
  }

  /** The last line of the output (the in-process server logs to the same stdout). */
  static String lastLine(Run r) {
    String[] lines = r.out().strip().split("\n");
    return lines[lines.length - 1].strip();
  }

  KmsServer start(String kmsUri, Path data) throws Exception {
    return KmsServer.start(KmsConfig.builder().set(ConfigKey.DATA_DIR, data.toString())
        .set(ConfigKey.KMS_URI, kmsUri)
        .set(ConfigKey.DB_URL, "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .set(ConfigKey.LISTEN_PORT, 0).set(ConfigKey.ADMIN_PORT, 0).build(), w -> {});
  }

  Path pass() throws Exception {
    Path pass = dir.resolve("pass");
    Files.writeString(pass, "correct horse battery staple\n");
    return pass;
  }

  Path token(Path data, String user, String name) throws Exception {
    Path token = dir.resolve(name + ".token");
    Files.writeString(token, lastLine(ok("admin", "token", "--data-dir", data.toString(), "--user", user)) + "\n");
    return token;
  }

  String[] client(String command, Path profile, Path token, String... more) throws Exception {
    List<String> a = new ArrayList<>(List.of("client", command, "--profile", profile.toString(), "--passphrase-file",
        pass().toString(), "--token-file", token.toString()));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void aClientObtainsKeysFromAListedMigrationKmsAndOnlyFromOne() throws Exception {
    Path dataA = dir.resolve("a");
    Path dataB = dir.resolve("b");
    try (KmsServer a = start("kms.a.example", dataA); KmsServer b = start("kms.b.example", dataB)) {
      ok("admin", "add-user", "--data-dir", dataA.toString(), ALICE);
      ok("admin", "add-user", "--data-dir", dataB.toString(), ALICE); // B authorises the migrated user

      // Refused additions name their reason and store nothing.
      Run http = run("admin", "migration-kms", "add", "--data-dir", dataA.toString(), "kms.b.example",
          "http://kms.b.example/keymanagement/identity/v1");
      assertThat(http.code()).isNotZero();
      assertThat(http.out() + http.err()).contains("invalid").contains("https");
      Run own = run("admin", "migration-kms", "add", "--data-dir", dataA.toString(), "kms.a.example",
          a.kmsUrl().toString());
      assertThat(own.code()).isNotZero();
      assertThat(own.out() + own.err()).contains("own_kms");
      assertThat(lastLine(ok("admin", "migration-kms", "list", "--data-dir", dataA.toString())).replace(" ", ""))
          .isEqualTo("[]");

      ok("admin", "migration-kms", "add", "--data-dir", dataA.toString(), "kms.b.example", b.kmsUrl().toString(),
          "--tls-fingerprint", b.tls().fingerprint());
      Run twice = run("admin", "migration-kms", "add", "--data-dir", dataA.toString(), "kms.b.example",
          b.kmsUrl().toString());
      assertThat(twice.code()).isNotZero();
      assertThat(twice.out() + twice.err()).contains("already_listed");
      assertThat(ok("admin", "migration-kms", "list", "--data-dir", dataA.toString()).out())
          .contains("kms.b.example").contains(b.kmsUrl().toString());

      // Alice's client at her Home KMS A, before it has fetched the certificate cache.
      Path alice = dir.resolve("alice");
      Path tokenA = token(dataA, ALICE, "alice-a");
      Path tokenB = token(dataB, ALICE, "alice-b");
      ok(client("init", alice, tokenA, "--kms-url", a.kmsUrl().toString(), "--user", ALICE, "--tls-fingerprint",
          a.tls().fingerprint(), "--argon2-memory-kib", "256", "--argon2-iterations", "1"));
      ok(client("keyprov", alice, tokenA));
      Run notYet = run(client("keyprov", alice, tokenB, "--kms", "kms.b.example", "--json"));
      assertThat(notYet.code()).as(notYet.out() + notYet.err()).isEqualTo(5);
      assertThat(notYet.out()).contains("NOT_PERMITTED").contains("not a Migration KMS");
      assertThat(ok("admin", "audit", "--data-dir", dataB.toString()).out())
          .as("the refused request never reached B").doesNotContain("keyprov");

      Run cache = ok(client("certcache", alice, tokenA, "--json"));
      assertThat(cache.out()).contains("\"migration_kms\"").contains("kms.b.example")
          .contains(b.tls().fingerprint().replace(":", "").toLowerCase(Locale.ROOT));

      Run unlisted = run(client("keyprov", alice, tokenB, "--kms", "kms.c.example", "--json"));
      assertThat(unlisted.code()).isEqualTo(5);
      assertThat(unlisted.out()).contains("NOT_PERMITTED").contains("kms.c.example").contains("kms.b.example");

      Run migrated = ok(client("keyprov", alice, tokenB, "--kms", "kms.b.example", "--json"));
      assertThat(migrated.out()).containsPattern("\"kms_uri\"\\s*:\\s*\"kms\\.b\\.example\"")
          .containsPattern("\"identity\"\\s*:\\s*\"" + ALICE + "\"");
      assertThat(ok("admin", "audit", "--data-dir", dataB.toString()).out()).contains("keyprov");

      // The Migration KMS's certificate and key material are kept beside the home profile; home is untouched.
      Path migrationDir;
      try (Stream<Path> s = Files.list(alice.resolve("migration"))) {
        migrationDir = s.findFirst().orElseThrow();
      }
      try (KeyProfile m = KeyProfile.open(migrationDir, ProfileKey.passphrase("correct horse battery staple".toCharArray()));
          KeyProfile home = KeyProfile.open(alice, ProfileKey.passphrase("correct horse battery staple".toCharArray()))) {
        assertThat(m.certificate().orElseThrow().kmsUri()).isEqualTo("kms.b.example");
        assertThat(m.keySets()).isNotEmpty().allSatisfy(k -> assertThat(k.identity()).isEqualTo(ALICE));
        assertThat(home.certificate().orElseThrow().kmsUri()).isEqualTo("kms.a.example");
        assertThat(home.migrationKmss()).extracting(k -> k.kmsUri()).containsExactly("kms.b.example");
      }
      // A second run reuses the Migration KMS profile (its certificate stays pinned).
      ok(client("keyprov", alice, tokenB, "--kms", "kms.b.example"));

      // The operator withdraws B: after the next certificate cache the client refuses it.
      ok("admin", "migration-kms", "remove", "--data-dir", dataA.toString(), "kms.b.example");
      ok(client("certcache", alice, tokenA));
      Run withdrawn = run(client("keyprov", alice, tokenB, "--kms", "kms.b.example", "--json"));
      assertThat(withdrawn.code()).isEqualTo(5);
      assertThat(withdrawn.out()).contains("NOT_PERMITTED");
    }
  }
}
