package org.mcxkms.crypto.sakke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.DecapsulationException;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.internal.Octets;

/**
 * Receipt of SAKKE data whose sender hashed g^r without its leading zero octets: the sender side is
 * {@link IndependentSakke}, which shares no code with the receiver under test.
 */
class TolerantSakkeDecapsulatorTest {
  static final byte[] ID = "2011-02\0tel:+447700900123\0".getBytes(StandardCharsets.US_ASCII);
  static SakkeKmsKey kms;
  static SakkeReceiverKey receiver;
  static byte[] shortSsv;

  @BeforeAll
  static void keys() throws Exception {
    kms = SakkeKmsKey.fromMasterSecret(SecretBytes.copyOf(
        Octets.fixed(new BigInteger("AFF429D35F84B110D094803B3595A6E2998BC99F", 16), 128), SecretAccess.get()));
    receiver = Sakke.rskValidator(kms.publicKey()).validate(ID, kms.rskIssuer().issue(ID));
    shortSsv = IndependentSakke.ssvWithShortGr(ID, 1);
  }

  static SecretBytes secret(byte[] b) {
    return SecretBytes.copyOf(b, SecretAccess.get());
  }

  @Test
  void theSearchFoundAg_rBelow2To1016() {
    assertThat(IndependentSakke.gr(ID, shortSsv)[0]).isZero();
    // The RFC form of the same SSV is what our sender emits, octet for octet.
    assertThat(Sakke.encapsulator(kms.publicKey(), ID).encapsulate(secret(shortSsv)))
        .isEqualTo(IndependentSakke.encapsulate(kms.publicKey().toByteArray(), ID, shortSsv));
  }

  @Test
  void theShortFormIsRefusedByTheStrictReceiverAndAcceptedByTheTolerantOne() throws Exception {
    byte[] data = IndependentSakke.encapsulateStrippedGr(kms.publicKey().toByteArray(), ID, shortSsv);
    assertThat(data).isNotEqualTo(IndependentSakke.encapsulate(kms.publicKey().toByteArray(), ID, shortSsv));

    assertThatThrownBy(() -> receiver.decapsulator().decapsulate(data))
        .isInstanceOf(DecapsulationException.class);

    SakkeDecapsulation d = receiver.tolerantDecapsulator().decapsulate(data);
    assertThat(d.strippedGr()).isTrue();
    assertThat(d.ssv().equalsSecretBytes(secret(shortSsv))).isTrue();
    assertThat(d.toString()).doesNotContain(HexFormat.of().formatHex(shortSsv));
  }

  @Test
  void theRfcFormIsTriedFirstEvenWhenG_rHasALeadingZero() throws Exception {
    byte[] data = IndependentSakke.encapsulate(kms.publicKey().toByteArray(), ID, shortSsv);
    SakkeDecapsulation d = receiver.tolerantDecapsulator().decapsulate(data);
    assertThat(d.strippedGr()).isFalse();
    assertThat(d.ssv().equalsSecretBytes(secret(shortSsv))).isTrue();
  }

  @Test
  void theRCheckStillAuthenticatesTheShortForm() {
    byte[] data = IndependentSakke.encapsulateStrippedGr(kms.publicKey().toByteArray(), ID, shortSsv);
    for (int bit = 0; bit < 128; bit += 9) {
      byte[] bad = data.clone();
      bad[bad.length - 16 + bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> receiver.tolerantDecapsulator().decapsulate(bad))
          .as("H bit %d", bit)
          .isInstanceOf(DecapsulationException.class);
    }
  }

  @Test
  void theTolerantReceiverAcceptsWhatTheStrictOneAcceptsWithTheSameSsv() throws Exception {
    Random rnd = new Random(7);
    for (int i = 0; i < 8; i++) {
      byte[] ssv = new byte[16];
      rnd.nextBytes(ssv);
      byte[] data = Sakke.encapsulator(kms.publicKey(), ID).encapsulate(secret(ssv));
      SakkeDecapsulation d = receiver.tolerantDecapsulator().decapsulate(data);
      assertThat(d.strippedGr()).isFalse();
      assertThat(d.ssv().equalsSecretBytes(receiver.decapsulator().decapsulate(data))).isTrue();
    }
  }
}
