package org.mcxkms.kms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.kms.client.error.KeyMaterialRejectedException.Check;
import org.mcxkms.kms.client.error.KeyMaterialRejectedException;
import org.mcxkms.kms.client.profile.KeyPeriodInfo;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.trust.CertificateFingerprint;
import org.mcxkms.kms.client.trust.KeyMaterial;
import org.mcxkms.kms.protocol.KmsCertificate;

/**
 * A real certificate rotation on the KMS (admin API): the client refuses the new certificate until
 * the operator approves its fingerprint, then requires continuity (the pinned certificate still
 * published), keeps the previous certificate for material issued under it, and refuses key sets
 * of a certificate it has not pinned.
 */
class RotationTest {
  static final String ALICE = "sip:alice@example.org";
  static final long PERIOD = 2_592_000;

  @Test
  void rotationNeedsApprovalAndContinuityAndKeepsOlderMaterialUsable(@TempDir Path kmsDir, @TempDir Path dir)
      throws Exception {
    try (TestKms kms = TestKms.start(kmsDir, Clock.systemUTC(), PERIOD);
        KeyProfile profile = Profiles.create(dir.resolve("alice"), kms, ALICE)) {
      kms.addUser(ALICE);
      Tamper mitm = new Tamper(HttpsTransport.create(profile.settings().tls()));
      KmsClient client = KmsClient.builder(profile).tokenSource(kms.tokens(ALICE)).transport(mitm).build();
      KmsCertificate first = client.init().certificate();
      KeyPeriodPolicy policy = first.keyPeriodPolicy();
      long cur = policy.periodNumber(Instant.now());
      client.provisionAt(ALICE, NtpTime.ofSeconds(policy.startSeconds(cur - 1) + 1));

      kms.admin("POST", "certificates/rotate", "{}");

      // Key sets of the new certificate are refused until it is pinned.
      assertThatThrownBy(client::provision).isInstanceOfSatisfying(KeyMaterialRejectedException.class,
          e -> assertThat(e.check()).isEqualTo(Check.CERTIFICATE));

      CertificateChangeException refused = null;
      try {
        client.init();
      } catch (CertificateChangeException e) {
        refused = e;
      }
      assertThat(refused).isNotNull();
      assertThat(refused.unmet()).hasSize(1).allMatch(u -> u.startsWith("not approved"));
      CertificateFingerprint offered = refused.offered();

      // Continuity: if the pinned certificate were no longer published, even an approval fails.
      String oldKpak = HexFormat.of().formatHex(first.pubAuthKey());
      mitm.on("certcache", xml -> Pattern.compile("<KmsCertificate\\b((?!</KmsCertificate>).)*" + oldKpak
          + "((?!</KmsCertificate>).)*</KmsCertificate>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE).matcher(xml)
          .replaceAll(""));
      assertThatThrownBy(() -> client.init(RotationApproval.rotationTo(offered)))
          .isInstanceOfSatisfying(CertificateChangeException.class,
              e -> assertThat(e.unmet()).anyMatch(u -> u.contains("no longer publishes the pinned certificate")));
      assertThat(mitm.edits).isEqualTo(1);
      mitm.off();
      assertThat(profile.certificateFingerprint()).contains(CertificateFingerprint.of(first));

      InitResult rotated = client.init(RotationApproval.rotationTo(offered));
      assertThat(rotated.outcome()).isEqualTo(InitResult.Outcome.ROTATED);
      assertThat(rotated.previous()).contains(first);
      assertThat(rotated.fingerprint()).isEqualTo(offered);

      ProvisionResult now = client.provision();
      assertThat(now.stored()).extracting(KeyPeriodInfo::certificate).containsOnly(offered);

      // The previous period was issued under the first certificate and is still usable.
      try (KeyProfile reopened = Profiles.open(profile.directory())) {
        KeyMaterial old = reopened.keyMaterial(ALICE, cur - 1).orElseThrow();
        assertThat(CertificateFingerprint.of(old.certificate())).isEqualTo(CertificateFingerprint.of(first));
        assertThat(reopened.keyMaterial(ALICE, cur).orElseThrow().certificate().kmsUri()).isEqualTo(TestKms.KMS_URI);
        assertThat(reopened.previousCertificates()).containsExactly(first);
      }
    }
  }
}
