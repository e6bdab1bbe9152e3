package org.mcxkms.kms.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.mcxkms.crypto.eccsi.Eccsi;
import org.mcxkms.crypto.eccsi.Kpak;
import org.mcxkms.crypto.eccsi.Pvt;
import org.mcxkms.crypto.eccsi.Ssk;
import org.mcxkms.crypto.sakke.Rsk;
import org.mcxkms.crypto.sakke.Sakke;
import org.mcxkms.crypto.sakke.SakkePublicKey;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.protocol.KmsKeySet;
import org.mcxkms.kms.protocol.KmsRequest;
import org.mcxkms.kms.protocol.KmsResponse;
import org.mcxkms.kms.protocol.KmsXmlReader;
import org.mcxkms.kms.protocol.KmsXmlWriter;
import org.mcxkms.kms.protocol.KmsSchema;
import org.mcxkms.kms.protocol.Received;
import org.mcxkms.kms.protocol.TransportProtection;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.ProtectionKeyResolver;
import org.mcxkms.kms.protocol.security.SignaturePolicy;
import org.mcxkms.crypto.SecretBytes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.testkit.Https;
import org.mcxkms.testkit.TestIdm;

/**
 * The KMS over real HTTPS with real signed JWTs (RS256 and ES256): every endpoint's happy path,
 * every response valid against the XSD, issued key sets validated as a client would, and the
 * negative matrix. Cold issuances are few (the reference SAKKE is slow); most negatives stop
 * before issuance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KmsHttpTest {
  static final String KMS_URI = "kms.test.org";
  static final String ALICE = "sip:alice@example.org";
  static final String BOB = "sip:bob@example.org";
  static final String GMS = "sip:gms@example.org";
  static final String CAROL = "sip:carol@example.org";
  static final String DAVE = "sip:dave@example.org";

  @TempDir static Path dir;
  KmsServer server;
  TestIdm idm;
  Https https;
  String adminToken;
  final KmsXmlReader reader = KmsXmlReader.create();

  @BeforeAll
  void start() throws Exception {
    idm = new TestIdm(dir);
    KmsConfig config = KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dir.resolve("data").toString())
        .set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0)
        .set(ConfigKey.KMS_URI, KMS_URI)
        .set(ConfigKey.AUTH_JWKS, idm.jwks.toString())
        .set(ConfigKey.AUTH_ISSUER, TestIdm.ISSUER)
        .set(ConfigKey.DB_URL, "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .set(ConfigKey.REQUEST_MAX_BODY_BYTES, 4096)
        .build();
    server = KmsServer.start(config, w -> {});
    https = new Https(server.tls().certificatePem());
    adminToken = Files.readString(server.adminTokenFile()).trim();
    admin("POST", "identities", "{\"uri\":\"" + ALICE + "\"}");
    admin("POST", "identities", "{\"uri\":\"" + BOB + "\"}");
    admin("POST", "identities", "{\"uri\":\"" + GMS + "\",\"kind\":\"server\"}");
    admin("POST", "grants", "{\"server\":\"" + GMS + "\",\"target\":\"" + BOB + "\"}");
    admin("POST", "identities", "{\"uri\":\"" + CAROL + "\"}");
    admin("POST", "identities/disable", "{\"uri\":\"" + CAROL + "\"}");
    admin("POST", "identities", "{\"uri\":\"" + DAVE + "\"}");
    admin("POST", "identities/revoke", "{\"uri\":\"" + DAVE + "\"}");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  String admin(String method, String op, String json) throws Exception {
    HttpResponse<String> r = https.json(method, server.adminUrl().resolve(op), adminToken, json);
    assertThat(r.statusCode()).as("admin %s %s: %s", method, op, r.body()).isEqualTo(200);
    return r.body();
  }

  URI url(String path) {
    return server.kmsUrl().resolve(path);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A response that must be a valid KmsResponse document. */
  KmsResponse parse(HttpResponse<byte[]> r) throws Exception {
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/xml");
    Xsd.validate(r.body());
    return reader.readResponse(r.body());
  }

  String body(String userUri, String kmsUri, Instant time, String clientReqUrl) {
    KmsRequest req = KmsRequest.builder().id("kmsRequest").userUri(userUri).kmsUri(kmsUri).time(time)
        .clientReqUrl(clientReqUrl).build();
    return new String(KmsXmlWriter.create().write(req), StandardCharsets.UTF_8);
  }

  KmsResponse expectError(HttpResponse<byte[]> r, int status, int code) throws Exception {
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(status);
    KmsResponse k = parse(r);
    assertThat(k.error()).isPresent();
    assertThat(k.error().get().code()).as(k.error().get().message()).isEqualTo(code);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("Exception").doesNotContain("\tat ");
    return k;
  }

  // ------------------------------------------------------------------ happy paths

  @Test
  void initReturnsTheCompleteRootCertificate() throws Exception {
    String path = "init";
    HttpResponse<byte[]> r = https.post(url(path), idm.token(ALICE).rs256().sign(),
        body(ALICE, KMS_URI, Instant.now(), url(path).toString()));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    KmsResponse k = parse(r);
    assertThat(k.userUri()).isEqualTo(ALICE);
    assertThat(k.kmsUri()).isEqualTo(KMS_URI);
    assertThat(k.clientReqUrl()).isEqualTo(url(path).toString());
    KmsCertificate c = k.init().orElseThrow().certificate();
    assertThat(c.role()).contains(KmsCertificate.Role.ROOT);
    assertThat(c.kmsUri()).isEqualTo(KMS_URI);
    assertThat(c.certUri()).isPresent();
    assertThat(c.issuer()).contains(KMS_URI);
    assertThat(c.validFrom()).isPresent();
    assertThat(c.validTo()).isPresent();
    assertThat(c.revoked()).isFalse();
    assertThat(c.userIdFormat()).isEqualTo("2");
    assertThat(c.userKeyPeriod()).isEqualTo(2592000);
    assertThat(c.userKeyOffset()).isZero();
    assertThat(c.parameterSet()).contains(1);
    assertThat(Kpak.decode(c.pubAuthKey())).isEqualTo(server.domain().current(Instant.now()).orElseThrow().kpak());
    assertThat(SakkePublicKey.decode(c.pubEncKey())).isEqualTo(server.domain().current(Instant.now()).orElseThrow().z());
  }

  @Test
  void keyprovWithEmptyBodyGivesCurrentAndNextPeriodThatValidate() throws Exception {
    HttpResponse<byte[]> r = https.post(url("keyprov"), idm.token(ALICE).sign(), null);
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    KmsResponse k = parse(r);
    List<KmsKeySet> sets = k.keyProv().orElseThrow().keySets();
    KeyPeriodPolicy policy = KeyPeriodPolicy.of(2592000, 0);
    long current = policy.periodNumber(Instant.now());
    assertThat(sets).extracting(KmsKeySet::keyPeriodNo).containsExactly(current, current + 1);
    Kpak kpak = server.domain().current(Instant.now()).orElseThrow().kpak();
    SakkePublicKey z = server.domain().current(Instant.now()).orElseThrow().z();
    for (KmsKeySet s : sets) {
      assertThat(s.userUri()).isEqualTo(ALICE);
      assertThat(s.kmsUri()).isEqualTo(KMS_URI);
      assertThat(s.revoked()).isFalse();
      assertThat(s.userId()).isEqualTo(Uid.format2(ALICE, KMS_URI, policy, s.keyPeriodNo()));
      assertThat(s.validFrom()).contains(policy.validFrom(s.keyPeriodNo()));
      assertThat(s.validTo()).contains(policy.validTo(s.keyPeriodNo()));
      byte[] uid = s.userId().toByteArray();
      // The client-side checks of the crypto core: RFC 6507 5.1.2 and RFC 6508 6.1.2.
      Eccsi.keyValidator(kpak).validate(uid, Ssk.decode(s.userSigningKeySsk().plain()),
          Pvt.decode(s.userPubTokenPvt().plain().toByteArray(SecretAccess.get())));
      Sakke.rskValidator(z).validate(uid, Rsk.decode(s.userDecryptKey().plain()));
    }
    // Warm: the same request again gives byte-identical key sets (deterministic and cached).
    HttpResponse<byte[]> again = https.post(url("keyprov"), idm.token(ALICE).rs256().sign(), null);
    List<KmsKeySet> sets2 = parse(again).keyProv().orElseThrow().keySets();
    assertThat(sets2.get(0).userDecryptKey()).isEqualTo(sets.get(0).userDecryptKey());
    assertThat(sets2.get(0).userSigningKeySsk()).isEqualTo(sets.get(0).userSigningKeySsk());
    assertThat(sets2.get(0).userPubTokenPvt()).isEqualTo(sets.get(0).userPubTokenPvt());
  }

  @Test
  void keyprovForAUriEncodedOrRawAndForATimeInEitherHexCase() throws Exception {
    long now = NtpTime.now().seconds();
    String hex = String.format("%016x", now << 32);
    String rawPath = "keyprov/" + ALICE + "/" + hex;
    HttpResponse<byte[]> raw = https.post(url(rawPath), idm.token(ALICE).sign(),
        body(ALICE, KMS_URI, Instant.now(), url("keyprov/" + enc(ALICE) + "/" + hex.toUpperCase()).toString()));
    assertThat(raw.statusCode()).as(new String(raw.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    List<KmsKeySet> a = parse(raw).keyProv().orElseThrow().keySets();
    assertThat(a).hasSize(1);
    assertThat(a.get(0).keyPeriodNo()).isEqualTo(KeyPeriodPolicy.of(2592000, 0).periodNumber(now));

    HttpResponse<byte[]> encoded = https.post(url("keyprov/" + enc(ALICE) + "/" + hex.toUpperCase()),
        idm.token(ALICE).sign(), null);
    List<KmsKeySet> b = parse(encoded).keyProv().orElseThrow().keySets();
    assertThat(b.get(0).userDecryptKey()).isEqualTo(a.get(0).userDecryptKey());

    HttpResponse<byte[]> noTime = https.post(url("keyprov/" + enc(ALICE)), idm.token(ALICE).sign(), null);
    assertThat(parse(noTime).keyProv().orElseThrow().keySets()).hasSize(2);
  }

  @Test
  void rawUrisWithParametersAndEncodedSlashesReachTheKmsIntact() throws Exception {
    String tel = "tel:+4930123;phone-context=example.org";
    KmsResponse r = expectError(https.post(url("keyprov/" + tel), idm.token(ALICE).sign(), null), 403, 403);
    assertThat(r.error().get().message()).contains("may not obtain keys for " + tel);
    KmsResponse slash = expectError(https.post(url("keyprov/" + "sip%3Aa%2Fb%40x"), idm.token(ALICE).sign(), null), 403, 403);
    assertThat(slash.error().get().message()).contains("for sip:a/b@x");
  }

  @Test
  void certcacheListsPublishedCertificatesAndNothingForTheCurrentNumber() throws Exception {
    HttpResponse<byte[]> r = https.post(url("certcache"), idm.token(ALICE).sign(), null);
    assertThat(r.statusCode()).isEqualTo(200);
    var cache = parse(r).certCache().orElseThrow();
    assertThat(cache.certificates()).hasSize(1);
    long n = cache.cacheNum().orElseThrow();
    HttpResponse<byte[]> same = https.post(url("certcache/" + n), idm.token(ALICE).sign(), null);
    var none = parse(same).certCache().orElseThrow();
    assertThat(none.certificates()).isEmpty();
    assertThat(none.cacheNum()).contains(n);
    HttpResponse<byte[]> older = https.post(url("certcache/" + (n - 1)), idm.token(ALICE).sign(), null);
    assertThat(parse(older).certCache().orElseThrow().certificates()).hasSize(1);
  }

  @Test
  void serverEntityObtainsKeysOnlyForGrantedIdentities() throws Exception {
    long t = NtpTime.now().seconds() << 32;
    HttpResponse<byte[]> granted = https.post(url("keyprov/" + enc(BOB) + "/" + String.format("%016X", t)),
        idm.token(GMS).sign(), null);
    assertThat(granted.statusCode()).as(new String(granted.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(parse(granted).keyProv().orElseThrow().keySets().get(0).userUri()).isEqualTo(BOB);

    expectError(https.post(url("keyprov/" + enc(ALICE)), idm.token(GMS).sign(), null), 403, 403);
    // A user never obtains another identity's keys.
    expectError(https.post(url("keyprov/" + enc(BOB)), idm.token(ALICE).sign(), null), 403, 403);
    expectError(https.post(url("keyprov/" + enc(GMS)), idm.token(BOB).sign(), null), 403, 403);
  }

  // ------------------------------------------------------------------ negative matrix

  @Test
  void onlyPostIsAllowedAndUnknownPathsAre404() throws Exception {
    for (String m : List.of("GET", "PUT", "DELETE")) {
      HttpResponse<byte[]> r = https.send(m, url("init"), idm.token(ALICE).sign(), null);
      expectError(r, 405, 121);
      assertThat(r.headers().firstValue("Allow")).contains("POST");
    }
    expectError(https.post(url("nothing"), idm.token(ALICE).sign(), null), 404, 120);
  }

  @Test
  void badTokensAre401WithTheBearerChallenge() throws Exception {
    HttpResponse<byte[]> none = https.post(url("init"), null, null);
    expectError(none, 401, 300);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

    List<String> bad = List.of(
        "not.a.jwt",
        idm.token(ALICE).expires(Instant.now().minusSeconds(300)).sign(),
        idm.token(ALICE).notBefore(Instant.now().plusSeconds(600)).sign(),
        idm.token(ALICE).issuer("https://evil.example/").sign(),
        idm.token(ALICE).audience("another-kms").sign(),
        idm.token(ALICE).stranger().sign(),
        idm.token(ALICE).omitIdentity().sign());
    for (String token : bad) {
      HttpResponse<byte[]> r = https.post(url("init"), token, null);
      expectError(r, 401, 301);
      assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");
    }
    // A token whose signature was altered.
    String good = idm.token(ALICE).sign();
    String altered = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
    expectError(https.post(url("init"), altered, null), 401, 301);
  }

  @Test
  void missingScopeIs403InsufficientScope() throws Exception {
    HttpResponse<byte[]> r = https.post(url("init"), idm.token(ALICE).scope("openid profile").sign(), null);
    expectError(r, 403, 302);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"insufficient_scope\"");
  }

  @Test
  void bodyChecksAre400() throws Exception {
    String token = idm.token(ALICE).sign();
    String u = url("init").toString();
    expectError(https.post(url("init"), token, body(ALICE, "kms.other.org", Instant.now(), u)), 400, 110);
    expectError(https.post(url("init"), token, body(ALICE, KMS_URI, Instant.now(), url("keyprov").toString())), 400, 111);
    expectError(https.post(url("init"), token, body(ALICE, KMS_URI, Instant.now().minusSeconds(3600), u)), 400, 112);
    expectError(https.post(url("init"), token, body(BOB, KMS_URI, Instant.now(), u)), 400, 113);
    // Behind a proxy the host differs: only the path is compared by default.
    HttpResponse<byte[]> proxied = https.post(url("init"), token,
        body(ALICE, KMS_URI, Instant.now(), "https://kms.public.example/keymanagement/identity/v1/init"));
    assertThat(proxied.statusCode()).isEqualTo(200);
  }

  @Test
  void unknownDisabledAndRevokedIdentitiesAreRefused() throws Exception {
    expectError(https.post(url("keyprov"), idm.token("sip:nobody@example.org").sign(), null), 403, 400);
    expectError(https.post(url("keyprov"), idm.token(CAROL).sign(), null), 403, 401);
    expectError(https.post(url("init"), idm.token(CAROL).sign(), null), 403, 401);
    KmsResponse revoked = expectError(https.post(url("keyprov"), idm.token(DAVE).sign(), null), 403, 402);
    // The key sets come back marked Revoked, with no key material.
    List<KmsKeySet> marks = revoked.keyProv().orElseThrow().keySets();
    assertThat(marks).hasSize(2).allSatisfy(s -> {
      assertThat(s.revoked()).isTrue();
      assertThat(s.userDecryptKey().plain().length()).isZero();
      assertThat(s.userSigningKeySsk().plain().length()).isZero();
    });
    expectError(https.post(url("init"), idm.token(DAVE).sign(), null), 403, 402);
  }

  @Test
  void thePreviousAndNextPeriodsAreServedForLateAndEarlyMessages() throws Exception {
    long period = 2592000L;
    long now = NtpTime.now().seconds();
    KeyPeriodPolicy policy = KeyPeriodPolicy.of(period, 0);
    Kpak kpak = server.domain().current(Instant.now()).orElseThrow().kpak();
    SakkePublicKey z = server.domain().current(Instant.now()).orElseThrow().z();
    for (long t : new long[] {now - period, now + period}) {
      HttpResponse<byte[]> r = https.post(url("keyprov/" + enc(BOB) + "/" + String.format("%016x", (t & 0xFFFFFFFFL) << 32)),
          idm.token(BOB).sign(), null);
      assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      KmsKeySet s = parse(r).keyProv().orElseThrow().keySets().get(0);
      assertThat(s.keyPeriodNo()).isEqualTo(policy.periodNumber(t));
      byte[] uid = Uid.format2(BOB, KMS_URI, policy, s.keyPeriodNo()).toByteArray();
      assertThat(s.userId().toByteArray()).isEqualTo(uid);
      Eccsi.keyValidator(kpak).validate(uid, Ssk.decode(s.userSigningKeySsk().plain()),
          Pvt.decode(s.userPubTokenPvt().plain().toByteArray(SecretAccess.get())));
      Sakke.rskValidator(z).validate(uid, Rsk.decode(s.userDecryptKey().plain()));
    }
  }

  @Test
  void periodsOutsideTheWindowAreRefused() throws Exception {
    long period = 2592000L;
    long now = NtpTime.now().seconds();
    for (long t : new long[] {now - 3 * period, now + 3 * period}) {
      expectError(https.post(url("keyprov/" + enc(ALICE) + "/" + String.format("%016x", (t & 0xFFFFFFFFL) << 32)),
          idm.token(ALICE).sign(), null), 403, 500);
    }
    expectError(https.post(url("keyprov/" + enc(ALICE) + "/" + "00000000zz000000"), idm.token(ALICE).sign(), null),
        403, 403); // not 16 hex digits: part of the URI, which is then another identity
  }

  @Test
  void hostileBodiesAreRefusedWithoutExpansion() throws Exception {
    String token = idm.token(ALICE).sign();
    expectError(https.post(url("init"), token, "x".repeat(5000)), 413, 100);
    expectError(https.post(url("init"), token, "<KmsRequest><UserUri>"), 400, 101);
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<KmsRequest xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\"><UserUri>&x;</UserUri></KmsRequest>";
    KmsResponse r = expectError(https.post(url("init"), token, xxe), 400, 102);
    assertThat(r.error().get().message()).doesNotContain("root:");
    String lol = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
        + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]><KmsRequest xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\">"
        + "<UserUri>&c;</UserUri></KmsRequest>";
    expectError(https.post(url("init"), token, lol), 400, 102);
    expectError(https.post(url("init"), token, "<Other xmlns=\"urn:x\"/>"), 400, 103);
    expectError(https.post(url("keyprov/" + "sip%01alice"), token, null), 400, 114);
  }

  ProtectionKey registerKey(String uri, String kind) throws Exception {
    JsonNode k = new ObjectMapper().readTree(admin("POST", "keys", "{\"uri\":\"" + uri + "\",\"kind\":\"" + kind + "\"}"));
    byte[] secret = HexFormat.of().parseHex(k.get("key_hex").asText());
    return ProtectionKey.of("trk".equals(kind) ? ProtectionKey.Kind.TRANSPORT : ProtectionKey.Kind.INTEGRITY,
        k.get("key_id").asText(), SecretBytes.copyOf(secret, SecretAccess.get()));
  }

  @Test
  void securityExtensionSignedRequestGetsASignedResponseWithKeysUnderTheTrk() throws Exception {
    ProtectionKey ink = registerKey(ALICE, "ink");
    ProtectionKey trk = registerKey(ALICE, "trk");
    assertThat(admin("GET", "keys?uri=" + enc(ALICE), null)).contains(ink.id()).contains(trk.id()).doesNotContain("key_hex");
    long t = NtpTime.now().seconds();
    URI u = url("keyprov/" + enc(ALICE) + "/" + String.format("%016X", t << 32));
    KmsRequest req = KmsRequest.builder().id("kmsRequest").userUri(ALICE).kmsUri(KMS_URI).time(Instant.now())
        .clientReqUrl(u.toString()).trkId(trk.id()).build();
    HttpResponse<byte[]> r = https.send("POST", u, idm.token(ALICE).sign(), KmsXmlWriter.create().writeSigned(req, ink));
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    KmsSchema.rel17().validate(r.body());
    // The response verifies under the InK, names the TrK, and its key material is encrypted under it.
    Received<KmsResponse> signed = reader.readResponse(r.body(), SignaturePolicy.required(ProtectionKeyResolver.of(ink)));
    assertThat(signed.signedBy()).contains(ink);
    KmsResponse resp = signed.document();
    assertThat(resp.trkId()).contains(trk.id());
    assertThat(resp.signatureId()).contains(ink.id());
    KmsKeySet enc = resp.keyProv().orElseThrow().keySets().get(0);
    assertThat(enc.isEncrypted()).isTrue();
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("KeyContentType\">04");
    KmsKeySet clear = TransportProtection.standard().decrypt(enc, ProtectionKeyResolver.of(trk));
    Kpak kpak = server.domain().current(Instant.now()).orElseThrow().kpak();
    byte[] uid = clear.userId().toByteArray();
    Eccsi.keyValidator(kpak).validate(uid, Ssk.decode(clear.userSigningKeySsk().plain()),
        Pvt.decode(clear.userPubTokenPvt().plain().toByteArray(SecretAccess.get())));
  }

  @Test
  void signedRequestsWithAnotherCallersKeyOrABadSignatureAreRefused() throws Exception {
    ProtectionKey bobInk = registerKey(BOB, "ink");
    ProtectionKey aliceInk = registerKey(ALICE, "ink");
    KmsRequest req = KmsRequest.builder().id("kmsRequest").userUri(ALICE).kmsUri(KMS_URI).time(Instant.now())
        .clientReqUrl(url("init").toString()).build();
    // Bob's InK is not Alice's: unknown to her requests.
    expectError(https.send("POST", url("init"), idm.token(ALICE).sign(), KmsXmlWriter.create().writeSigned(req, bobInk)),
        400, 202);
    byte[] unregistered = new byte[32];
    ProtectionKey stranger = ProtectionKey.integrity("ink.stranger", SecretBytes.copyOf(unregistered, SecretAccess.get()));
    expectError(https.send("POST", url("init"), idm.token(ALICE).sign(), KmsXmlWriter.create().writeSigned(req, stranger)),
        400, 202);
    // Altered after signing.
    String good = new String(KmsXmlWriter.create().writeSigned(req, aliceInk), StandardCharsets.UTF_8);
    String altered = good.replace("<ClientReqUrl>", "<ClientId>x</ClientId><ClientReqUrl>");
    expectError(https.post(url("init"), idm.token(ALICE).sign(), altered), 400, 201);
    // A TrK-ID naming an InK (or nothing of the caller's) is refused.
    KmsRequest naming = req.toBuilder().trkId(aliceInk.id()).build();
    expectError(https.post(url("init"), idm.token(ALICE).sign(),
        new String(KmsXmlWriter.create().write(naming), StandardCharsets.UTF_8)), 400, 202);
    // A correctly signed init is answered with a signed response.
    HttpResponse<byte[]> ok = https.post(url("init"), idm.token(ALICE).sign(), good);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(reader.readResponse(ok.body(), SignaturePolicy.required(ProtectionKeyResolver.of(aliceInk))).isSigned())
        .isTrue();
  }

  @Test
  void auditRecordsIssuanceDenialsAndAdminActions() throws Exception {
    https.post(url("init"), idm.token(CAROL).sign(), null);
    // One record per issued key set, with its period, under the request id the client saw.
    HttpResponse<byte[]> issued = https.post(url("keyprov"), idm.token(ALICE).sign(), null);
    String rid = issued.headers().firstValue("X-Request-Id").orElseThrow();
    long current = KeyPeriodPolicy.of(2592000, 0).periodNumber(Instant.now());
    List<org.mcxkms.kms.server.store.AuditRecord> rows = server.store().recentAudit(500).stream()
        .filter(a -> a.requestId().equals(rid)).toList();
    assertThat(rows).extracting(org.mcxkms.kms.server.store.AuditRecord::period)
        .containsExactlyInAnyOrder(current, current + 1);
    assertThat(rows).allSatisfy(a -> {
      assertThat(a.caller()).isEqualTo(ALICE);
      assertThat(a.identity()).isEqualTo(ALICE);
      assertThat(a.action()).isEqualTo("keyprov");
      assertThat(a.outcome()).isEqualTo("ok");
    });
    String audit = admin("GET", "audit?limit=200", null);
    assertThat(audit).contains("identity_disabled").contains("admin.identities.revoke").contains(CAROL);
    assertThat(audit).doesNotContain("eyJ"); // no tokens in the trail
  }

  @Test
  void withoutPublicUrlClientReqUrlIsTheListenerNotTheHostHeader() throws Exception {
    String answer = https.raw(server.kmsUrl(), "POST /keymanagement/identity/v1/certcache HTTP/1.1\r\n"
        + "Host: evil.example:666\r\nAuthorization: Bearer " + idm.token(ALICE).sign() + "\r\nContent-Length: 0");
    assertThat(answer).startsWith("HTTP/1.1 200").doesNotContain("evil.example");
    KmsResponse k = reader.readResponse(answer.substring(answer.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8));
    assertThat(k.clientReqUrl()).isEqualTo("https://127.0.0.1:" + server.port() + "/keymanagement/identity/v1/certcache");
  }

  @Test
  void healthReadyAndMetrics() throws Exception {
    assertThat(https.send("GET", server.kmsUrl().resolve("/health"), null, null).statusCode()).isEqualTo(200);
    assertThat(https.send("GET", server.kmsUrl().resolve("/ready"), null, null).statusCode()).isEqualTo(200);
    https.post(url("init"), idm.token(ALICE).sign(), null);
    HttpResponse<String> m = https.json("GET", server.adminUrl().resolve("/metrics"), null, null);
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.body()).contains("kms_requests_seconds_count{endpoint=\"init\",outcome=\"ok\"}");
    assertThat(m.body()).contains("kms_keyset_cache_total");
  }

  @Test
  void adminApiNeedsItsToken() throws Exception {
    assertThat(https.json("GET", server.adminUrl().resolve("domain"), null, null).statusCode()).isEqualTo(401);
    assertThat(https.json("GET", server.adminUrl().resolve("domain"), idm.token(ALICE).sign(), null).statusCode())
        .isEqualTo(401);
    String domain = admin("GET", "domain", null);
    assertThat(domain).contains(KMS_URI).contains("\"user_key_period\" : 2592000");
    assertThat(domain).doesNotContain(HexFormat.of().formatHex(new byte[4])); // sanity: JSON, not dumps
  }
}
