package org.mcxkms.kms.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.kms.protocol.KmsKeySet;
import org.mcxkms.kms.protocol.KmsResponse;
import org.mcxkms.kms.protocol.KmsXmlReader;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.domain.StartupException;
import org.mcxkms.testkit.Https;
import org.mcxkms.testkit.PostgresServer;
import org.mcxkms.testkit.TestIdm;

/**
 * Several nodes, restarts, revocation across nodes, rotation, and start-up that fails closed.
 * Runs the multi-node part on a real PostgreSQL database shared by two KMS processes' worth of
 * servers (each with its own data directory; the second gets a copy of the seal key file only).
 */
class KmsLifecycleTest {
  static final String ALICE = "sip:alice@example.org";
  static final String BOB = "sip:bob@example.org";

  @TempDir Path dir;
  private final List<KmsServer> servers = new ArrayList<>();
  private final KmsXmlReader reader = KmsXmlReader.create();

  @AfterEach
  void stopAll() {
    servers.forEach(KmsServer::close);
  }

  private KmsServer start(KmsConfig.Builder b) throws Exception {
    KmsServer s = KmsServer.start(b.build(), w -> {});
    servers.add(s);
    return s;
  }

  private KmsConfig.Builder node(String name, TestIdm idm, String dbUrl) {
    return KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dir.resolve(name).toString())
        .set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0)
        .set(ConfigKey.KMS_URI, TestIdm.AUDIENCE)
        .set(ConfigKey.AUTH_JWKS, idm.jwks.toString())
        .set(ConfigKey.AUTH_ISSUER, TestIdm.ISSUER)
        .set(ConfigKey.DB_URL, dbUrl);
  }

  private static String admin(KmsServer s, String method, String op, String json) throws Exception {
    Https h = new Https(s.tls().certificatePem());
    HttpResponse<String> r = h.json(method, s.adminUrl().resolve(op), Files.readString(s.adminTokenFile()).trim(), json);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private HttpResponse<byte[]> keyprov(KmsServer s, String token, String user, long ntpSeconds) throws Exception {
    URI u = s.kmsUrl().resolve("keyprov/" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "/"
        + String.format("%016X", ntpSeconds << 32));
    return new Https(s.tls().certificatePem()).post(u, token, null);
  }

  private KmsKeySet oneSet(HttpResponse<byte[]> r) throws Exception {
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    Xsd.validate(r.body());
    List<KmsKeySet> sets = reader.readResponse(r.body()).keyProv().orElseThrow().keySets();
    assertThat(sets).hasSize(1);
    return sets.get(0);
  }

  /** The client-side checks of the crypto core against the certificate the set names. */
  private static void assertValid(KmsServer s, KmsKeySet k) throws Exception {
    var cert = s.domain().certificates().stream().filter(c -> k.certUri().orElseThrow().equals(c.certUri()))
        .findFirst().orElseThrow();
    byte[] uid = k.userId().toByteArray();
    org.mcxkms.crypto.eccsi.Eccsi.keyValidator(cert.kpak()).validate(uid,
        org.mcxkms.crypto.eccsi.Ssk.decode(k.userSigningKeySsk().plain()),
        org.mcxkms.crypto.eccsi.Pvt.decode(k.userPubTokenPvt().plain().toByteArray(org.mcxkms.crypto.SecretAccess.get())));
    org.mcxkms.crypto.sakke.Sakke.rskValidator(cert.z()).validate(uid,
        org.mcxkms.crypto.sakke.Rsk.decode(k.userDecryptKey().plain()));
  }

  private static void assertSameKeys(KmsKeySet a, KmsKeySet b) {
    assertThat(b.userId()).isEqualTo(a.userId());
    assertThat(b.certUri()).isEqualTo(a.certUri());
    assertThat(b.userDecryptKey()).isEqualTo(a.userDecryptKey());
    assertThat(b.userSigningKeySsk()).isEqualTo(a.userSigningKeySsk());
    assertThat(b.userPubTokenPvt()).isEqualTo(a.userPubTokenPvt());
  }

  @Test
  void nodesSharingPostgresIssueIdenticalKeysRevokeAtOnceAndFollowRotation() throws Exception {
    TestIdm idm = new TestIdm(dir);
    String db = PostgresServer.get().newDatabase();
    long t = NtpTime.now().seconds();
    String aliceToken = idm.token(ALICE).sign();
    String bobToken = idm.token(BOB).rs256().sign();

    KmsServer a = start(node("a", idm, db));
    admin(a, "POST", "identities", "{\"uri\":\"" + ALICE + "\"}");
    admin(a, "POST", "identities", "{\"uri\":\"" + BOB + "\"}");
    KmsKeySet aliceAtA = oneSet(keyprov(a, aliceToken, ALICE, t));
    KmsKeySet bobAtA = oneSet(keyprov(a, bobToken, BOB, t));
    assertValid(a, aliceAtA);
    assertValid(a, bobAtA);

    // A second node: its own data directory, the same database, a copy of the seal key only.
    Files.createDirectories(dir.resolve("b"));
    Files.copy(dir.resolve("a").resolve("seal.key"), dir.resolve("b-seal.key"));
    Files.setPosixFilePermissions(dir.resolve("b-seal.key"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    KmsServer b = start(node("b", idm, db).set(ConfigKey.SEAL_KEY_FILE, dir.resolve("b-seal.key").toString()));
    assertSameKeys(aliceAtA, oneSet(keyprov(b, aliceToken, ALICE, t)));

    // Restart node A: the same key set again, derived anew (nothing was stored).
    a.close();
    a = start(node("a", idm, db));
    assertSameKeys(bobAtA, oneSet(keyprov(a, bobToken, BOB, t)));

    // Revocation on node B takes effect on node A at once, although A had alice's set cached before.
    assertThat(a.issuer().size()).isGreaterThan(0);
    admin(b, "POST", "identities/revoke", "{\"uri\":\"" + ALICE + "\"}");
    HttpResponse<byte[]> revoked = keyprov(a, aliceToken, ALICE, t);
    assertThat(revoked.statusCode()).isEqualTo(403);
    KmsResponse rr = reader.readResponse(revoked.body());
    assertThat(rr.error().orElseThrow().code()).isEqualTo(402);
    assertThat(rr.keyProv().orElseThrow().keySets().get(0).revoked()).isTrue();
    // Re-enabling reinstates later periods only: this period stays revoked.
    admin(b, "POST", "identities/enable", "{\"uri\":\"" + ALICE + "\"}");
    assertThat(keyprov(a, aliceToken, ALICE, t).statusCode()).isEqualTo(403);

    // Rotation on B: A follows after a refresh; keys now come from certificate 2.
    String rotated = admin(b, "POST", "certificates/rotate", "");
    assertThat(new ObjectMapper().readTree(rotated).get("number").asInt()).isEqualTo(2);
    a.domain().refresh();
    KmsKeySet bobNew = oneSet(keyprov(a, bobToken, BOB, t));
    assertThat(bobNew.certUri()).isNotEqualTo(bobAtA.certUri());
    assertThat(bobNew.userSigningKeySsk()).isNotEqualTo(bobAtA.userSigningKeySsk());
    assertValid(a, bobNew);
    HttpResponse<byte[]> cache = new Https(a.tls().certificatePem()).post(a.kmsUrl().resolve("certcache"), bobToken, null);
    Xsd.validate(cache.body());
    assertThat(reader.readResponse(cache.body()).certCache().orElseThrow().certificates()).hasSize(2);
    HttpResponse<byte[]> init = new Https(a.tls().certificatePem()).post(a.kmsUrl().resolve("init"), bobToken, null);
    assertThat(reader.readResponse(init.body()).init().orElseThrow().certificate().certUri()).contains(bobNew.certUri().get());
  }

  @Test
  void restartWithAWrongPassphraseOrATamperedSealFailsClosed() throws Exception {
    TestIdm idm = new TestIdm(dir);
    Path data = dir.resolve("c");
    String db = "jdbc:h2:file:" + data.resolve("db").resolve("kms");
    KmsConfig.Builder good = node("c", idm, db).set(ConfigKey.SEAL_PASSPHRASE, "correct horse battery staple")
        .set(ConfigKey.SEAL_ARGON2_MEMORY_KIB, 4096).set(ConfigKey.SEAL_ARGON2_ITERATIONS, 1);
    start(good).close();
    servers.clear();

    assertThatThrownBy(() -> start(node("c", idm, db).set(ConfigKey.SEAL_PASSPHRASE, "correct horse battery stapler")))
        .isInstanceOf(StartupException.class).hasMessageContaining("wrong seal passphrase");
    assertThatThrownBy(() -> start(node("c", idm, db)))
        .isInstanceOf(StartupException.class).hasMessageContaining("passphrase");

    try (Connection c = DriverManager.getConnection(db);
        Statement st = c.createStatement()) {
      // Change exactly one base64 character inside the ciphertext (position 30, well after "v1.").
      st.executeUpdate("UPDATE kms_certificate SET sealed_secrets = SUBSTRING(sealed_secrets, 1, 29)"
          + " || CASE WHEN SUBSTRING(sealed_secrets, 30, 1) = 'A' THEN 'B' ELSE 'A' END"
          + " || SUBSTRING(sealed_secrets, 31)");
    }
    assertThatThrownBy(() -> start(good)).isInstanceOf(StartupException.class).hasMessageContaining("tampered");
  }

  @Test
  void developmentIdmMintsTokensThroughTheAdminApi() throws Exception {
    KmsServer s = start(KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dir.resolve("dev").toString())
        .set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0));
    assertThat(s.devIdm()).isNotNull();
    assertThat(Files.getPosixFilePermissions(dir.resolve("dev").resolve("dev-idm").resolve("signing-key.jwk")))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(s.adminTokenFile()))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    admin(s, "POST", "identities", "{\"uri\":\"" + ALICE + "\"}");
    String tokenJson = admin(s, "POST", "dev/token", "{\"user\":\"" + ALICE + "\"}");
    String token = new ObjectMapper().readTree(tokenJson).get("access_token").asText();
    HttpResponse<byte[]> init = new Https(s.tls().certificatePem()).post(s.kmsUrl().resolve("init"), token, null);
    assertThat(init.statusCode()).isEqualTo(200);
    assertThat(reader.readResponse(init.body()).init().orElseThrow().certificate().kmsUri()).isEqualTo("kms.mcx.local");
  }
}
