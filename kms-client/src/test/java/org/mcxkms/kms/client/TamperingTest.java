package org.mcxkms.kms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.client.error.KeyMaterialRejectedException.Check;
import org.mcxkms.kms.client.error.KeyMaterialRejectedException;
import org.mcxkms.kms.client.error.KmsClientException.Problem;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.trust.CertificateFingerprint;

/**
 * A man in the middle between the client and the real KMS alters responses: every alteration of
 * key material or of the certificate is refused with a precise error, and nothing reaches the
 * profile (checked in memory and by reopening the file).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TamperingTest {
  static final String ALICE = "sip:alice@example.org";
  // Another real KMS's public keys (Streamwide's public test KMS): valid points.
  static final String OTHER_Z = "046fc2cf00fd48467abe7c02f383002fc49b6632bf0f7071d958f1f128154e6fae1f69bb91691a191a358fe647a3e020d2365d52f81fb3af4ea271654f1a880274c1ae228ac72cc15d535394321bd2143cea2619fb3b0c6ce7a5f72714d8ef4d11cb0c991c3376ca31b168b01e66021effdbf7920bd66615e6f0d6a1e61c06e72e61b4138738c11bc249a3849e9c4cff327a7d0d2769c3d97a37f86adfb13baa257e628ce236f40360d3f7b8d95b0e3fcc19417602d7d6b8928b855eae9129be1f0b87d33e884906dd95a04a8bd61240bad60f9dfada64806726f8f08b86343f54046416f5198116e9798c218bcf9ca07d0baa4be50062bfe54e44495b6ed59cb6";
  static final String OTHER_KPAK = "0448f9c2c48b50735f6bc70ec6691073243f1e0bd83cc73bb936d61ffcb2d6049a5b297e8205b29fbd8591cb582d6402add21451ce4beebeaaa7520e93b11cf28f";

  Path dir;
  TestKms kms;
  KeyProfile profile;
  Tamper mitm;
  KmsClient client;

  @BeforeAll
  void start(@TempDir Path kmsDir, @TempDir Path profiles) throws Exception {
    dir = profiles;
    kms = TestKms.start(kmsDir, Clock.systemUTC(), 2_592_000);
    kms.addUser(ALICE);
    profile = Profiles.create(dir.resolve("alice"), kms, ALICE);
    mitm = new Tamper(HttpsTransport.create(profile.settings().tls()));
    client = KmsClient.builder(profile).tokenSource(kms.tokens(ALICE)).transport(mitm).build();
    client.init();
  }

  @AfterAll
  void stop() {
    profile.close();
    kms.close();
  }

  void assertNothingStored() throws Exception {
    assertThat(profile.periods(ALICE)).isEmpty();
    try (KeyProfile reread = Profiles.open(profile.directory())) {
      assertThat(reread.periods(ALICE)).isEmpty();
    }
  }

  void expectRejected(UnaryOperator<String> edit, Check check) throws Exception {
    mitm.on("keyprov", edit);
    try {
      assertThatThrownBy(() -> client.provision())
          .isInstanceOfSatisfying(KeyMaterialRejectedException.class, e -> {
            assertThat(e.check()).as(e.getMessage()).isEqualTo(check);
            assertThat(e.identity()).isEqualTo(ALICE);
            assertThat(e.problem()).isEqualTo(Problem.KEY_REJECTED);
          });
      assertThat(mitm.edits).isEqualTo(1);
      assertNothingStored();
    } finally {
      mitm.off();
    }
  }

  @Test
  void flippedByteInRskIsRefused() throws Exception {
    // A flipped digit of the y coordinate: no longer a point on the curve.
    expectRejected(Tamper.flipHex("UserDecryptKey", 0, 300), Check.ENCODING);
  }

  @Test
  void rskOfAnotherPeriodFailsThePairingCheck() throws Exception {
    expectRejected(Tamper.swap("UserDecryptKey"), Check.RSK);
  }

  @Test
  void flippedByteInSskIsRefused() throws Exception {
    expectRejected(Tamper.flipHex("UserSigningKeySSK", 1, 10), Check.SSK_PVT);
  }

  @Test
  void flippedByteInPvtIsRefused() throws Exception {
    expectRejected(Tamper.flipHex("UserPubTokenPVT", 0, 40), Check.ENCODING);
  }

  @Test
  void pvtOfAnotherPeriodFailsTheEccsiCheck() throws Exception {
    expectRejected(Tamper.swap("UserPubTokenPVT"), Check.SSK_PVT);
  }

  @Test
  void alteredUserIdIsRefusedBeforeAnyKeyIsLookedAt() throws Exception {
    expectRejected(Tamper.flipHex("UserID", 0, 5), Check.USER_ID);
  }

  @Test
  void keySetForAnotherPeriodNumberIsRefused() throws Exception {
    // KeyPeriodNo and UserID both moved to another period: ValidFrom/ValidTo give it away, and
    // without them the UID (ours) would not match the keys.
    expectRejected(Tamper.swap("KeyPeriodNo"), Check.KEY_PERIOD);
  }

  @Test
  void certificateSwappedByAManInTheMiddleIsNotPinned() throws Exception {
    CertificateFingerprint pinned = profile.certificateFingerprint().orElseThrow();
    mitm.on("init", Tamper.both(Tamper.replace("PubEncKey", OTHER_Z), Tamper.replace("PubAuthKey", OTHER_KPAK)));
    try {
      assertThatThrownBy(() -> client.init()).isInstanceOfSatisfying(CertificateChangeException.class, e -> {
        assertThat(e.pinned()).isEqualTo(pinned);
        assertThat(e.offered()).isNotEqualTo(pinned);
        assertThat(e.unmet()).anyMatch(u -> u.contains("not approved"));
      });
      // Approving some other fingerprint does not help either.
      assertThatThrownBy(() -> client.init(RotationApproval.rotationTo(pinned)))
          .isInstanceOf(CertificateChangeException.class);
    } finally {
      mitm.off();
    }
    assertThat(profile.certificateFingerprint()).contains(pinned);
    try (KeyProfile reread = Profiles.open(profile.directory())) {
      assertThat(reread.certificateFingerprint()).contains(pinned);
    }
  }

  @Test
  void aKmsWithAnotherTlsCertificateIsRefusedByThePin(@TempDir Path other) throws Exception {
    try (TestKms impostor = TestKms.start(other, Clock.systemUTC(), 2_592_000)) {
      impostor.addUser(ALICE);
      KmsClient redirected = KmsClient.builder(profile).tokenSource(impostor.tokens(ALICE))
          .transport((url, token, body) -> HttpsTransport.create(profile.settings().tls())
              .post(impostor.url().resolve(url.getRawPath().substring("/keymanagement/identity/v1/".length())), token, body))
          .build();
      assertThatThrownBy(redirected::init).isInstanceOfSatisfying(KmsClientException.class, e -> {
        assertThat(e.problem()).isEqualTo(Problem.TLS);
        assertThat(e.getMessage()).contains("not the pinned one");
      });
    }
  }

  @Test
  void aTruncatedResponseIsAProtocolErrorAndStoresNothing() throws Exception {
    mitm.on("keyprov", xml -> xml.substring(0, xml.length() / 2));
    try {
      assertThatThrownBy(() -> client.provision()).isInstanceOfSatisfying(KmsClientException.class,
          e -> assertThat(e.problem()).isEqualTo(Problem.PROTOCOL));
    } finally {
      mitm.off();
    }
    assertNothingStored();
    assertThat(Files.list(profile.directory()).filter(p -> p.getFileName().toString().contains(".tmp"))).isEmpty();
  }
}
