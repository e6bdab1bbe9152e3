package org.mcxkms.kms.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.protocol.KmsRedirectResponse;
import org.mcxkms.kms.protocol.KmsRequest;
import org.mcxkms.kms.protocol.KmsResponse;
import org.mcxkms.kms.protocol.KmsXmlReader;
import org.mcxkms.kms.protocol.KmsXmlWriter;
import org.mcxkms.kms.protocol.KrrCredential;
import org.mcxkms.kms.protocol.KrrXmlWriter;
import org.mcxkms.kms.protocol.OpaqueXml;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.testkit.Https;
import org.mcxkms.testkit.TestIdm;
import org.mcxkms.testkit.TestPki;

/**
 * The redirect resource (TS 33.180 5.3.1, D.2.2 KrrList, D.4) over HTTPS: Alice of domain A sent an
 * I_MESSAGE keyed by kms.a.example to Bob of domain B, whose client refused it with a KRR signed by
 * Bob's certificate (issued by B's CA); Alice uploads it to her Home KMS. Every bad KRR is refused
 * with its typed KmsError and nothing is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedirectHttpTest {
  static final String KMS_A = "kms.a.example";
  static final String ALICE = "sip:alice@a.example";
  static final String CAROL = "sip:carol@a.example";
  static final String BOB = "sip:bob@b.example";

  @TempDir static Path dir;
  TestIdm idm;
  KmsServer a;
  Https https;
  TestPki caA;
  TestPki caB;
  KrrCredential bob;
  final ObjectMapper json = new ObjectMapper();
  final KrrXmlWriter krrs = KrrXmlWriter.create();

  @BeforeAll
  void start() throws Exception {
    idm = new TestIdm(dir);
    caA = TestPki.create("CA of domain A");
    caB = TestPki.create("CA of domain B");
    TestPki.Issued b = caB.issue(BOB);
    bob = KrrCredential.of(b.key(), List.of(b.certificate()));
    Path anchors = dir.resolve("krr-anchors.pem");
    Files.writeString(anchors, TestPki.pem(List.of(caA.caCertificate(), caB.caCertificate())));
    KmsConfig config = KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dir.resolve("a").toString())
        .set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0)
        .set(ConfigKey.KMS_URI, KMS_A)
        .set(ConfigKey.AUTH_JWKS, idm.jwks.toString())
        .set(ConfigKey.AUTH_ISSUER, TestIdm.ISSUER)
        .set(ConfigKey.KRR_TRUST_ANCHORS, anchors.toString())
        .set(ConfigKey.DB_URL, "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .build();
    a = KmsServer.start(config, w -> {});
    https = new Https(a.tls().certificatePem());
    admin("POST", "identities", "{\"uri\":\"" + ALICE + "\"}", 200);
    admin("POST", "identities", "{\"uri\":\"" + CAROL + "\"}", 200);
  }

  @AfterAll
  void stop() {
    if (a != null) {
      a.close();
    }
  }

  private int stored;

  @BeforeEach
  void count() throws Exception {
    stored = admin("GET", "redirects", null, 200).size();
  }

  JsonNode admin(String method, String op, String body, int status) throws Exception {
    HttpResponse<String> r = https.json(method, a.adminUrl().resolve(op), Files.readString(a.adminTokenFile()).trim(), body);
    assertThat(r.statusCode()).as("admin %s %s: %s", method, op, r.body()).isEqualTo(status);
    return json.readTree(r.body());
  }

  static KmsRedirectResponse refusal(String id, String rejected, List<OpaqueXml> earlier) {
    return new KmsRedirectResponse(id, Instant.now().truncatedTo(ChronoUnit.SECONDS), BOB, ALICE, BOB, rejected,
        List.of("kms.b.example"), earlier);
  }

  byte[] bobRefuses(String id) {
    return krrs.write(refusal(id, KMS_A, List.of()), bob);
  }

  HttpResponse<byte[]> upload(String user, List<byte[]> documents) throws Exception {
    KmsRequest.Builder b = KmsRequest.builder().id("kmsRequest").userUri(user).kmsUri(KMS_A).time(Instant.now())
        .clientReqUrl(a.kmsUrl().resolve("redirect").toString());
    if (documents != null) {
      b.krrList(krrs.krrList(documents));
    }
    return https.post(a.kmsUrl().resolve("redirect"), idm.token(user).audience(KMS_A).sign(),
        new String(KmsXmlWriter.create().write(b.build()), StandardCharsets.UTF_8));
  }

  long refusedWith(HttpResponse<byte[]> r, int status) throws Exception {
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(status);
    KmsResponse response = KmsXmlReader.create().readResponse(r.body());
    assertThat(admin("GET", "redirects", null, 200)).as("nothing stored").hasSize(stored);
    return response.error().orElseThrow().code();
  }

  @Test
  void aVerifiedKrrIsRecordedOnceAuditedAndListed() throws Exception {
    byte[] krr = bobRefuses("krr-ok");
    HttpResponse<byte[]> r = upload(ALICE, List.of(krr));
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    Xsd.validate(r.body());
    assertThat(KmsXmlReader.create().readResponse(r.body()).certCache()).isPresent();

    JsonNode list = admin("GET", "redirects?document=true", null, 200);
    assertThat(list).hasSize(stored + 1);
    JsonNode row = list.get(0);
    assertThat(row.get("uploaded_by").asText()).isEqualTo(ALICE);
    assertThat(row.get("processor").asText()).isEqualTo(BOB);
    assertThat(row.get("rejected_kms").asText()).isEqualTo(KMS_A);
    assertThat(row.get("accepted_kms").get(0).asText()).isEqualTo("kms.b.example");
    assertThat(row.get("document").asText()).contains("krr-ok").contains("ds:Signature");

    assertThat(upload(ALICE, List.of(krr)).statusCode()).as("a re-upload is accepted").isEqualTo(200);
    assertThat(admin("GET", "redirects", null, 200)).as("and not stored twice").hasSize(stored + 1);

    JsonNode audit = admin("GET", "audit?action=redirect&limit=5", null, 200);
    assertThat(audit.get(0).get("outcome").asText()).isEqualTo("ok");
    assertThat(audit.get(0).get("detail").asText()).contains("already recorded");
    assertThat(audit.get(1).get("detail").asText()).contains(BOB + " refused " + KMS_A);
  }

  @Test
  void aNestedKrrIsRecordedWithItsDepth() throws Exception {
    String inner = new String(krrs.write(refusal("krr-inner", KMS_A, List.of()), bob), StandardCharsets.UTF_8);
    byte[] outer = krrs.write(refusal("krr-outer", KMS_A, List.of(OpaqueXml.parse(inner.substring(inner.indexOf("<Kms"))))), bob);
    assertThat(upload(ALICE, List.of(outer)).statusCode()).isEqualTo(200);
    assertThat(admin("GET", "redirects", null, 200).get(0).get("nested").asInt()).isEqualTo(1);
  }

  @Test
  void anAlteredKrrIsRefusedAsABadSignature() throws Exception {
    byte[] altered = new String(bobRefuses("krr-altered"), StandardCharsets.UTF_8).replace("kms.b.example", "kms.evil.example")
        .getBytes(StandardCharsets.UTF_8);
    assertThat(refusedWith(upload(ALICE, List.of(altered)), 400)).isEqualTo(133);
  }

  @Test
  void oneBadKrrInTheListStoresNoneOfThem() throws Exception {
    byte[] altered = new String(bobRefuses("krr-bad"), StandardCharsets.UTF_8).replace("kms.b.example", "kms.evil.example")
        .getBytes(StandardCharsets.UTF_8);
    assertThat(refusedWith(upload(ALICE, List.of(bobRefuses("krr-good"), altered)), 400)).isEqualTo(133);
  }

  @Test
  void aSignerFromAnUntrustedCaIsUnknown() throws Exception {
    TestPki stranger = TestPki.create("someone else's CA");
    TestPki.Issued s = stranger.issue(BOB);
    byte[] krr = krrs.write(refusal("krr-stranger", KMS_A, List.of()), KrrCredential.of(s.key(), List.of(s.certificate())));
    assertThat(refusedWith(upload(ALICE, List.of(krr)), 400)).isEqualTo(134);
  }

  @Test
  void aKrrAboutAnUnknownKmsIsRefused() throws Exception {
    byte[] krr = krrs.write(refusal("krr-unknown", "kms.x.example", List.of()), bob);
    assertThat(refusedWith(upload(ALICE, List.of(krr)), 400)).isEqualTo(138);
  }

  @Test
  void onlyAPartyToTheKrrMayUploadIt() throws Exception {
    assertThat(refusedWith(upload(CAROL, List.of(bobRefuses("krr-carol"))), 403)).isEqualTo(403);
  }

  @Test
  void aRedirectWithoutKrrsIsMalformed() throws Exception {
    assertThat(refusedWith(upload(ALICE, null), 400)).isEqualTo(130);
    assertThat(refusedWith(upload(ALICE, List.of()), 400)).isEqualTo(130);
  }

  @Test
  void anUnsignedKrrIsRefused() throws Exception {
    String unsigned = new String(bobRefuses("krr-unsigned"), StandardCharsets.UTF_8).replaceAll("(?s)<ds:Signature.*</ds:Signature>", "");
    assertThat(refusedWith(upload(ALICE, List.of(unsigned.getBytes(StandardCharsets.UTF_8))), 400)).isEqualTo(132);
  }

  @Test
  void anUnauthenticatedUploadIsRefused() throws Exception {
    HttpResponse<byte[]> r = https.post(a.kmsUrl().resolve("redirect"), null, null);
    assertThat(r.statusCode()).isEqualTo(401);
  }
}
