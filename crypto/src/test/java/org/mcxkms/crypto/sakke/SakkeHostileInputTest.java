package org.mcxkms.crypto.sakke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.DecapsulationException;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.InvalidEncodingException.Problem;
import org.mcxkms.crypto.KeyValidationException;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.internal.Octets;
import org.mcxkms.crypto.internal.sakke.ParameterSet1;

/**
 * Strict decoding of Z_T, RSK and R (RFC 6508 6.1.2, 6.2.2): every malformed point is refused with an
 * {@link InvalidEncodingException} naming the field and the problem; an RSK or encapsulation with
 * any single bit flipped is refused.
 */
class SakkeHostileInputTest {
  static final BigInteger P = ParameterSet1.P;
  static final byte[] ID = "2011-02\0tel:+447700900123\0".getBytes(StandardCharsets.US_ASCII);

  static SakkeKmsKey kms;
  static Rsk rsk;
  static SakkeReceiverKey receiver;
  static byte[] sed;
  static final byte[] SSV = Octets.fixed(new BigInteger("123456789ABCDEF0123456789ABCDEF0", 16), 16);

  @BeforeAll
  static void keys() throws Exception {
    kms = SakkeKmsKey.fromMasterSecret(SecretBytes.copyOf(
        Octets.fixed(new BigInteger("AFF429D35F84B110D094803B3595A6E2998BC99F", 16), 128), SecretAccess.get()));
    rsk = kms.rskIssuer().issue(ID);
    receiver = Sakke.rskValidator(kms.publicKey()).validate(ID, rsk);
    sed = Sakke.encapsulator(kms.publicKey(), ID).encapsulate(SecretBytes.copyOf(SSV, SecretAccess.get()));
  }

  static byte[] point(BigInteger x, BigInteger y) {
    return Octets.concat(new byte[] {4}, Octets.fixed(x, 128), Octets.fixed(y, 128));
  }

  /** A point of order 4 (x = +-sqrt(-3), -6x a square), affine. */
  static BigInteger[] orderFour() {
    BigInteger e = P.add(BigInteger.ONE).shiftRight(2);
    BigInteger s3 = P.subtract(BigInteger.valueOf(3)).modPow(e, P);
    for (BigInteger x : List.of(s3, P.subtract(s3))) {
      BigInteger y2 = x.multiply(BigInteger.valueOf(-6)).mod(P);
      BigInteger y = y2.modPow(e, P);
      if (y.multiply(y).mod(P).equals(y2)) {
        return new BigInteger[] {x, y};
      }
    }
    throw new AssertionError();
  }

  /** Affine addition over BigInteger (for building wrong-order points). */
  static BigInteger[] add(BigInteger[] a, BigInteger[] b) {
    BigInteger l = b[1].subtract(a[1]).multiply(b[0].subtract(a[0]).modInverse(P)).mod(P);
    BigInteger x = l.multiply(l).subtract(a[0]).subtract(b[0]).mod(P);
    return new BigInteger[] {x, l.multiply(a[0].subtract(x)).subtract(a[1]).mod(P)};
  }

  static BigInteger[] coords(byte[] enc) {
    return new BigInteger[] {
      new BigInteger(1, Arrays.copyOfRange(enc, 1, 129)), new BigInteger(1, Arrays.copyOfRange(enc, 129, 257))
    };
  }

  /** Malformed encodings common to all three fields, with the problem each must report. */
  static List<Object[]> malformed(byte[] valid) {
    BigInteger[] c = coords(valid);
    List<Object[]> cases = new ArrayList<>();
    cases.add(new Object[] {null, Problem.NULL});
    cases.add(new Object[] {new byte[0], Problem.WRONG_LENGTH});
    cases.add(new Object[] {Arrays.copyOf(valid, 256), Problem.WRONG_LENGTH});
    cases.add(new Object[] {Arrays.copyOf(valid, 258), Problem.WRONG_LENGTH});
    cases.add(new Object[] {Arrays.copyOfRange(valid, 1, 257), Problem.WRONG_LENGTH});
    for (int prefix : new int[] {0x00, 0x02, 0x03, 0x05, 0x06, 0x07, 0xFF}) {
      byte[] b = valid.clone();
      b[0] = (byte) prefix;
      cases.add(new Object[] {b, Problem.WRONG_PREFIX});
    }
    BigInteger max = BigInteger.ONE.shiftLeft(1024).subtract(BigInteger.ONE);
    cases.add(new Object[] {point(c[0].add(P).min(max), c[1]), Problem.COORDINATE_TOO_LARGE}); // x + p if it fits
    cases.add(new Object[] {point(c[0], c[1].add(P).min(max)), Problem.COORDINATE_TOO_LARGE});
    cases.add(new Object[] {point(P, c[1]), Problem.COORDINATE_TOO_LARGE});
    cases.add(new Object[] {point(BigInteger.ONE.shiftLeft(1024).subtract(BigInteger.ONE), c[1]), Problem.COORDINATE_TOO_LARGE});
    cases.add(new Object[] {point(c[0], c[1].add(BigInteger.ONE).mod(P)), Problem.NOT_ON_CURVE});
    cases.add(new Object[] {point(BigInteger.ZERO, BigInteger.ONE), Problem.NOT_ON_CURVE});
    cases.add(new Object[] {new byte[257], Problem.WRONG_PREFIX}); // all zero: no 0x04
    cases.add(new Object[] {point(BigInteger.ZERO, BigInteger.ZERO), Problem.WRONG_ORDER}); // (0,0), order 2
    return cases;
  }

  @Test
  void kmsPublicKeyRejectsMalformedEncodingsAndWrongOrder() {
    byte[] z = kms.publicKey().toByteArray();
    List<Object[]> cases = malformed(z);
    BigInteger[] t4 = orderFour();
    BigInteger[] zc = coords(z);
    cases.add(new Object[] {point(t4[0], t4[1]), Problem.WRONG_ORDER});
    BigInteger[] zt4 = add(zc, t4);
    cases.add(new Object[] {point(zt4[0], zt4[1]), Problem.WRONG_ORDER});
    BigInteger[] zt2 = add(zc, new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
    cases.add(new Object[] {point(zt2[0], zt2[1]), Problem.WRONG_ORDER});
    for (Object[] c : cases) {
      Throwable t = catchThrowable(() -> SakkePublicKey.decode((byte[]) c[0]));
      assertThat(t).isInstanceOf(InvalidEncodingException.class);
      InvalidEncodingException e = (InvalidEncodingException) t;
      assertThat(e.field()).isEqualTo("SAKKE public key Z");
      assertThat(e.problem()).as(e.getMessage()).isEqualTo(c[1]);
      assertThat(e.getMessage()).contains("SAKKE public key Z");
    }
  }

  @Test
  void rskRejectsMalformedEncodings() {
    for (Object[] c : malformed(rsk.toSecretBytes().toByteArray(SecretAccess.get()))) {
      SecretBytes in = c[0] == null ? null : SecretBytes.copyOf((byte[]) c[0], SecretAccess.get());
      Throwable t = catchThrowable(() -> Rsk.decode(in));
      assertThat(t).isInstanceOf(InvalidEncodingException.class);
      assertThat(((InvalidEncodingException) t).field()).isEqualTo("RSK");
      assertThat(((InvalidEncodingException) t).problem()).as(t.getMessage()).isEqualTo(c[1]);
    }
  }

  @Test
  void rskWithA4TorsionComponentFailsValidation() throws Exception {
    BigInteger[] k = coords(rsk.toSecretBytes().toByteArray(SecretAccess.get()));
    BigInteger[] t4 = orderFour();
    for (BigInteger[] bad : List.of(add(k, t4), add(k, new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO}), t4)) {
      Rsk decoded = Rsk.decode(SecretBytes.copyOf(point(bad[0], bad[1]), SecretAccess.get()));
      assertThatThrownBy(() -> Sakke.rskValidator(kms.publicKey()).validate(ID, decoded))
          .isInstanceOf(KeyValidationException.class)
          .hasMessageContaining("order q");
    }
  }

  @Test
  void encapsulatedDataRejectsMalformedR() {
    byte[] h = Arrays.copyOfRange(sed, 257, 273);
    for (Object[] c : malformed(Arrays.copyOf(sed, 257))) {
      if (c[0] == null || ((byte[]) c[0]).length != 257) {
        continue; // the R field is carved from 273 octets; wrong totals are tested below
      }
      Throwable t = catchThrowable(() -> receiver.decapsulator().decapsulate(Octets.concat((byte[]) c[0], h)));
      assertThat(t).isInstanceOf(InvalidEncodingException.class);
      assertThat(((InvalidEncodingException) t).field()).isEqualTo("SAKKE R");
      assertThat(((InvalidEncodingException) t).problem()).as(t.getMessage()).isEqualTo(c[1]);
    }
    for (byte[] bad : new byte[][] {null, new byte[0], Arrays.copyOf(sed, 272), Arrays.copyOf(sed, 274)}) {
      Throwable t = catchThrowable(() -> receiver.decapsulator().decapsulate(bad));
      assertThat(t).isInstanceOf(InvalidEncodingException.class);
      assertThat(((InvalidEncodingException) t).field()).isEqualTo("SAKKE encapsulated data");
    }
  }

  @Test
  void rOfWrongOrderIsRefusedByTheRecomputationCheck() {
    BigInteger[] r = coords(sed);
    BigInteger[] t4 = orderFour();
    for (BigInteger[] bad : List.of(add(r, t4), add(r, new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO}), t4)) {
      byte[] data = Octets.concat(point(bad[0], bad[1]), Arrays.copyOfRange(sed, 257, 273));
      assertThatThrownBy(() -> receiver.decapsulator().decapsulate(data)).isInstanceOf(DecapsulationException.class);
    }
  }

  @Test
  void everySingleBitFlipInTheRskIsRefused() {
    byte[] enc = rsk.toSecretBytes().toByteArray(SecretAccess.get());
    RskValidator validator = Sakke.rskValidator(kms.publicKey());
    List<String> accepted = new ArrayList<>();
    for (int bit = 0; bit < enc.length * 8; bit++) {
      byte[] b = enc.clone();
      b[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
      try {
        Rsk flipped = Rsk.decode(SecretBytes.copyOf(b, SecretAccess.get()));
        validator.validate(ID, flipped);
        accepted.add("bit " + bit);
      } catch (InvalidEncodingException | KeyValidationException expected) {
        // refused
      }
    }
    assertThat(accepted).isEmpty();
  }

  @Test
  void everySingleBitFlipInTheEncapsulatedDataIsRefused() {
    SakkeDecapsulator d = receiver.decapsulator();
    List<String> accepted = new ArrayList<>();
    for (int bit = 0; bit < sed.length * 8; bit++) {
      byte[] b = sed.clone();
      b[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
      try {
        d.decapsulate(b);
        accepted.add("bit " + bit);
      } catch (InvalidEncodingException | DecapsulationException expected) {
        // refused
      }
    }
    assertThat(accepted).isEmpty();
  }

  @Test
  void exceptionMessagesNeverCarryKeyMaterial() {
    byte[] enc = rsk.toSecretBytes().toByteArray(SecretAccess.get());
    byte[] b = enc.clone();
    b[200] ^= 1;
    Throwable t = catchThrowable(() -> Rsk.decode(SecretBytes.copyOf(b, SecretAccess.get())));
    String hex = HexFormat.of().formatHex(enc, 1, 9);
    assertThat(t.getMessage()).doesNotContainIgnoringCase(hex);
    assertThat(rsk.toString()).doesNotContainIgnoringCase(hex);
    assertThat(receiver.toString()).doesNotContainIgnoringCase(hex);
  }
}
