package org.mcxkms.crypto.eccsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.SignatureVerificationException;
import org.mcxkms.crypto.internal.P256;

/**
 * Known answers of RFC 6507 Appendix A (ECCSI over P-256 with SHA-256), the same values that
 * Bouncy Castle's ECCSISignerTest, the Kapsch and Go KMS tests and Streamwide's test data use.
 */
class Rfc6507AppendixATest {
  private static final HexFormat HEX = HexFormat.of();

  static final BigInteger KSAK = new BigInteger("12345", 16);
  static final BigInteger V = new BigInteger("23456", 16);
  static final BigInteger J = new BigInteger("34567", 16);
  static final byte[] ID = "2011-02\0tel:+447700900123\0".getBytes(StandardCharsets.US_ASCII);
  static final byte[] M = "message\0".getBytes(StandardCharsets.US_ASCII);

  static final String KPAK =
      "04"
          + "50D4670BDE75244F28D2838A0D25558A7A72686D4522D4C8273FB6442AEBFA93"
          + "DBDD37551AFD263B5DFD617F3960C65A8C298850FF99F20366DCE7D4367217F4";
  static final String PVT =
      "04"
          + "758A142779BE89E829E71984CB40EF758CC4AD775FC5B9A3E1C8ED52F6FA36D9"
          + "A79D247692F4EDA3A6BDAB77D6AA6474A464AE4934663C5265BA7018BA091F79";
  static final String HS = "490F3FEBBC1C902F6289723D7F8CBF79DB88930849D19F38F0295B5C276C14D1";
  static final String SSK = "23F374AE1F4033F3E9DBDDAAEF20F4CF0B86BBD5A138A5AE9E7E006B34489A0D";
  static final String R = "269D4C8FDEB66A74E4EF8C0D5DCC597DDFE6029C2AFFC4936008CD2CC1045D81";
  static final String JY = "6DDA6A1310F4B067BD5DABDAD741B7CEF36457E196B1BFA97FD5F8FBB3926ADB";
  static final String HE = "111F90EAE8271C96DF9B3D6726768D9EE9B18145D7EC152CFA9C23D1C4F02285";
  static final String S = "E09B528D0EF8D6DF1AA3ECBF80110CFCEC9FC68252CEBB679F4134846940CCFD";
  static final String YX = "833898D939C0013BB05027286F95CCE037C11BD25799423C76E48362A4959978";
  static final String YY = "95D0473A1CD6186EE9F0C104B472499E1A24D6CE3D85173F02EBBD945C25F604";

  static EccsiKmsKey kms() throws Exception {
    return EccsiKmsKey.fromKsak(SecretBytes.copyOf(fixed(KSAK), SecretAccess.get()));
  }

  static byte[] fixed(BigInteger v) {
    byte[] out = new byte[32];
    byte[] raw = v.toByteArray();
    int n = Math.min(32, raw.length);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }

  @Test
  void kpakFromKsak() throws Exception {
    assertThat(HEX.formatHex(kms().kpak().toByteArray())).isEqualToIgnoringCase(KPAK);
  }

  @Test
  void issuanceGivesPvtAndSsk() throws Exception {
    IssuedEccsiKey issued = kms().issueWithEphemeralForTest(ID, V);
    assertThat(HEX.formatHex(issued.pvt().toByteArray())).isEqualToIgnoringCase(PVT);
    assertThat(HEX.formatHex(issued.ssk().toSecretBytes().toByteArray(SecretAccess.get())))
        .isEqualToIgnoringCase(SSK);
  }

  @Test
  void validationKeepsHs() throws Exception {
    EccsiSigningKey key =
        Eccsi.keyValidator(Kpak.decode(HEX.parseHex(KPAK)))
            .validate(ID, Ssk.decode(secret(SSK)), Pvt.decode(HEX.parseHex(PVT)));
    assertThat(HEX.formatHex(key.hs())).isEqualToIgnoringCase(HS);
  }

  @Test
  void signatureWithFixedJ() throws Exception {
    EccsiSigningKey key =
        Eccsi.keyValidator(Kpak.decode(HEX.parseHex(KPAK)))
            .validate(ID, Ssk.decode(secret(SSK)), Pvt.decode(HEX.parseHex(PVT)));
    byte[] sig = key.signWithEphemeralForTest(M, J);
    assertThat(HEX.formatHex(sig)).isEqualToIgnoringCase(R + S + PVT);
  }

  @Test
  void heOfTheSignature() {
    assertThat(HEX.formatHex(Eccsi.he(HEX.parseHex(HS), HEX.parseHex(R), M))).isEqualToIgnoringCase(HE);
  }

  @Test
  void verifierRecomputesJ() throws Exception {
    Kpak kpak = Kpak.decode(HEX.parseHex(KPAK));
    ECPoint j =
        Eccsi.computeJ(kpak, ID, M, HEX.parseHex(R), new BigInteger(S, 16), Pvt.decode(HEX.parseHex(PVT)));
    assertThat(j.getAffineXCoord().toBigInteger()).isEqualTo(new BigInteger(R, 16));
    assertThat(j.getAffineYCoord().toBigInteger()).isEqualTo(new BigInteger(JY, 16));
  }

  @Test
  void verifierValueYOfAppendixA() throws Exception {
    // Our verifier never forms Y = [HS]PVT + KPAK (it expands J into one multi-scalar sum); this
    // checks Appendix A's Y against the RFC 6507 5.2.2 definition on the decoded public points, and that the
    // RFC's own form J = [s]([HE]G + [r]Y) gives the same J.
    Pvt pvt = Pvt.decode(HEX.parseHex(PVT));
    Kpak kpak = Kpak.decode(HEX.parseHex(KPAK));
    ECPoint y = pvt.point().multiply(new BigInteger(HS, 16)).add(kpak.point()).normalize();
    assertThat(y.getAffineXCoord().toBigInteger()).isEqualTo(new BigInteger(YX, 16));
    assertThat(y.getAffineYCoord().toBigInteger()).isEqualTo(new BigInteger(YY, 16));
    ECPoint j =
        P256.G.multiply(new BigInteger(HE, 16)).add(y.multiply(new BigInteger(R, 16)))
            .multiply(new BigInteger(S, 16)).normalize();
    assertThat(j.getAffineXCoord().toBigInteger()).isEqualTo(new BigInteger(R, 16));
    assertThat(j.getAffineYCoord().toBigInteger()).isEqualTo(new BigInteger(JY, 16));
  }

  @Test
  void theRfcSignatureVerifies() throws Exception {
    EccsiVerifier verifier = Eccsi.verifier(Kpak.decode(HEX.parseHex(KPAK)), ID);
    verifier.verify(M, HEX.parseHex(R + S + PVT));
    assertThatThrownBy(() -> verifier.verify("message\1".getBytes(StandardCharsets.US_ASCII), HEX.parseHex(R + S + PVT)))
        .isInstanceOf(SignatureVerificationException.class);
  }

  private static SecretBytes secret(String hex) {
    return SecretBytes.copyOf(HEX.parseHex(hex), SecretAccess.get());
  }
}
