package org.mcxkms.kms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.kms.client.error.KmsClientException.Problem;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.error.KmsErrorException;
import org.mcxkms.kms.client.profile.KeyPeriodInfo;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.profile.ProtectionKeyInfo;
import org.mcxkms.kms.protocol.KmsResponse;
import org.mcxkms.kms.protocol.KmsXmlReader;
import org.mcxkms.kms.protocol.KmsXmlWriter;
import org.mcxkms.kms.protocol.TransportProtection;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.ProtectionKeyResolver;
import org.mcxkms.kms.protocol.security.SignaturePolicy;

/**
 * The Annex D security extension end to end against the real KMS: the operator provisions a
 * client's TrK/InK through the admin API, the client imports them, requests are signed and name
 * the TrK, responses come back signed with the InK and with key material encrypted under the TrK.
 * A UE, an MCPTT server and a GMS are provisioned that way; a man in the middle who re-signs with
 * another InK, alters a signed response, wraps the signature, strips it, or a client with the
 * wrong TrK, all fail with SECURITY and store nothing; rotation by NewTransportKey/NewIntegrityKey
 * replaces both keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityExtensionTest {
  static final String ALICE = "sip:alice@example.org";
  static final String CAROL = "sip:carol@example.org";
  static final String MCPTT = "sip:mcptt-server@example.org";
  static final String DISPATCH = "sip:dispatch@example.org";
  static final String GMS = "sip:gms@example.org";
  static final String GROUP = "sip:group-fire@example.org";

  TestKms kms;
  Path dir;
  List<ProtectionKey> aliceKeys;
  KeyProfile alice;
  Tamper mitm;
  KmsClient aliceClient;

  @BeforeAll
  void start(@TempDir Path kmsDir, @TempDir Path profiles) throws Exception {
    dir = profiles;
    kms = TestKms.start(kmsDir, Clock.systemUTC(), 2_592_000);
    for (String u : List.of(ALICE, CAROL, DISPATCH, GROUP)) {
      kms.addUser(u);
    }
    kms.addServer(MCPTT, DISPATCH);
    kms.addServer(GMS, GROUP);
    aliceKeys = kms.provisionProtectionKeys(ALICE, true);
    alice = secured(ALICE, aliceKeys);
    mitm = new Tamper(HttpsTransport.create(alice.settings().tls()));
    aliceClient = KmsClient.builder(alice).tokenSource(kms.tokens(ALICE)).transport(mitm).build();
    InitResult init = aliceClient.init();
    assertThat(init.signed()).isTrue();
  }

  @AfterAll
  void stop() {
    alice.close();
    kms.close();
  }

  KeyProfile secured(String user, List<ProtectionKey> keys) throws Exception {
    KeyProfile p = KeyProfile.create(dir.resolve(user.replaceAll("\\W", "_") + "-" + System.nanoTime()),
        Profiles.key("p"), Profiles.settings(kms, user).toBuilder().kmsUri(TestKms.KMS_URI).build());
    p.importProtectionKeys(keys);
    return p;
  }

  long current() {
    return KeyPeriodPolicy.of(2_592_000, 0).periodNumber(Instant.now());
  }

  void assertNothingStored(KeyProfile p, String identity) throws Exception {
    assertThat(p.periods(identity)).isEmpty();
  }

  void expectSecurityFailure(UnaryOperator<String> edit, String messagePart) throws Exception {
    mitm.on("keyprov", edit);
    try {
      assertThatThrownBy(aliceClient::provision).isInstanceOfSatisfying(KmsClientException.class, e -> {
        assertThat(e.problem()).as(e.getMessage()).isEqualTo(Problem.SECURITY);
        assertThat(e.getMessage()).contains(messagePart);
      });
      assertThat(mitm.edits).isEqualTo(1);
    } finally {
      mitm.off();
    }
    assertNothingStored(alice, ALICE);
  }

  // ------------------------------------------------------------------ happy paths

  @Test
  void aUeAnMcpttServerAndAGmsAreProvisionedWithSignedResponsesAndEncryptedKeys() throws Exception {
    try (KeyProfile ue = secured(CAROL, kms.provisionProtectionKeys(CAROL, true))) {
      KmsClient c = KmsClient.builder(ue).tokenSource(kms.tokens(CAROL)).build();
      assertThat(c.init().signed()).isTrue();
      ProvisionResult r = c.provision();
      assertThat(r.signed()).isTrue();
      assertThat(r.encrypted()).isTrue();
      assertThat(r.stored()).hasSize(2);
      assertThat(ue.keyMaterial(CAROL, current())).isPresent();
    }
    try (KeyProfile server = secured(MCPTT, kms.provisionProtectionKeys(MCPTT, true))) {
      KmsClient c = KmsClient.builder(server).tokenSource(kms.tokens(MCPTT)).build();
      c.init();
      ProvisionResult r = c.provision(DISPATCH);
      assertThat(r.signed() && r.encrypted()).isTrue();
      assertThat(server.keyMaterial(DISPATCH, current())).isPresent();
    }
    try (KeyProfile gms = secured(GMS, kms.provisionProtectionKeys(GMS, true))) {
      KmsClient c = KmsClient.builder(gms).tokenSource(kms.tokens(GMS)).build();
      c.init();
      KeyPeriodPolicy policy = gms.certificate().get().keyPeriodPolicy();
      ProvisionResult r = c.provisionAt(GROUP, NtpTime.ofSeconds(policy.startSeconds(current() + 1) + 60));
      assertThat(r.signed() && r.encrypted()).isTrue();
      assertThat(r.stored()).extracting(KeyPeriodInfo::period).containsExactly(current() + 1);
    }
  }

  @Test
  void aClientThatMustUseTheExtensionIsRefusedWithoutIt() throws Exception {
    try (KeyProfile plain = Profiles.create(dir.resolve("plain-alice"), kms, ALICE)) {
      KmsClient c = KmsClient.builder(plain).tokenSource(kms.tokens(ALICE)).build();
      assertThatThrownBy(c::init).isInstanceOfSatisfying(KmsErrorException.class, e -> {
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.kmsError().orElseThrow().code()).isEqualTo(200); // SIGNATURE_REQUIRED
      });
    }
  }

  // ------------------------------------------------------------------ attacks on responses

  /** Re-signs the response with {@code key} after reading it under Alice's real keys. */
  UnaryOperator<String> resign(ProtectionKey key, UnaryOperator<KmsResponse> change) {
    return xml -> {
      try {
        KmsResponse r = KmsXmlReader.create().readResponse(xml.getBytes(StandardCharsets.UTF_8),
            SignaturePolicy.required(ProtectionKeyResolver.of(aliceKeys))).document();
        return new String(KmsXmlWriter.create().writeSigned(change.apply(r), key), StandardCharsets.UTF_8);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
  }

  @Test
  void aResponseSignedWithAnotherInkIsRefused() throws Exception {
    ProtectionKey forged = ProtectionKey.generate(ProtectionKey.Kind.INTEGRITY, aliceKeys.get(1).id(), new SecureRandom());
    expectSecurityFailure(resign(forged, r -> r), "SIGNATURE_INVALID");
  }

  @Test
  void aResponseAlteredAfterSigningIsRefused() throws Exception {
    expectSecurityFailure(xml -> xml.replaceFirst("<KeyPeriodNo>(\\d+)</KeyPeriodNo>", "<KeyPeriodNo>7</KeyPeriodNo>"),
        "SIGNATURE_INVALID");
  }

  @Test
  void aWrappedSignatureIsRefused() throws Exception {
    // The signed original hides in a ds:Object; a forged response stands where the client reads.
    expectSecurityFailure(xml -> {
      Matcher m = Pattern.compile("<KmsResponse\\b.*?</KmsResponse>", Pattern.DOTALL).matcher(xml);
      assertThat(m.find()).isTrue();
      String original = m.group();
      String forged = original.replace("Id=\"xmldoc\"", "Id=\"forged\"");
      int sigEnd = xml.indexOf("</ds:Signature>");
      return xml.substring(0, m.start()) + forged + xml.substring(m.end(), sigEnd) + "<ds:Object>" + original
          + "</ds:Object>" + xml.substring(sigEnd);
    }, "SIGNATURE_INVALID");
    // Two responses side by side, one signed.
    expectSecurityFailure(xml -> {
      Matcher m = Pattern.compile("<KmsResponse\\b.*?</KmsResponse>", Pattern.DOTALL).matcher(xml);
      assertThat(m.find()).isTrue();
      return xml.substring(0, m.start()) + m.group().replace("Id=\"xmldoc\"", "Id=\"other\"") + m.group()
          + xml.substring(m.end());
    }, "SIGNATURE_INVALID");
  }

  @Test
  void aStrippedSignatureIsRefusedWhenRequired() throws Exception {
    // The same response, written again without its signature.
    expectSecurityFailure(xml -> {
      try {
        KmsResponse r = KmsXmlReader.create().readResponse(xml.getBytes(StandardCharsets.UTF_8),
            SignaturePolicy.required(ProtectionKeyResolver.of(aliceKeys))).document();
        return new String(KmsXmlWriter.create().write(r), StandardCharsets.UTF_8);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }, "SIGNATURE_REQUIRED");
  }

  @Test
  void keyMaterialInClearIsRefusedEvenUnderAValidSignature() throws Exception {
    // Only a party holding the InK could do this: the client still insists on the TrK.
    expectSecurityFailure(resign(aliceKeys.get(1), r -> {
      try {
        return TransportProtection.standard().decrypt(r, ProtectionKeyResolver.of(aliceKeys.get(0)));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }), "in clear");
  }

  @Test
  void aClientWithTheWrongTrkCannotDecryptAndStoresNothing() throws Exception {
    ProtectionKey wrongTrk = ProtectionKey.generate(ProtectionKey.Kind.TRANSPORT, aliceKeys.get(0).id(), new SecureRandom());
    try (KeyProfile p = secured(ALICE, List.of(wrongTrk, aliceKeys.get(1)))) {
      KmsClient c = KmsClient.builder(p).tokenSource(kms.tokens(ALICE)).build();
      c.init();
      assertThatThrownBy(c::provision).isInstanceOfSatisfying(KmsClientException.class, e -> {
        assertThat(e.problem()).isEqualTo(Problem.SECURITY);
        assertThat(e.getMessage()).contains("DECRYPTION_FAILED");
      });
      assertNothingStored(p, ALICE);
    }
  }

  // ------------------------------------------------------------------ rotation

  @Test
  void rotationDeliversNewKeysInBandAndRetiresTheOldOnes() throws Exception {
    String dispatch = DISPATCH; // a user of its own here
    List<ProtectionKey> original = kms.provisionProtectionKeys(dispatch, true);
    try (KeyProfile p = secured(dispatch, original)) {
      KmsClient c = KmsClient.builder(p).tokenSource(kms.tokens(dispatch)).build();
      c.init();
      JsonNode rotated = kms.admin("POST", "keys/rotate", "{\"uri\":\"" + dispatch + "\"}");
      assertThat(rotated.get("pending")).hasSize(2);
      List<String> newIds = rotated.get("pending").findValuesAsText("key_id");

      ProvisionResult r = c.provision();
      assertThat(r.newProtectionKeys()).hasSize(2);
      assertThat(p.protectionKeys()).filteredOn(ProtectionKeyInfo::current).extracting(ProtectionKeyInfo::id)
          .containsExactlyInAnyOrderElementsOf(newIds);

      // The next request uses the new keys; the KMS makes them current and removes the old ones.
      ProvisionResult after = c.provision();
      assertThat(after.signed() && after.encrypted()).isTrue();
      assertThat(after.newProtectionKeys()).isEmpty();
      JsonNode keys = kms.admin("GET", "keys?uri=" + URLEncoder.encode(dispatch, StandardCharsets.UTF_8), null);
      assertThat(keys.findValuesAsText("key_id")).containsExactlyInAnyOrderElementsOf(newIds);
      assertThat(keys.findValues("pending")).allMatch(v -> !v.asBoolean());

      // A copy of the profile that kept only the old keys is refused now.
      try (KeyProfile stale = secured(dispatch, original)) {
        KmsClient s = KmsClient.builder(stale).tokenSource(kms.tokens(dispatch)).build();
        assertThatThrownBy(s::init).isInstanceOfSatisfying(KmsErrorException.class,
            e -> assertThat(e.httpStatus()).isEqualTo(400));
      }
    }
  }
}
