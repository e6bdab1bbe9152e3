package org.mcxkms.crypto.eccsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mcxkms.crypto.eccsi.Rfc6507AppendixATest.ID;
import static org.mcxkms.crypto.eccsi.Rfc6507AppendixATest.KPAK;
import static org.mcxkms.crypto.eccsi.Rfc6507AppendixATest.M;
import static org.mcxkms.crypto.eccsi.Rfc6507AppendixATest.PVT;
import static org.mcxkms.crypto.eccsi.Rfc6507AppendixATest.R;
import static org.mcxkms.crypto.eccsi.Rfc6507AppendixATest.S;
import static org.mcxkms.crypto.eccsi.Rfc6507AppendixATest.YX;
import static org.mcxkms.crypto.eccsi.Rfc6507AppendixATest.YY;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SignatureVerificationException;
import org.mcxkms.crypto.internal.P256;

/**
 * The cached signer point Y of verification: the RFC 6507 Appendix A value of Y, and the same
 * accept/reject decisions and J as the three-scalar path on the first, second and later
 * signatures of a signer.
 */
class SignerPointsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void secondSightingComputesTheRfc6507SignerPointY() throws Exception {
    Kpak kpak = Kpak.decode(HEX.parseHex(KPAK));
    Pvt pvt = Pvt.decode(HEX.parseHex(PVT));
    BigInteger hs = new BigInteger(1, Eccsi.hs(kpak, ID, pvt)).mod(P256.Q);
    assertThat(kpak.signerPoints().lookup(kpak, ID, pvt, hs)).isNull(); // first sighting
    ECPoint y = kpak.signerPoints().lookup(kpak, ID, pvt, hs);
    assertThat(y.getAffineXCoord().toBigInteger()).isEqualTo(new BigInteger(YX, 16));
    assertThat(y.getAffineYCoord().toBigInteger()).isEqualTo(new BigInteger(YY, 16));
    assertThat(kpak.signerPoints().lookup(kpak, ID, pvt, hs)).isSameAs(y); // cached
  }

  @Test
  void theRfcSignatureVerifiesOnEveryPathAndATamperedOneFailsOnEvery() throws Exception {
    EccsiVerifier v = Eccsi.verifier(Kpak.decode(HEX.parseHex(KPAK)), ID);
    byte[] sig = HEX.parseHex(R + S + PVT);
    byte[] other = "message\1".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 4; i++) { // three-scalar, Y computed, Y cached, cached
      v.verify(M, sig);
      assertThatThrownBy(() -> v.verify(other, sig)).isInstanceOf(SignatureVerificationException.class);
    }
  }

  @Test
  void jIsTheSameOnBothPathsForRandomSignersAndMessages() throws Exception {
    EccsiKmsKey kms = EccsiKmsKey.generate(RANDOM);
    for (int n = 0; n < 5; n++) {
      byte[] id = ("sip:user" + n + "@example.org").getBytes(StandardCharsets.US_ASCII);
      IssuedEccsiKey issued = kms.deterministicIssuer().issue(id);
      EccsiSigningKey key = Eccsi.keyValidator(kms.kpak()).validate(id, issued.ssk(), issued.pvt());
      Kpak cached = Kpak.decode(kms.kpak().toByteArray());
      for (int k = 0; k < 3; k++) {
        byte[] m = new byte[1 + RANDOM.nextInt(300)];
        RANDOM.nextBytes(m);
        byte[] sig = key.signer(RANDOM).sign(m);
        byte[] r = java.util.Arrays.copyOfRange(sig, 0, 32);
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
        Pvt pvt = Pvt.decode(java.util.Arrays.copyOfRange(sig, 64, 129));
        ECPoint threeScalar = Eccsi.computeJ(Kpak.decode(kms.kpak().toByteArray()), id, m, r, s, pvt);
        ECPoint viaCache = Eccsi.computeJ(cached, id, m, r, s, pvt); // 1st: 3-scalar, then Y
        assertThat(viaCache).isEqualTo(threeScalar);
        assertThat(threeScalar.getAffineXCoord().toBigInteger()).isEqualTo(new BigInteger(1, r));
        // a signature of another signer under the same KPAK does not verify for this one
        Eccsi.verifier(cached, id).verify(m, sig);
        byte[] wrongId = ("sip:other" + n + "@example.org").getBytes(StandardCharsets.US_ASCII);
        for (int t = 0; t < 3; t++) {
          assertThatThrownBy(() -> Eccsi.verifier(cached, wrongId).verify(m, sig))
              .isInstanceOf(SignatureVerificationException.class);
        }
      }
    }
  }
}
