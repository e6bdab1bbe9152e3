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
import org.mcxkms.testkit.TestPki;
import picocli.CommandLine;

/**
 * KMS Redirect Responses end to end with the CLI (TS 33.180 5.2.8, 5.3.1, D.4): Bob of domain B,
 * whose client was not given domain A, refuses Alice's I_MESSAGE keyed by kms.a.example and writes
 * a KRR signed with his X.509 credential; the KRR shows as verified against B's CA and not against
 * A's alone; Alice uploads it to her Home KMS, whose operator lists it.
 */
class RedirectCliTest {
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

  KmsServer start(String kmsUri, Path data, Path krrAnchors) throws Exception {
    return KmsServer.start(KmsConfig.builder().set(ConfigKey.DATA_DIR, data.toString())
        .set(ConfigKey.KRR_TRUST_ANCHORS, krrAnchors.toString())
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
  void aRefusedIMessageYieldsAKrrThatTheInitiatorUploads() throws Exception {
    TestPki caA = TestPki.create("CA of domain A");
    TestPki caB = TestPki.create("CA of domain B");
    Path anchorsA = dir.resolve("anchors-a.pem");
    Files.writeString(anchorsA, TestPki.pem(List.of(caA.caCertificate(), caB.caCertificate())));
    Path onlyA = dir.resolve("ca-a.pem");
    Files.writeString(onlyA, TestPki.pem(List.of(caA.caCertificate())));
    Path onlyB = dir.resolve("ca-b.pem");
    Files.writeString(onlyB, TestPki.pem(List.of(caB.caCertificate())));
    Path dataA = dir.resolve("a");
    Path dataB = dir.resolve("b");
    try (KmsServer a = start("kms.a.example", dataA, anchorsA); KmsServer b = start("kms.b.example", dataB, onlyB)) {
      ok("admin", "add-user", "--data-dir", dataA.toString(), ALICE);
      ok("admin", "add-user", "--data-dir", dataB.toString(), BOB);
      // A imports B's certificate (so Alice can key for B); B does not import A's.
      Path certB = dir.resolve("b.xml");
      String[] exportB = lastLine(ok("admin", "external-kms", "export", "--data-dir", dataB.toString(), certB.toString())).split(" ");
      ok("admin", "external-kms", "add", "--data-dir", dataA.toString(), certB.toString(), exportB[1]);

      Path alice = provision(a, dataA, ALICE, "alice", true);
      Path bob = provision(b, dataB, BOB, "bob", true);
      caB.issue(BOB).writePem(bob, "krr"); // Bob's KRR credential, in his profile directory
      Path pass = dir.resolve("pass");

      Run created = ok("mikey", "create", "--type", "pck", "--profile", alice.toString(), "--passphrase-file",
          pass.toString(), "--to", BOB, "--receiver-kms-uri", "kms.b.example", "--json");
      String message = created.out().replaceAll("(?s).*\"imessage\"\\s*:\\s*\"([^\"]+)\".*", "$1");

      Path krr = dir.resolve("krr.xml");
      Run refused = run("mikey", "read", "--profile", bob.toString(), "--passphrase-file", pass.toString(),
          "--from", ALICE, "--krr-out", krr.toString(), message);
      assertThat(refused.code()).isNotZero();
      assertThat(refused.out() + refused.err()).contains("UNKNOWN_KMS");
      assertThat(Files.readString(krr)).contains("urn:3gpp:ns:mcsecKMSKRR:1.0").contains("kms.a.example");

      Run shown = ok("client", "krr", "show", krr.toString(), "--trust", onlyB.toString());
      assertThat(shown.out()).contains("verified").contains("refuses    kms.a.example").contains("processor  " + BOB)
          .contains("accepts    kms.b.example");
      Run untrusted = run("client", "krr", "show", krr.toString(), "--trust", onlyA.toString());
      assertThat(untrusted.code()).isEqualTo(7);
      assertThat(untrusted.err()).contains("UNKNOWN_SIGNER");

      Path aliceToken = dir.resolve("alice.token");
      ok("client", "krr", "upload", "--profile", alice.toString(), "--passphrase-file", pass.toString(),
          "--token-file", aliceToken.toString(), krr.toString());
      Run listed = ok("admin", "redirects", "--data-dir", dataA.toString());
      assertThat(listed.out()).contains("\"processor\" : \"" + BOB + "\"").contains("\"uploaded_by\" : \"" + ALICE + "\"")
          .contains("\"rejected_kms\" : \"kms.a.example\"");

      // Bob's own KMS does not know kms.a.example: the same KRR is refused there with UNKNOWN_KMS (138).
      Path bobToken = dir.resolve("bob.token");
      Run atB = run("client", "krr", "upload", "--profile", bob.toString(), "--passphrase-file", pass.toString(),
          "--token-file", bobToken.toString(), "--json", krr.toString());
      assertThat(atB.code()).isEqualTo(6);
      assertThat(atB.out()).contains("\"kms_error_code\" : 138");
    }
  }
}
