package org.mcxkms.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.cli.Main;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import picocli.CommandLine;

/**
 * {@code mcx-kms client ...} end to end, in process, against the real KMS: the operator sets up
 * users, server entities and grants with {@code mcx-kms admin}, mints development tokens, and a
 * UE, an MCPTT server and a GMS are provisioned through the CLI in human and JSON modes; failures
 * give their exit code and a typed JSON error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientCommandTest {
  static final String ALICE = "sip:alice@example.org";
  static final String BOB = "sip:bob@example.org";
  static final String MCPTT = "sip:mcptt-server@example.org";
  static final String DISPATCH = "sip:dispatch@example.org";
  static final String GMS = "sip:gms@example.org";
  static final String GROUP = "sip:group-fire@example.org";
  static final String CAROL = "sip:carol@example.org";
  static final String MCPTT_SECURE = "sip:mcptt-secure@example.org";
  static final String GMS_SECURE = "sip:gms-secure@example.org";
  static final ObjectMapper JSON = new ObjectMapper();

  Path dir;
  Path data;
  KmsServer server;
  Path pass;

  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  /** Runs the command like the shell would, capturing both picocli's writers and System.out/err. */
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

  Path token(String user) throws Exception {
    Path f = dir.resolve(UUID.randomUUID() + ".token");
    // The in-process server logs to the same stdout: the token is the last line.
    String[] lines = ok("admin", "token", "--data-dir", data.toString(), "--user", user).out().strip().split("\n");
    String jwt = lines[lines.length - 1].strip();
    assertThat(jwt).matches("[A-Za-z0-9._-]+");
    Files.writeString(f, jwt + "\n");
    return f;
  }

  /** Options for a new profile of {@code user} (the CLI creates it on init). */
  List<String> client(String sub, String profile, Path token, String... more) {
    List<String> a = new ArrayList<>(List.of("client", sub, "--profile", dir.resolve(profile).toString(),
        "--passphrase-file", pass.toString()));
    if (token != null) {
      a.addAll(List.of("--token-file", token.toString()));
    }
    a.addAll(List.of(more));
    return a;
  }

  Run ok(List<String> args) {
    return ok(args.toArray(String[]::new));
  }

  Run run(List<String> args) {
    return run(args.toArray(String[]::new));
  }

  String[] newProfile(String user) {
    return new String[] {"--kms-url", server.kmsUrl().toString(), "--user", user, "--tls-fingerprint",
        server.tls().fingerprint(), "--argon2-memory-kib", "256", "--argon2-iterations", "1"};
  }

  /** The JSON document at the end of an output that may start with log lines of the in-process server. */
  static JsonNode lastJson(Run r) throws Exception {
    String out = r.out();
    return JSON.readTree(out.substring(out.indexOf("{")));
  }

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    data = tmp.resolve("kms-data");
    server = KmsServer.start(KmsConfig.builder().set(ConfigKey.DATA_DIR, data.toString()).set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0).set(ConfigKey.KMS_URI, "kms.test.org")
        .set(ConfigKey.DB_URL, "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .set(ConfigKey.SEAL_ARGON2_MEMORY_KIB, 1024).set(ConfigKey.SEAL_ARGON2_ITERATIONS, 1).build(), w -> {});
    pass = tmp.resolve("passphrase");
    Files.writeString(pass, "correct horse battery staple\n");
    String d = data.toString();
    for (String u : List.of(ALICE, BOB, DISPATCH, GROUP, CAROL)) {
      ok("admin", "add-user", "--data-dir", d, u);
    }
    for (String s : List.of(MCPTT, GMS, MCPTT_SECURE, GMS_SECURE)) {
      ok("admin", "add-server", "--data-dir", d, s);
    }
    ok("admin", "grant", "--data-dir", d, MCPTT, DISPATCH);
    ok("admin", "grant", "--data-dir", d, GMS, GROUP);
    ok("admin", "grant", "--data-dir", d, MCPTT_SECURE, DISPATCH);
    ok("admin", "grant", "--data-dir", d, GMS_SECURE, GROUP);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  long current() {
    return KeyPeriodPolicy.of(2_592_000, 0).periodNumber(Instant.now());
  }

  @Test
  void aUeIsProvisionedThroughTheCli() throws Exception {
    Path t = token(ALICE);
    Run init = ok(client("init", "alice", t, newProfile(ALICE)));
    assertThat(init.out()).contains("Created profile").contains("Pinned the KMS certificate of kms.test.org")
        .contains("fingerprint  sha256:");

    Run keyprov = ok(client("keyprov", "alice", t, "--json"));
    JsonNode k = keyprov.json();
    assertThat(k.get("ok").asBoolean()).isTrue();
    assertThat(k.get("stored")).hasSize(2);
    assertThat(k.get("stored").get(0).get("period").asLong()).isEqualTo(current());

    Run status = ok(client("status", "alice", null));
    assertThat(status.out()).contains(ALICE).contains("period " + current()).contains("<- current")
        .contains("(next)").contains("Security ext not in use");
    JsonNode sj = ok(client("status", "alice", null, "--json")).json();
    assertThat(sj.get("identities").get(ALICE)).hasSize(2);
    assertThat(sj.get("certificate").get("kms_uri").asText()).isEqualTo("kms.test.org");

    Run again = ok(client("init", "alice", t));
    assertThat(again.out()).contains("presents the pinned certificate");

    JsonNode cc = ok(client("certcache", "alice", t, "--json")).json();
    assertThat(cc.get("certificates")).hasSize(1);
    assertThat(cc.get("cache_num").asLong()).isPositive();
    JsonNode unchanged = ok(client("certcache", "alice", t, "--json")).json();
    assertThat(unchanged.get("changed").asBoolean()).isFalse();

    JsonNode refresh = ok(client("refresh", "alice", t, "--json")).json();
    assertThat(refresh.get("ok").asBoolean()).isTrue();
    assertThat(refresh.get("held_periods").get(ALICE)).hasSize(2);
  }

  @Test
  void anMcpttServerAndAGmsAreProvisionedForGrantedIdentities() throws Exception {
    Path mt = token(MCPTT);
    ok(client("init", "mcptt", mt, newProfile(MCPTT)));
    ok(client("keyprov", "mcptt", mt));
    Run dispatch = ok(client("keyprov", "mcptt", mt, "--identity", DISPATCH));
    assertThat(dispatch.out()).contains("Provisioned " + DISPATCH + ": 2 key set(s) validated and stored");

    Path gt = token(GMS);
    ok(client("init", "gms", gt, newProfile(GMS)));
    // The key period of a MIKEY message from the previous period, given as its NTP-64 T payload.
    KeyPeriodPolicy policy = KeyPeriodPolicy.of(2_592_000, 0);
    long previous = current() - 1;
    String ntp64 = String.format("%016X", (policy.startSeconds(previous) + 100) << 32);
    JsonNode g = ok(client("keyprov", "gms", gt, "--identity", GROUP, "--at", ntp64, "--json")).json();
    assertThat(g.get("stored")).hasSize(1);
    assertThat(g.get("stored").get(0).get("period").asLong()).isEqualTo(previous);
    JsonNode st = ok(client("status", "gms", null, "--json")).json();
    assertThat(st.get("identities").get(GROUP)).hasSize(1);
    assertThat(st.get("identities").has(GMS)).isTrue();

    // Not granted: exit code 5 and a typed JSON error.
    Run bob = run(client("keyprov", "gms", gt, "--identity", BOB, "--json"));
    assertThat(bob.code()).isEqualTo(5);
    JsonNode e = bob.json();
    assertThat(e.get("ok").asBoolean()).isFalse();
    assertThat(e.get("problem").asText()).isEqualTo("FORBIDDEN");
    assertThat(e.get("http_status").asInt()).isEqualTo(403);
  }

  @Test
  void failuresHaveTheirExitCodes() throws Exception {
    Path t = token(BOB);
    ok(client("init", "bob", t, newProfile(BOB)));
    Path wrong = dir.resolve("wrong-pass");
    Files.writeString(wrong, "not it\n");
    Run r = run("client", "status", "--profile", dir.resolve("bob").toString(), "--passphrase-file", wrong.toString(), "--json");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.json().get("reason").asText()).isEqualTo("WRONG_KEY");
    Run missing = run(client("keyprov", "nobody-here", t));
    assertThat(missing.code()).isEqualTo(3);
    assertThat(missing.err()).contains("no profile");
    Run noToken = run(client("keyprov", "bob", null));
    assertThat(noToken.code()).isEqualTo(5);
    assertThat(noToken.err()).contains("no access token");
    Run usage = run(client("init", "fresh", t, "--user", BOB));
    assertThat(usage.code()).isEqualTo(2);
  }

  /**
   * The security extension through the CLIs: the operator provisions the client's TrK/InK with
   * {@code admin protection-keys} into files, the client's init takes them (the first request is
   * already signed), and keyprov answers are signed and encrypted; for a UE, an MCPTT server and
   * a GMS.
   */
  @Test
  void aUeAnMcpttServerAndAGmsUseTheSecurityExtensionThroughTheCli() throws Exception {
    for (String[] who : new String[][] {{CAROL, null}, {MCPTT_SECURE, DISPATCH}, {GMS_SECURE, GROUP}}) {
      String user = who[0];
      String name = user.substring(4, user.indexOf('@'));
      Path trk = dir.resolve(name + ".trk");
      Path ink = dir.resolve(name + ".ink");
      // The operator generates the keys (handed out once) and passes them on out of band: the TrK
      // as printed, the InK straight into a 0600 file that never shows on the terminal.
      JsonNode trkKey = lastJson(ok("admin", "add-key", "--data-dir", data.toString(), user, "--kind", "trk",
          "--id", "trk." + name));
      assertThat(trkKey.get("key_id").asText()).isEqualTo("trk." + name);
      Files.writeString(trk, trkKey.get("key_hex").asText() + "\n");
      Run inkRun = ok("admin", "add-key", "--data-dir", data.toString(), user, "--kind", "ink", "--id", "ink." + name,
          "--out", ink.toString());
      JsonNode inkKey = lastJson(inkRun);
      assertThat(inkKey.has("key_hex")).isFalse();
      assertThat(inkKey.get("key_file").asText()).isEqualTo(ink.toString());
      String inkHex = Files.readString(ink).strip();
      assertThat(inkHex).matches("[0-9a-fA-F]{64}");
      assertThat(inkRun.out()).doesNotContain(inkHex);
      assertThat(Files.getPosixFilePermissions(ink)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(run("admin", "add-key", "--data-dir", data.toString(), user, "--kind", "ink", "--out", ink.toString())
          .code()).isNotZero(); // never overwrites a key file
      ok("admin", "require-keys", "--data-dir", data.toString(), user);

      Path t = token(user);
      List<String> init = client("init", name, t, newProfile(user));
      init.addAll(List.of("--kms-uri", "kms.test.org", "--trk-id", "trk." + name, "--trk-file", trk.toString(),
          "--ink-id", "ink." + name, "--ink-file", ink.toString()));
      assertThat(ok(init).out()).contains("response signed with this client's InK");

      List<String> keyprov = who[1] == null ? client("keyprov", name, t, "--json")
          : client("keyprov", name, t, "--identity", who[1], "--json");
      JsonNode r = ok(keyprov).json();
      assertThat(r.get("signed").asBoolean()).as(user).isTrue();
      assertThat(r.get("encrypted").asBoolean()).as(user).isTrue();
      assertThat(r.get("stored")).isNotEmpty();
      assertThat(ok(client("status", name, null)).out()).contains("Security ext TrK trk." + name + " (current)")
          .contains("Security ext InK ink." + name + " (current)");
    }
    // Without its keys, a client the operator requires to use the extension is refused.
    Path t = token(CAROL);
    Run refused = run(client("init", "carol-without-keys", t, newProfile(CAROL)));
    assertThat(refused.code()).isEqualTo(6);
    assertThat(refused.err()).contains("KmsError 200");
  }

  /**
   * The mikey CLI on profiles made by the key management client: the GMS sends Alice a GMK and
   * Alice sends Bob a PCK, each with the key material its own profile fetched from the KMS; the
   * receivers extract exactly the key that was sent, and a profile that is not the responder's
   * cannot open the message.
   */
  @Test
  void mikeyCreatesAndReadsWithKeyMaterialFromClientProfiles() throws Exception {
    Path gt = token(GMS);
    ok(client("init", "gms-m", gt, newProfile(GMS)));
    ok(client("keyprov", "gms-m", gt));
    Path at = token(ALICE);
    ok(client("init", "alice-m", at, newProfile(ALICE)));
    ok(client("keyprov", "alice-m", at));
    Path bt = token(BOB);
    ok(client("init", "bob-m", bt, newProfile(BOB)));
    ok(client("keyprov", "bob-m", bt));

    String gmk = "07d1a1677ac36d8e81620484689b3c2d";
    JsonNode sent = lastJson(ok("mikey", "create", "--type", "gmk", "--profile", dir.resolve("gms-m").toString(),
        "--passphrase-file", pass.toString(), "--to", ALICE, "--key", gmk, "--key-id", "0df9bc39", "--json"));
    String message = sent.get("imessage").asText();
    assertThat(message).startsWith("mikey ");

    JsonNode got = lastJson(ok("mikey", "read", message, "--profile", dir.resolve("alice-m").toString(),
        "--passphrase-file", pass.toString(), "--from", GMS, "--show-key", "--json"));
    JsonNode accepted = got.get("accepted");
    assertThat(accepted.get("purpose").asText()).isEqualTo("GMK");
    assertThat(accepted.get("key").asText()).isEqualTo(gmk);
    assertThat(accepted.get("keyId").asText()).isEqualTo("0df9bc39");
    assertThat(accepted.get("senderKms").asText()).isEqualTo("kms.test.org");
    assertThat(accepted.get("keyPeriod").asLong()).isEqualTo(current());

    // Bob's profile holds no RSK for Alice's UID: the message is not for him.
    Run notBob = run("mikey", "read", message, "--profile", dir.resolve("bob-m").toString(),
        "--passphrase-file", pass.toString(), "--json");
    assertThat(notBob.code()).isEqualTo(1);
    assertThat(lastJson(notBob).has("accepted")).isFalse();

    String pck = "b4c96b703acd5c1bf7d4cc45068d9965";
    JsonNode call = lastJson(ok("mikey", "create", "--type", "pck", "--profile", dir.resolve("alice-m").toString(),
        "--passphrase-file", pass.toString(), "--to", BOB, "--key", pck, "--json"));
    JsonNode bobGot = lastJson(ok("mikey", "read", call.get("imessage").asText(), "--profile",
        dir.resolve("bob-m").toString(), "--passphrase-file", pass.toString(), "--from", ALICE, "--show-key", "--json"));
    assertThat(bobGot.get("accepted").get("purpose").asText()).isEqualTo("PCK");
    assertThat(bobGot.get("accepted").get("key").asText()).isEqualTo(pck);

    // Exactly one source of key material.
    Run both = run("mikey", "create", "--type", "pck", "--profile", dir.resolve("alice-m").toString(),
        "--passphrase-file", pass.toString(), "--keys", dir.resolve("none.properties").toString(), "--to", BOB);
    assertThat(both.code()).isEqualTo(2);
  }
}
