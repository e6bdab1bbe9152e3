package org.mcxkms.kms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.crypto.eccsi.Eccsi;
import org.mcxkms.crypto.eccsi.Kpak;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.error.KmsErrorException;
import org.mcxkms.kms.client.profile.KeyPeriodInfo;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.trust.KeyMaterial;
import org.mcxkms.kms.protocol.KmsCertificate;

/**
 * A UE, an MCPTT server and a GMS provisioned through the library against the real KMS over HTTPS
 * with real tokens: init pins the certificate the server publishes, key material is validated and
 * stored, survives reopening the profile, and is usable (an ECCSI signature under the stored SSK
 * verifies with the KPAK and our UID).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvisioningEndToEndTest {
  static final String ALICE = "sip:alice@example.org";
  static final String MCPTT = "sip:mcptt-server@example.org";
  static final String DISPATCH = "sip:dispatch@example.org";
  static final String GMS = "sip:gms@example.org";
  static final String GROUP = "sip:group-fire@example.org";
  static final String BOB = "sip:bob@example.org";

  @TempDir Path dir;
  TestKms kms;

  @BeforeAll
  void start(@TempDir Path kmsDir) throws Exception {
    kms = TestKms.start(kmsDir, Clock.systemUTC(), 2_592_000);
    kms.addUser(ALICE);
    kms.addUser(BOB);
    kms.addUser(DISPATCH);
    kms.addUser(GROUP);
    kms.addServer(MCPTT, DISPATCH);
    kms.addServer(GMS, GROUP);
  }

  @AfterAll
  void stop() {
    kms.close();
  }

  KmsClient client(KeyProfile profile, String identity) {
    return KmsClient.builder(profile).tokenSource(kms.tokens(identity)).build();
  }

  long currentPeriod() {
    return KeyPeriodPolicy.of(2_592_000, 0).periodNumber(Instant.now());
  }

  @Test
  void ueIsProvisionedValidatedStoredAndReusedAfterReopening() throws Exception {
    Path p = dir.resolve("alice");
    try (KeyProfile profile = Profiles.create(p, kms, ALICE)) {
      KmsClient client = client(profile, ALICE);
      InitResult init = client.init();
      assertThat(init.outcome()).isEqualTo(InitResult.Outcome.PINNED);
      KmsCertificate cert = init.certificate();
      JsonNode published = kms.admin("GET", "certificates", null).get(0);
      assertThat(cert.kmsUri()).isEqualTo(TestKms.KMS_URI);
      assertThat(HexFormat.of().formatHex(cert.pubAuthKey())).isEqualTo(published.get("pub_auth_key").asText());
      assertThat(HexFormat.of().formatHex(cert.pubEncKey())).isEqualTo(published.get("pub_enc_key").asText());

      ProvisionResult r = client.provision();
      long cur = currentPeriod();
      assertThat(r.stored()).extracting(KeyPeriodInfo::period).containsExactly(cur, cur + 1);
      assertThat(r.signed()).isFalse();
      assertThat(r.encrypted()).isFalse();
      for (KeyPeriodInfo k : r.stored()) {
        assertThat(k.uid()).isEqualTo(Uid.format2(ALICE, TestKms.KMS_URI, cert.keyPeriodPolicy(), k.period()));
      }
      assertThat(client.init().outcome()).isEqualTo(InitResult.Outcome.UNCHANGED);
    }

    // Restart: a new process opens the profile and uses the material without the KMS.
    try (KeyProfile reopened = Profiles.open(p)) {
      assertThat(reopened.certificate()).isPresent();
      assertThat(reopened.periods(ALICE)).hasSize(2);
      KeyMaterial m = reopened.keyMaterial(ALICE, currentPeriod()).orElseThrow();
      assertThat(m.uid()).isEqualTo(Uid.format2(ALICE, TestKms.KMS_URI, KeyPeriodPolicy.of(2_592_000, 0), currentPeriod()));
      byte[] msg = "I_MESSAGE stand-in".getBytes(StandardCharsets.UTF_8);
      byte[] sig = m.signingKey().signer(new SecureRandom()).sign(msg);
      Eccsi.verifier(Kpak.decode(reopened.certificate().get().pubAuthKey()), m.uid().toByteArray()).verify(msg, sig);
      assertThat(reopened.keyMaterialAt(ALICE, Instant.now())).isPresent();
    }
  }

  @Test
  void mcpttServerGetsItsOwnAndGrantedIdentitiesButNoOther() throws Exception {
    try (KeyProfile profile = Profiles.create(dir.resolve("mcptt"), kms, MCPTT)) {
      KmsClient client = client(profile, MCPTT);
      client.init();
      assertThat(client.provision().stored()).hasSize(2);
      ProvisionResult granted = client.provision(DISPATCH);
      assertThat(granted.identity()).isEqualTo(DISPATCH);
      assertThat(granted.stored()).extracting(KeyPeriodInfo::identity).containsOnly(DISPATCH);
      assertThat(profile.identities()).containsExactly(MCPTT, DISPATCH);
      assertThat(profile.keyMaterial(DISPATCH, currentPeriod())).isPresent();

      assertThatThrownBy(() -> client.provision(BOB))
          .isInstanceOfSatisfying(KmsErrorException.class, e -> {
            assertThat(e.problem()).isEqualTo(KmsClientException.Problem.FORBIDDEN);
            assertThat(e.httpStatus()).isEqualTo(403);
            assertThat(e.kmsError()).isPresent();
          });
      assertThat(profile.periods(BOB)).isEmpty();
    }
  }

  @Test
  void gmsGetsGroupKeysForAGrantedIdentityAtAGivenTime() throws Exception {
    try (KeyProfile profile = Profiles.create(dir.resolve("gms"), kms, GMS)) {
      KmsClient client = client(profile, GMS);
      client.init();
      // A message stamped in the previous period (the KMS serves one past period).
      KeyPeriodPolicy policy = profile.certificate().get().keyPeriodPolicy();
      long previous = currentPeriod() - 1;
      org.mcxkms.crypto.uid.NtpTime t = NtpTime.ofSeconds(policy.startSeconds(previous) + 12345);
      ProvisionResult r = client.provisionAt(GROUP, t);
      assertThat(r.stored()).extracting(KeyPeriodInfo::period).containsExactly(previous);
      assertThat(profile.keyMaterialAt(GROUP, t.toInstant()).orElseThrow().period()).isEqualTo(previous);
      assertThat(profile.identities()).containsExactly(GMS, GROUP);
      List<KeyPeriodInfo> held = profile.periods(GROUP);
      assertThat(held).hasSize(1);
    }
  }
}
