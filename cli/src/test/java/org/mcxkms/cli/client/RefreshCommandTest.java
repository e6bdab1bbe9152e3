package org.mcxkms.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.cli.Main;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import picocli.CommandLine;
import org.mcxkms.testkit.ReadOnly;

/**
 * {@code client refresh} under faults, end to end against the real KMS in process: rotation and
 * revocation during {@code --watch} (driven run by run, without waiting), a read-only profile
 * directory, errors that honour {@code --json} and name the file, a refused connection, and
 * secrets read alike from a file and the environment. Each asserts the exit code, the message and
 * the profile's state afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefreshCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();

  Path dir;
  Path data;
  KmsServer server;
  Path pass;

  record Run(int code, String out, String err) {}

  /** Runs the command in process; {@code sleeper} drives {@code --watch}. */
  Run run(RefreshCommand.Sleeper sleeper, String... args) {
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
      CommandLine.IFactory factory = new CommandLine.IFactory() {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
          return cls == RefreshCommand.class ? cls.cast(new RefreshCommand(sleeper))
              : CommandLine.defaultFactory().create(cls);
        }
      };
      CommandLine cl = new CommandLine(new Main(), factory);
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      code = cl.execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Run(code, out + sysOut.toString(StandardCharsets.UTF_8), err + sysErr.toString(StandardCharsets.UTF_8));
  }

  Run run(String... args) {
    return run(RefreshCommand.REAL_SLEEPER, args);
  }

  Run ok(String... args) {
    Run r = run(args);
    assertThat(r.code()).as("%s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err()).isZero();
    return r;
  }

  Path token(String user) throws Exception {
    Path f = dir.resolve(UUID.randomUUID() + ".token");
    String[] lines = ok("admin", "token", "--data-dir", data.toString(), "--user", user).out().strip().split("\n");
    Files.writeString(f, lines[lines.length - 1].strip() + "\n");
    return f;
  }

  String[] client(String sub, String profile, Path token, String... more) {
    List<String> a = new ArrayList<>(List.of("client", sub, "--profile", dir.resolve(profile).toString(),
        "--passphrase-file", pass.toString()));
    if (token != null) {
      a.addAll(List.of("--token-file", token.toString()));
    }
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  String[] newProfile(String user) {
    return new String[] {"--kms-url", server.kmsUrl().toString(), "--user", user, "--tls-fingerprint",
        server.tls().fingerprint(), "--argon2-memory-kib", "256", "--argon2-iterations", "1"};
  }

  /** The JSON objects among the output lines (the in-process server may log lines of its own). */
  static List<JsonNode> jsonLines(String out) throws Exception {
    List<JsonNode> l = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("{")) {
        l.add(JSON.readTree(line));
      }
    }
    return l;
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
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void watchReportsEveryRunRotationAndRevocationAsTheyHappen() throws Exception {
    String user = "sip:watch@example.org";
    ok("admin", "add-user", "--data-dir", data.toString(), user);
    Path t = token(user);
    ok(client("init", "watch", t, newProfile(user)));
    AtomicInteger sleeps = new AtomicInteger();
    List<String> offered = new ArrayList<>();
    StringBuilder between = new StringBuilder();
    RefreshCommand.Sleeper operator = (when, clock) -> {
      switch (sleeps.incrementAndGet()) {
        case 1 -> {
          String rotated = run("admin", "rotate", "--data-dir", data.toString()).out();
          Matcher m = Pattern.compile("sha256:[0-9a-f]{64}").matcher(rotated);
          assertThat(m.find()).as(rotated).isTrue();
          offered.add(m.group());
        }
        case 2 -> {
          // The client asked for confirmation of the fingerprint that 'admin rotate' printed.
          Run init = run(client("init", "watch", t, "--accept-rotation", offered.get(0)));
          between.append(init.out()).append(init.err());
        }
        case 3 -> run("admin", "revoke", "--data-dir", data.toString(), user);
        default -> throw new InterruptedException("stop watching");
      }
    };
    Run watch = run(operator, client("refresh", "watch", t, "--watch", "--json"));
    List<JsonNode> lines = jsonLines(watch.out());
    assertThat(lines).as(watch.out() + watch.err()).hasSize(4);
    assertThat(lines.get(0).get("ok").asBoolean()).isTrue();
    assertThat(lines.get(1).get("exit_code").asInt()).isEqualTo(8);
    assertThat(lines.get(1).get("problem").asText()).isEqualTo("CERTIFICATE_CHANGED");
    assertThat(lines.get(1).get("error").asText()).contains("presents certificate " + offered.get(0))
        .contains("--accept-rotation");
    assertThat(lines.get(2).get("ok").asBoolean()).isTrue();
    assertThat(lines.get(2).get("recovered_after_failures").asInt()).isEqualTo(1);
    assertThat(lines.get(3).get("exit_code").asInt()).isEqualTo(9);
    assertThat(lines.get(3).get("error").asText()).contains("revoked the key material of " + user);
    assertThat(watch.code()).isEqualTo(9);
    assertThat(between.toString()).contains("Accepted the rotation of the KMS certificate");
    assertThat(run("admin", "domain", "--data-dir", data.toString()).out()).contains("\"fingerprint\" : \"" + offered.get(0));
    // The profile afterwards: the new certificate pinned, the revoked periods gone.
    JsonNode status = JSON.readTree(ok(client("status", "watch", null, "--json")).out().replaceAll("(?s)^[^{]*", ""));
    assertThat(status.get("certificate").get("fingerprint").asText()).isEqualTo(offered.get(0));
    assertThat(status.get("identities").get(user)).isEmpty();
  }

  @Test
  void aFailedSaveFailsTheRefreshWithItsExitCode() throws Exception {
    String user = "sip:readonly@example.org";
    ok("admin", "add-user", "--data-dir", data.toString(), user);
    Path t = token(user);
    ok(client("init", "readonly", t, newProfile(user)));
    ok(client("refresh", "readonly", t));
    Path profileDir = dir.resolve("readonly");
    byte[] before = Files.readAllBytes(profileDir.resolve("profile.mcxkms"));
    Run r;
    Run json;
    ReadOnly readOnly = ReadOnly.make(profileDir);
    try {
      r = run(client("refresh", "readonly", t));
      json = run(client("refresh", "readonly", t, "--json"));
    } finally {
      readOnly.close();
    }
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.out()).contains("Refresh FAILED (exit 3").contains("could not be saved").doesNotContain("Refresh done");
    assertThat(json.code()).isEqualTo(3);
    JsonNode j = JSON.readTree(json.out().substring(json.out().indexOf('{')));
    assertThat(j.get("ok").asBoolean()).isFalse();
    assertThat(j.get("problem").asText()).isEqualTo("PROFILE");
    assertThat(Files.readAllBytes(profileDir.resolve("profile.mcxkms"))).isEqualTo(before);
  }

  @Test
  void errorsHonourJsonNameTheFileAndSayWhatHappened() throws Exception {
    // A passphrase "file" that is a directory: JSON output, and the path in the message.
    Run r = run("client", "status", "--profile", dir.resolve("none").toString(), "--passphrase-file", dir.toString(),
        "--json");
    assertThat(r.code()).isEqualTo(2);
    JsonNode j = JSON.readTree(r.out().substring(r.out().indexOf('{')));
    assertThat(j.get("ok").asBoolean()).isFalse();
    assertThat(j.get("message").asText()).contains("cannot read " + dir);

    // No token: said once, with what to do.
    String user = "sip:notoken@example.org";
    ok("admin", "add-user", "--data-dir", data.toString(), user);
    ok(client("init", "notoken", token(user), newProfile(user)));
    Run k = run(client("keyprov", "notoken", null));
    assertThat(k.code()).isEqualTo(5);
    assertThat(k.err()).contains("no access token: give --token-file").doesNotContain("no access token: no access token");

    // A refused connection says so, not just the exception's name.
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Run refused = run(client("init", "refused", token(user), "--kms-url", "https://127.0.0.1:" + port, "--user", user,
        "--tls-fingerprint", server.tls().fingerprint(), "--argon2-memory-kib", "256", "--argon2-iterations", "1"));
    assertThat(refused.code()).isEqualTo(4);
    assertThat(refused.err()).contains("connection refused");
  }

  @Test
  void aSecretIsReadAlikeFromAFileAndTheEnvironment() throws Exception {
    Path f = dir.resolve("secret-file");
    Files.writeString(f, "open sesame\n");
    assertThat(Secrets.read(f, "X", null, "")).containsExactly("open sesame".toCharArray());
    assertThat(Secrets.read(null, "X", "open sesame\n", "")).containsExactly("open sesame".toCharArray());
    assertThat(Secrets.read(null, "X", "open sesame\r\n", "")).containsExactly("open sesame".toCharArray());
  }
}
