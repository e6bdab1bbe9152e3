package org.mcxkms.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.mcxkms.kms.client.KmsClient;
import org.mcxkms.kms.client.TokenSource;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.error.KmsErrorException;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.profile.ProfileKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import picocli.CommandLine;

/**
 * KMS Discovery Lookup (Rel-17, path and content UNCONFIRMED) over real HTTPS: an authenticated
 * client asks which KMS URI a user belongs to and gets a KmsLookup naming it; an unknown or
 * disabled identity is a 404, a bad token a 401, and each request is audited as {@code discovery}.
 */
class DiscoveryTest {
  static final String ALICE = "sip:alice@a.example";
  static final String BOB = "sip:bob@b.example";
  static final String CAROL = "sip:carol@b.example";

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

  @Test
  void aClientLearnsTheKmsUriOfAUser() throws Exception {
    Path data = dir.resolve("b");
    try (KmsServer b = start("kms.b.example", data)) {
      ok("admin", "add-user", "--data-dir", data.toString(), BOB);
      ok("admin", "add-user", "--data-dir", data.toString(), CAROL);
      ok("admin", "disable", "--data-dir", data.toString(), CAROL);
      Path pass = dir.resolve("pass");
      Files.writeString(pass, "correct horse battery staple\n");
      String token = lastLine(ok("admin", "token", "--data-dir", data.toString(), "--user", BOB));
      Path tokenFile = dir.resolve("bob.token");
      Files.writeString(tokenFile, token + "\n");
      Path profile = dir.resolve("bob");
      ok("client", "init", "--profile", profile.toString(), "--passphrase-file", pass.toString(), "--token-file",
          tokenFile.toString(), "--kms-url", b.kmsUrl().toString(), "--user", BOB, "--tls-fingerprint",
          b.tls().fingerprint(), "--argon2-memory-kib", "256", "--argon2-iterations", "1");

      try (KeyProfile p = KeyProfile.open(profile, ProfileKey.passphrase("correct horse battery staple".toCharArray()))) {
        KmsClient client = KmsClient.builder(p).tokenSource(TokenSource.of(token)).build();
        assertThat(client.lookup(BOB)).isEqualTo("kms.b.example");

        for (String unknown : List.of("sip:nobody@b.example", CAROL)) {
          assertThatThrownBy(() -> client.lookup(unknown)).as(unknown)
              .isInstanceOfSatisfying(KmsErrorException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(404);
                assertThat(e.kmsError()).isPresent();
              });
        }

        KmsClient stranger = KmsClient.builder(p).tokenSource(TokenSource.of(token.substring(0, token.length() - 4)
            + "AAAA")).build();
        assertThatThrownBy(() -> stranger.lookup(BOB)).isInstanceOfSatisfying(KmsClientException.class,
            e -> assertThat(e.problem()).isEqualTo(KmsClientException.Problem.AUTHENTICATION));
      }
      // The same from the command line; an unknown identity is a KMS error (exit 6).
      List<String> common = List.of("--profile", profile.toString(), "--passphrase-file", pass.toString(),
          "--token-file", tokenFile.toString());
      List<String> lookup = new ArrayList<>(List.of("client", "lookup"));
      lookup.addAll(common);
      lookup.add(BOB);
      assertThat(lastLine(ok(lookup.toArray(String[]::new)))).isEqualTo(BOB + " kms.b.example");
      lookup.set(lookup.size() - 1, "sip:nobody@b.example");
      assertThat(run(lookup.toArray(String[]::new)).code()).isEqualTo(6);
      assertThat(ok("admin", "audit", "--data-dir", data.toString()).out()).contains("discovery");
    }
  }
}
