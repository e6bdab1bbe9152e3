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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import picocli.CommandLine;

/**
 * Two security domains end to end, as two operators and their users would do it with the CLI: each
 * KMS exports its certificate, each operator imports the other's with its fingerprint, the clients
 * fetch key material and the certificate cache, and a PCK from a user of domain A to a user of
 * domain B and a GMK from the GMS of domain A to a member in domain B are accepted; a client that was not given domain A refuses it with UNKNOWN_KMS.
 */
class TwoDomainsTest {
  static final String ALICE = "sip:alice@a.example";
  static final String BOB = "sip:bob@b.example";
  static final String GMS = "sip:gms@a.example";

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

  /** A provisioned client profile of {@code user} at {@code server}, with or without the certificate cache. */
  Path provision(KmsServer server, Path data, String user, String name, boolean certCache) throws Exception {
    Path pass = dir.resolve("pass");
    Files.writeString(pass, "correct horse battery staple\n");
    Path token = dir.resolve(name + ".token");
    Files.writeString(token, lastLine(ok("admin", "token", "--data-dir", data.toString(), "--user", user)) + "\n");
    Path profile = dir.resolve(name);
    List<String> common = List.of("--profile", profile.toString(), "--passphrase-file", pass.toString(),
        "--token-file", token.toString());
    List<String> init = new ArrayList<>(List.of("client", "init"));
    init.addAll(common);
    init.addAll(List.of("--kms-url", server.kmsUrl().toString(), "--user", user, "--tls-fingerprint",
        server.tls().fingerprint(), "--argon2-memory-kib", "256", "--argon2-iterations", "1"));
    ok(init.toArray(String[]::new));
    List<String> keyprov = new ArrayList<>(List.of("client", "keyprov"));
    keyprov.addAll(common);
    ok(keyprov.toArray(String[]::new));
    if (certCache) {
      List<String> cc = new ArrayList<>(List.of("client", "certcache"));
      cc.addAll(common);
      ok(cc.toArray(String[]::new));
    }
    return profile;
  }

  @Test
  void aPckAndAGmkCrossFromDomainAToDomainB() throws Exception {
    Path dataA = dir.resolve("a");
    Path dataB = dir.resolve("b");
    try (KmsServer a = start("kms.a.example", dataA); KmsServer b = start("kms.b.example", dataB)) {
      ok("admin", "add-user", "--data-dir", dataA.toString(), ALICE);
      ok("admin", "add-user", "--data-dir", dataB.toString(), BOB);
      ok("admin", "add-server", "--data-dir", dataA.toString(), GMS);

      // The operators exchange certificates and compare fingerprints out of band.
      Path certA = dir.resolve("a.xml");
      Path certB = dir.resolve("b.xml");
      String[] exportA = lastLine(ok("admin", "external-kms", "export", "--data-dir", dataA.toString(), certA.toString())).split(" ");
      String[] exportB = lastLine(ok("admin", "external-kms", "export", "--data-dir", dataB.toString(), certB.toString())).split(" ");
      assertThat(exportA[0]).isEqualTo("kms.a.example");
      assertThat(lastLine(ok("admin", "external-kms", "fingerprint", certA.toString())))
          .isEqualTo("kms.a.example " + exportA[1]);
      ok("admin", "external-kms", "add", "--data-dir", dataA.toString(), certB.toString(), exportB[1]);
      ok("admin", "external-kms", "add", "--data-dir", dataB.toString(), certA.toString(), exportA[1]);

      Path alice = provision(a, dataA, ALICE, "alice", true);
      Path bob = provision(b, dataB, BOB, "bob", true);
      Path bobWithoutCache = provision(b, dataB, BOB, "bob-no-cache", false);
      Path pass = dir.resolve("pass");

      Run created = ok("mikey", "create", "--type", "pck", "--profile", alice.toString(), "--passphrase-file",
          pass.toString(), "--to", BOB, "--receiver-kms-uri", "kms.b.example", "--key", "00112233445566778899aabbccddeeff",
          "--json");
      String message = created.out().replaceAll("(?s).*\"imessage\"\\s*:\\s*\"([^\"]+)\".*", "$1");
      assertThat(message).isNotBlank().doesNotContain("{");

      Run read = ok("mikey", "read", "--profile", bob.toString(), "--passphrase-file", pass.toString(),
          "--from", ALICE, "--json", "--show-key", message);
      assertThat(read.out()).contains("00112233445566778899aabbccddeeff").contains("kms.a.example");

      // A GMK from the GMS of domain A to a member in domain B.
      Path gms = provision(a, dataA, GMS, "gms", true);
      Run gmk = ok("mikey", "create", "--type", "gmk", "--profile", gms.toString(), "--passphrase-file",
          pass.toString(), "--to", BOB, "--receiver-kms-uri", "kms.b.example", "--key", "ffeeddccbbaa99887766554433221100",
          "--json");
      String gmkMessage = gmk.out().replaceAll("(?s).*\"imessage\"\\s*:\\s*\"([^\"]+)\".*", "$1");
      Run member = ok("mikey", "read", "--profile", bob.toString(), "--passphrase-file", pass.toString(),
          "--from", GMS, "--json", "--show-key", gmkMessage);
      assertThat(member.out()).contains("ffeeddccbbaa99887766554433221100").contains("GMK");

      Run refused = run("mikey", "read", "--profile", bobWithoutCache.toString(), "--passphrase-file", pass.toString(),
          "--from", ALICE, message);
      assertThat(refused.code()).isNotZero();
      assertThat(refused.out() + refused.err()).contains("UNKNOWN_KMS");
    }
  }
}
