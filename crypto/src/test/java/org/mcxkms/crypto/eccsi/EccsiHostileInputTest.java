package org.mcxkms.crypto.eccsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.InvalidEncodingException.Problem;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.internal.P256;

/**
 * Strict decoding of everything ECCSI receives from outside (KPAK, PVT, SSK, KSAK, signatures):
 * each malformed input gets InvalidEncodingException naming the field and the problem. Exact
 * bytes are built by hand.
 */
class EccsiHostileInputTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] GOOD = HEX.parseHex(Rfc6507AppendixATest.PVT);
  private static final String P_HEX = "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF";

  interface Decoder {
    void decode(byte[] b) throws Exception;

    interface Action {
      void run() throws Exception;
    }
  }

  private static void rejects(Decoder d, byte[] input, String field, Problem problem) {
    assertThatThrownBy(() -> d.decode(input))
        .isInstanceOfSatisfying(InvalidEncodingException.class, e -> {
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.problem()).isEqualTo(problem);
          assertThat(e.getMessage()).startsWith(field);
        });
  }

  private static void pointRules(Decoder d, String field) {
    rejects(d, null, field, Problem.NULL);
    rejects(d, new byte[0], field, Problem.WRONG_LENGTH);
    rejects(d, new byte[64], field, Problem.WRONG_LENGTH);
    rejects(d, Arrays.copyOf(GOOD, 66), field, Problem.WRONG_LENGTH);
    rejects(d, Arrays.copyOfRange(GOOD, 1, 65), field, Problem.WRONG_LENGTH);
    // compressed and hybrid prefixes are not accepted (TS 33.180 sends uncompressed points)
    for (int prefix : new int[] {0x00, 0x02, 0x03, 0x05, 0x06, 0x07, 0xFF}) {
      byte[] b = GOOD.clone();
      b[0] = (byte) prefix;
      rejects(d, b, field, Problem.WRONG_PREFIX);
    }
    // the point at infinity has no affine encoding: all-zero coordinates are not on the curve
    byte[] zero = new byte[65];
    zero[0] = 4;
    rejects(d, zero, field, Problem.NOT_ON_CURVE);
    // off the curve
    byte[] off = GOOD.clone();
    off[64] ^= 1;
    rejects(d, off, field, Problem.NOT_ON_CURVE);
    // x >= p and y >= p: x = p, or x + p where x + p < 2^256 (the same residue, a non-canonical encoding)
    byte[] xIsP = GOOD.clone();
    System.arraycopy(HEX.parseHex(P_HEX), 0, xIsP, 1, 32);
    rejects(d, xIsP, field, Problem.COORDINATE_TOO_LARGE);
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(GOOD, 33, 65));
    BigInteger yPlusP = y.add(P256.P);
    if (yPlusP.bitLength() <= 256) {
      byte[] b = GOOD.clone();
      byte[] raw = yPlusP.toByteArray();
      System.arraycopy(raw, raw.length - 32, b, 33, 32);
      rejects(d, b, field, Problem.COORDINATE_TOO_LARGE);
    }
    byte[] allOnes = new byte[65];
    Arrays.fill(allOnes, (byte) 0xFF);
    allOnes[0] = 4;
    rejects(d, allOnes, field, Problem.COORDINATE_TOO_LARGE);
  }

  @Test
  void pvtDecoding() {
    pointRules(Pvt::decode, "PVT");
  }

  @Test
  void kpakDecoding() {
    pointRules(Kpak::decode, "KPAK");
  }

  @Test
  void pvtInsideASignature() throws Exception {
    Kpak kpak = Kpak.decode(HEX.parseHex(Rfc6507AppendixATest.KPAK));
    byte[] rs = HEX.parseHex(Rfc6507AppendixATest.R + Rfc6507AppendixATest.S);
    EccsiVerifier v = Eccsi.verifier(kpak, Rfc6507AppendixATest.ID);
    Decoder asSignature = pvt -> {
      if (pvt == null || pvt.length != 65) {
        throw new InvalidEncodingException("ECCSI signature PVT", Problem.WRONG_LENGTH); // length is checked on the whole signature
      }
      byte[] sig = new byte[129];
      System.arraycopy(rs, 0, sig, 0, 64);
      System.arraycopy(pvt, 0, sig, 64, 65);
      v.verify(Rfc6507AppendixATest.M, sig);
    };
    byte[] prefix = GOOD.clone();
    prefix[0] = 2;
    rejects(asSignature, prefix, "ECCSI signature PVT", Problem.WRONG_PREFIX);
    byte[] off = GOOD.clone();
    off[40] ^= 4;
    rejects(asSignature, off, "ECCSI signature PVT", Problem.NOT_ON_CURVE);
  }

  @Test
  void signatureFraming() throws Exception {
    Kpak kpak = Kpak.decode(HEX.parseHex(Rfc6507AppendixATest.KPAK));
    EccsiVerifier v = Eccsi.verifier(kpak, Rfc6507AppendixATest.ID);
    byte[] m = Rfc6507AppendixATest.M;
    byte[] good = HEX.parseHex(Rfc6507AppendixATest.R + Rfc6507AppendixATest.S + Rfc6507AppendixATest.PVT);
    Decoder d = sig -> v.verify(m, sig);
    rejects(d, null, "ECCSI signature", Problem.NULL);
    rejects(d, new byte[128], "ECCSI signature", Problem.WRONG_LENGTH);
    rejects(d, Arrays.copyOf(good, 130), "ECCSI signature", Problem.WRONG_LENGTH);
    byte[] rZero = good.clone();
    Arrays.fill(rZero, 0, 32, (byte) 0);
    rejects(d, rZero, "ECCSI signature r", Problem.OUT_OF_RANGE);
    byte[] rIsP = good.clone();
    System.arraycopy(HEX.parseHex(P_HEX), 0, rIsP, 0, 32);
    rejects(d, rIsP, "ECCSI signature r", Problem.OUT_OF_RANGE);
    byte[] sZero = good.clone();
    Arrays.fill(sZero, 32, 64, (byte) 0);
    rejects(d, sZero, "ECCSI signature s", Problem.OUT_OF_RANGE);
    byte[] sIsQ = good.clone();
    byte[] q = P256.Q.toByteArray();
    System.arraycopy(q, q.length - 32, sIsQ, 32, 32);
    rejects(d, sIsQ, "ECCSI signature s", Problem.OUT_OF_RANGE);
    // s + q still fits in 32 octets for this s? then the non-canonical s must be refused too
    BigInteger s = new BigInteger(Rfc6507AppendixATest.S, 16);
    if (s.add(P256.Q).bitLength() <= 256) {
      byte[] b = good.clone();
      byte[] raw = s.add(P256.Q).toByteArray();
      System.arraycopy(raw, raw.length - 32, b, 32, 32);
      rejects(d, b, "ECCSI signature s", Problem.OUT_OF_RANGE);
    }
  }

  @Test
  void scalarsOutsideTheirRange() {
    Decoder ssk = b -> Ssk.decode(b == null ? null : SecretBytes.copyOf(b, SecretAccess.get()));
    rejects(ssk, null, "SSK", Problem.NULL);
    rejects(ssk, new byte[31], "SSK", Problem.WRONG_LENGTH);
    rejects(ssk, new byte[33], "SSK", Problem.WRONG_LENGTH);
    rejects(ssk, new byte[32], "SSK", Problem.OUT_OF_RANGE);
    byte[] q = P256.Q.toByteArray();
    byte[] qBytes = Arrays.copyOfRange(q, q.length - 32, q.length);
    rejects(ssk, qBytes, "SSK", Problem.OUT_OF_RANGE);
    byte[] ones = new byte[32];
    Arrays.fill(ones, (byte) 0xFF);
    rejects(ssk, ones, "SSK", Problem.OUT_OF_RANGE);
    Decoder ksak = b -> EccsiKmsKey.fromKsak(b == null ? null : SecretBytes.copyOf(b, SecretAccess.get()));
    rejects(ksak, null, "KSAK", Problem.NULL);
    rejects(ksak, new byte[16], "KSAK", Problem.WRONG_LENGTH);
    rejects(ksak, new byte[32], "KSAK", Problem.OUT_OF_RANGE);
    rejects(ksak, qBytes, "KSAK", Problem.OUT_OF_RANGE);
    // q - 1 is the largest valid scalar
    byte[] qMinus1 = qBytes.clone();
    qMinus1[31]--;
    assertThat(catchNothing(() -> Ssk.decode(SecretBytes.copyOf(qMinus1, SecretAccess.get())))).isTrue();
  }

  private static boolean catchNothing(Decoder.Action a) {
    try {
      a.run();
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void secretsNeverPrint() throws Exception {
    EccsiKmsKey kms = Rfc6507AppendixATest.kms();
    IssuedEccsiKey issued = kms.issueWithEphemeralForTest(Rfc6507AppendixATest.ID, Rfc6507AppendixATest.V);
    EccsiSigningKey key = Eccsi.keyValidator(kms.kpak()).validate(Rfc6507AppendixATest.ID, issued.ssk(), issued.pvt());
    String ssk = Rfc6507AppendixATest.SSK.toLowerCase();
    for (Object o : new Object[] {kms, issued, issued.ssk(), key, kms.ksak(), issued.ssk().toSecretBytes()}) {
      assertThat(o.toString().toLowerCase()).doesNotContain(ssk).doesNotContain("12345").contains("redacted");
    }
  }
}
