package org.mcxkms.kms.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.kms.protocol.KmsRequest;
import org.mcxkms.kms.protocol.KmsResponse;
import org.mcxkms.kms.protocol.KmsSchema;
import org.mcxkms.kms.protocol.KmsXmlReader;
import org.mcxkms.kms.protocol.KmsXmlWriter;
import org.mcxkms.kms.protocol.Received;
import org.mcxkms.kms.protocol.TransportProtection;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.ProtectionKeyResolver;
import org.mcxkms.kms.protocol.security.SignaturePolicy;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.testkit.Https;
import org.mcxkms.testkit.TestIdm;

/**
 * The security extension rules of {@code ClientKeyPolicy} over HTTPS, on keys added with the admin
 * API: a client the operator requires to use the extension must sign and name its TrK; the InK
 * signs whenever it exists; another client's key or a forged one is refused; a rotation's pending
 * keys travel wrapped under the TrK the request names and replace the old ones on first use.
 * Full client-side coverage is in kms-client (SecurityExtensionTest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientKeyPolicyHttpTest {
  static final String KMS_URI = "kms.test.org";
  static final String ALICE = "sip:alice@example.org";
  static final String BOB = "sip:bob@example.org";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  KmsServer server;
  TestIdm idm;
  Https https;
  String adminToken;
  ProtectionKey trk;
  ProtectionKey ink;
  ProtectionKey bobInk;

  @BeforeAll
  void start() throws Exception {
    idm = new TestIdm(dir);
    server = KmsServer.start(KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dir.resolve("data").toString()).set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0).set(ConfigKey.KMS_URI, KMS_URI).set(ConfigKey.AUTH_JWKS, idm.jwks.toString())
        .set(ConfigKey.AUTH_ISSUER, TestIdm.ISSUER)
        .set(ConfigKey.DB_URL, "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1").build(), w -> {});
    https = new Https(server.tls().certificatePem());
    adminToken = Files.readString(server.adminTokenFile()).trim();
    admin("identities", "{\"uri\":\"" + ALICE + "\"}");
    admin("identities", "{\"uri\":\"" + BOB + "\"}");
    JsonNode t = admin("keys", "{\"uri\":\"" + ALICE + "\",\"kind\":\"trk\",\"key_id\":\"trk.alice\"}");
    JsonNode i = admin("keys", "{\"uri\":\"" + ALICE + "\",\"kind\":\"ink\",\"key_id\":\"ink.alice\"}");
    trk = ProtectionKey.transport("trk.alice", secret(t.get("key_hex").asText()));
    ink = ProtectionKey.integrity("ink.alice", secret(i.get("key_hex").asText()));
    assertThat(admin("keys/require", "{\"uri\":\"" + ALICE + "\"}").get("required").asBoolean()).isTrue();
    JsonNode b = admin("keys", "{\"uri\":\"" + BOB + "\",\"kind\":\"ink\",\"key_id\":\"ink.bob\"}");
    bobInk = ProtectionKey.integrity("ink.bob", secret(b.get("key_hex").asText()));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static SecretBytes secret(String hex) {
    return SecretBytes.copyOf(HexFormat.of().parseHex(hex), SecretAccess.get());
  }

  JsonNode admin(String op, String json) throws Exception {
    HttpResponse<String> r = https.json("POST", server.adminUrl().resolve(op), adminToken, json);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  KmsRequest request(String user, String path, String trkId) {
    return KmsRequest.builder().id("kmsRequest").userUri(user).kmsUri(KMS_URI).time(Instant.now())
        .clientReqUrl(server.kmsUrl().resolve(path).toString()).trkId(trkId).build();
  }

  HttpResponse<byte[]> post(String user, String path, byte[] body) throws Exception {
    URI url = server.kmsUrl().resolve(path);
    return https.send("POST", url, idm.token(user).sign(), body);
  }

  int errorCode(HttpResponse<byte[]> r) throws Exception {
    assertThat(r.statusCode()).isEqualTo(400);
    // An error answer to a verified signed request is signed with the same key.
    return (int) KmsXmlReader.create().readResponse(r.body(), SignaturePolicy.ifSigned(
        keyId -> java.util.stream.Stream.of(trk, ink, bobInk).filter(k -> k.id().equals(keyId)).findFirst()))
        .document().error().orElseThrow().code();
  }

  @Test
  void aSignedRequestNamingTheTrkGetsASignedResponseWithEncryptedKeys() throws Exception {
    byte[] body = KmsXmlWriter.create().writeSigned(request(ALICE, "keyprov", trk.id()), ink);
    KmsSchema.rel17().validate(body);
    HttpResponse<byte[]> r = post(ALICE, "keyprov", body);
    assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
    KmsSchema.rel17().validate(r.body());
    Received<KmsResponse> got = KmsXmlReader.create().readResponse(r.body(),
        SignaturePolicy.required(ProtectionKeyResolver.of(trk, ink)));
    assertThat(got.signedBy()).contains(ink);
    KmsResponse k = got.document();
    assertThat(k.trkId()).contains(trk.id());
    assertThat(k.keyProv().orElseThrow().keySets()).hasSize(2).allMatch(s -> s.isEncrypted());
    KmsResponse clear = TransportProtection.standard().decrypt(k,
        ProtectionKeyResolver.of(trk));
    assertThat(clear.keyProv().orElseThrow().keySets().get(0).userSigningKeySsk().plain().length()).isEqualTo(32);
  }

  @Test
  void theRulesOfTheExtensionAreEnforced() throws Exception {
    assertThat(admin("keys/require", "{\"uri\":\"" + ALICE + "\"}").get("required").asBoolean()).isTrue();
    KmsXmlWriter w = KmsXmlWriter.create();
    // required: an empty body and an unsigned request are refused (SIGNATURE_REQUIRED)
    assertThat(errorCode(post(ALICE, "init", new byte[0]))).isEqualTo(200);
    assertThat(errorCode(post(ALICE, "init", w.write(request(ALICE, "init", trk.id()))))).isEqualTo(200);
    // the InK exists, so signing with the TrK is refused (D.2.2)
    assertThat(errorCode(post(ALICE, "init", w.writeSigned(request(ALICE, "init", trk.id()), trk)))).isEqualTo(201);
    // a TrK-ID that is not the caller's
    assertThat(errorCode(post(ALICE, "init", w.writeSigned(request(ALICE, "init", "trk.other"), ink)))).isEqualTo(202);
    // required confidentiality: the TrK must be named
    assertThat(errorCode(post(ALICE, "init", w.writeSigned(request(ALICE, "init", null), ink)))).isEqualTo(104);
    // another client's key does not verify for Alice (keys are looked up per caller)
    assertThat(errorCode(post(ALICE, "init", w.writeSigned(request(ALICE, "init", trk.id()), bobInk)))).isEqualTo(202);
    // a forged InK under Alice's key ID
    ProtectionKey forged = ProtectionKey.generate(ProtectionKey.Kind.INTEGRITY, ink.id(), new SecureRandom());
    assertThat(errorCode(post(ALICE, "init", w.writeSigned(request(ALICE, "init", trk.id()), forged)))).isEqualTo(201);
    // Once the operator lifts the requirement, an unsigned request is served again.
    admin("keys/require", "{\"uri\":\"" + ALICE + "\",\"required\":false}");
    assertThat(post(ALICE, "init", w.write(request(ALICE, "init", null))).statusCode()).isEqualTo(200);
    admin("keys/require", "{\"uri\":\"" + ALICE + "\",\"required\":true}");
    // Bob need not use it; unsigned works and gets an unsigned answer; signed gets a signed one
    HttpResponse<byte[]> plain = post(BOB, "init", w.write(request(BOB, "init", null)));
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(new String(plain.body())).doesNotContain("Signature");
    HttpResponse<byte[]> signed = post(BOB, "init", w.writeSigned(request(BOB, "init", null), bobInk));
    assertThat(signed.statusCode()).isEqualTo(200);
    assertThat(KmsXmlReader.create().readResponse(signed.body(),
        SignaturePolicy.required(ProtectionKeyResolver.of(bobInk))).signedBy()).contains(bobInk);
  }

  @Test
  void aRotationTravelsUnderTheTrkAndReplacesTheOldKeysOnFirstUse() throws Exception {
    String carol = "sip:carol@example.org";
    admin("identities", "{\"uri\":\"" + carol + "\"}");
    ProtectionKey ctrk = ProtectionKey.transport("trk.carol", secret(admin("keys",
        "{\"uri\":\"" + carol + "\",\"kind\":\"trk\",\"key_id\":\"trk.carol\"}").get("key_hex").asText()));
    ProtectionKey cink = ProtectionKey.integrity("ink.carol", secret(admin("keys",
        "{\"uri\":\"" + carol + "\",\"kind\":\"ink\",\"key_id\":\"ink.carol\"}").get("key_hex").asText()));
    JsonNode rotated = admin("keys/rotate", "{\"uri\":\"" + carol + "\"}");
    assertThat(rotated.get("pending")).hasSize(2);
    assertThat(rotated.toString()).doesNotContain("key_hex");

    KmsXmlWriter w = KmsXmlWriter.create();
    HttpResponse<byte[]> r = post(carol, "init", w.writeSigned(request(carol, "init", ctrk.id()), cink));
    assertThat(r.statusCode()).isEqualTo(200);
    KmsSchema.rel17().validate(r.body());
    KmsResponse k = KmsXmlReader.create().readResponse(r.body(),
        SignaturePolicy.required(ProtectionKeyResolver.of(ctrk, cink))).document();
    var tp = TransportProtection.standard();
    ProtectionKey newTrk = tp.newTransportKeys(k, ProtectionKeyResolver.of(ctrk)).get(0);
    ProtectionKey newInk = tp.newIntegrityKeys(k, ProtectionKeyResolver.of(ctrk)).get(0);
    assertThat(List.of(newTrk.id(), newInk.id())).containsExactlyInAnyOrderElementsOf(
        rotated.get("pending").findValuesAsText("key_id"));

    // First use of the new keys: they become the only ones; the old ones stop working.
    HttpResponse<byte[]> r2 = post(carol, "keyprov", w.writeSigned(request(carol, "keyprov", newTrk.id()), newInk));
    assertThat(r2.statusCode()).as(new String(r2.body())).isEqualTo(200);
    KmsResponse k2 = KmsXmlReader.create().readResponse(r2.body(),
        SignaturePolicy.required(ProtectionKeyResolver.of(newTrk, newInk))).document();
    assertThat(k2.keyProv().orElseThrow().newTransportKeys()).isEmpty();
    JsonNode listed = JSON.readTree(https.json("GET", server.adminUrl().resolve("keys?uri=sip%3Acarol%40example.org"),
        adminToken, null).body());
    assertThat(listed.findValuesAsText("key_id")).containsExactlyInAnyOrder(newTrk.id(), newInk.id());
    assertThat(errorCode(post(carol, "init", w.writeSigned(request(carol, "init", ctrk.id()), cink)))).isEqualTo(202);
  }
}
