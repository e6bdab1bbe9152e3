package org.mcxkms.kms.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.protocol.KmsCertCache;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.protocol.KmsXmlReader;
import org.mcxkms.kms.protocol.KmsXmlWriter;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.domain.ExternalKmss;
import org.mcxkms.testkit.TestIdm;
import org.mcxkms.testkit.Https;

/**
 * Two KMSs (two security domains) over HTTPS: each operator imports the other's certificate with
 * its fingerprint; the certificate cache then carries ours as Root and the partner's as External,
 * and its number changes with every import and removal. Refused imports store nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalKmsHttpTest {
  static final String KMS_A = "kms.a.example";
  static final String KMS_B = "kms.b.example";
  static final String ALICE = "sip:alice@a.example";
  static final String BOB = "sip:bob@b.example";

  @TempDir static Path dir;
  TestIdm idm;
  KmsServer a;
  KmsServer b;
  Https httpsA;
  Https httpsB;
  final KmsXmlReader reader = KmsXmlReader.create();
  final ObjectMapper json = new ObjectMapper();

  KmsServer start(String kmsUri, String name) throws Exception {
    KmsConfig config = KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dir.resolve(name).toString())
        .set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0)
        .set(ConfigKey.KMS_URI, kmsUri)
        .set(ConfigKey.AUTH_JWKS, idm.jwks.toString())
        .set(ConfigKey.AUTH_ISSUER, TestIdm.ISSUER)
        .set(ConfigKey.DB_URL, "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .build();
    return KmsServer.start(config, w -> {});
  }

  @BeforeAll
  void startBoth() throws Exception {
    idm = new TestIdm(dir);
    a = start(KMS_A, "a");
    b = start(KMS_B, "b");
    httpsA = new Https(a.tls().certificatePem());
    httpsB = new Https(b.tls().certificatePem());
    admin(httpsA, a, "POST", "identities", "{\"uri\":\"" + ALICE + "\"}", 200);
    admin(httpsB, b, "POST", "identities", "{\"uri\":\"" + BOB + "\"}", 200);
  }

  @AfterAll
  void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  JsonNode admin(Https https, KmsServer s, String method, String op, String body, int status) throws Exception {
    HttpResponse<String> r = https.json(method, s.adminUrl().resolve(op),
        Files.readString(s.adminTokenFile()).trim(), body);
    assertThat(r.statusCode()).as("admin %s %s: %s", method, op, r.body()).isEqualTo(status);
    return json.readTree(r.body());
  }

  String audience(KmsServer s) {
    return s == a ? KMS_A : KMS_B;
  }

  byte[] initResponse(Https https, KmsServer s, String user) throws Exception {
    HttpResponse<byte[]> r = https.post(s.kmsUrl().resolve("init"), idm.token(user).audience(audience(s)).sign(), null);
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return r.body();
  }

  KmsCertCache certCache(Https https, KmsServer s, String user, String suffix) throws Exception {
    return cache(https, s, user, "certcache" + suffix);
  }

  KmsCertCache cache(Https https, KmsServer s, String user, String path) throws Exception {
    HttpResponse<byte[]> r = https.post(s.kmsUrl().resolve(path), idm.token(user).audience(audience(s)).sign(), null);
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    Xsd.validate(r.body());
    return reader.readResponse(r.body()).certCache().orElseThrow();
  }

  String importBody(byte[] certificateXml, String fingerprint) throws Exception {
    return json.writeValueAsString(java.util.Map.of(
        "certificate", new String(certificateXml, StandardCharsets.UTF_8), "fingerprint", fingerprint));
  }

  @Test
  void twoDomainsConnectAndDisconnect() throws Exception {
    byte[] initB = initResponse(httpsB, b, BOB);
    KmsCertificate certB = reader.readResponse(initB).init().orElseThrow().certificate();
    String fpB = ExternalKmss.fingerprint(certB);
    byte[] initA = initResponse(httpsA, a, ALICE);
    KmsCertificate certA = reader.readResponse(initA).init().orElseThrow().certificate();

    long before = certCache(httpsA, a, ALICE, "").cacheNum().orElseThrow();

    // A wrong fingerprint is refused and stores nothing.
    String wrong = fpB.substring(0, 63) + (fpB.charAt(63) == '0' ? '1' : '0');
    JsonNode refused = admin(httpsA, a, "POST", "external-kms", importBody(initB, wrong), 400);
    assertThat(refused.toString()).contains("fingerprint_mismatch");
    assertThat(admin(httpsA, a, "GET", "external-kms", null, 200)).isEmpty();
    assertThat(certCache(httpsA, a, ALICE, "").cacheNum()).contains(before);

    // A imports B's certificate from B's init response, B imports A's from a certificate document.
    JsonNode added = admin(httpsA, a, "POST", "external-kms", importBody(initB, fpB.toUpperCase()), 200);
    assertThat(added.get("kms_uri").asText()).isEqualTo(KMS_B);
    assertThat(added.get("fingerprint").asText()).isEqualTo(fpB);
    admin(httpsB, b, "POST", "external-kms",
        importBody(KmsXmlWriter.create().write(certA), ExternalKmss.fingerprint(certA)), 200);

    KmsCertCache cacheA = certCache(httpsA, a, ALICE, "");
    long afterAdd = cacheA.cacheNum().orElseThrow();
    assertThat(afterAdd).isGreaterThan(before);
    assertThat(cacheA.certificates()).extracting(KmsCertificate::kmsUri).containsExactly(KMS_A, KMS_B);
    assertThat(cacheA.certificates().get(0).role()).contains(KmsCertificate.Role.ROOT);
    KmsCertificate external = cacheA.certificates().get(1);
    assertThat(external.role()).contains(KmsCertificate.Role.EXTERNAL);
    assertThat(external.pubEncKey()).isEqualTo(certB.pubEncKey());
    assertThat(external.pubAuthKey()).isEqualTo(certB.pubAuthKey());
    assertThat(ExternalKmss.fingerprint(external)).isEqualTo(fpB);
    assertThat(certCache(httpsA, a, ALICE, "/" + afterAdd).certificates()).isEmpty();
    assertThat(certCache(httpsA, a, ALICE, "/" + before).certificates()).hasSize(2);
    assertThat(certCache(httpsB, b, BOB, "").certificates()).extracting(KmsCertificate::kmsUri)
        .containsExactly(KMS_B, KMS_A);

    // Importing again, or an expired, revoked, own or unreadable certificate: refused, nothing changes.
    assertThat(admin(httpsA, a, "POST", "external-kms", importBody(initB, fpB), 409).toString())
        .contains("already_imported");
    KmsCertificate expired = certB.toBuilder().kmsUri("kms.c.example")
        .validFrom(Instant.now().minusSeconds(86_400)).validTo(Instant.now().minusSeconds(60)).build();
    assertThat(admin(httpsA, a, "POST", "external-kms",
        importBody(KmsXmlWriter.create().write(expired), ExternalKmss.fingerprint(expired)), 400).toString())
        .contains("expired");
    KmsCertificate revoked = certB.toBuilder().kmsUri("kms.c.example").revoked(true).build();
    assertThat(admin(httpsA, a, "POST", "external-kms",
        importBody(KmsXmlWriter.create().write(revoked), ExternalKmss.fingerprint(revoked)), 400).toString())
        .contains("revoked");
    assertThat(admin(httpsA, a, "POST", "external-kms", importBody(initA, ExternalKmss.fingerprint(certA)), 400)
        .toString()).contains("own_kms");
    assertThat(admin(httpsA, a, "POST", "external-kms", importBody("<x/>".getBytes(StandardCharsets.UTF_8), fpB), 400)
        .toString()).contains("unreadable");
    assertThat(admin(httpsA, a, "GET", "external-kms", null, 200)).hasSize(1);
    assertThat(certCache(httpsA, a, ALICE, "").cacheNum()).contains(afterAdd);

    // KMS Cert (Rel-17, path UNCONFIRMED): one KMS's certificate, ours or a partner's, behind the same token checks.
    KmsCertCache one = cache(httpsA, a, ALICE, "cert/" + KMS_B);
    assertThat(one.certificates()).extracting(KmsCertificate::kmsUri).containsExactly(KMS_B);
    assertThat(one.certificates().get(0).role()).contains(KmsCertificate.Role.EXTERNAL);
    assertThat(cache(httpsA, a, ALICE, "cert/" + KMS_A).certificates().get(0).role())
        .contains(KmsCertificate.Role.ROOT);
    assertThat(httpsA.post(a.kmsUrl().resolve("cert/kms.unknown.example"), idm.token(ALICE).audience(KMS_A).sign(), null)
        .statusCode()).isEqualTo(404);
    assertThat(httpsA.post(a.kmsUrl().resolve("cert/" + KMS_B), null, null).statusCode()).isEqualTo(401);

    // Removal: the partner leaves the cache and the number moves on again.
    admin(httpsA, a, "POST", "external-kms/remove", "{\"kms_uri\":\"" + KMS_B + "\"}", 200);
    admin(httpsA, a, "POST", "external-kms/remove", "{\"kms_uri\":\"" + KMS_B + "\"}", 404);
    KmsCertCache removed = certCache(httpsA, a, ALICE, "");
    assertThat(removed.cacheNum().orElseThrow()).isGreaterThan(afterAdd);
    assertThat(removed.certificates()).extracting(KmsCertificate::kmsUri).containsExactly(KMS_A);
  }
}
