package org.mcxkms.crypto.eccsi;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.ECPoint;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.internal.P256;
import org.mcxkms.crypto.internal.P256Field;

/**
 * Public Validation Token (RFC 6507 5.1.1: PVT = [v]G), sent as {@code UserPubTokenPVT} and as the
 * last 65 octets of every ECCSI signature. Always a validated point on P-256.
 */
public final class Pvt {
  /** Built on first use by the public-key arithmetic (validation, verification). */
  private volatile ECPoint point;
  private final byte[] encoded;
  /** Affine coordinates as field words, for comparisons without inversion. */
  private final int[][] words;

  Pvt(ECPoint point) {
    this.point = point.normalize();
    this.encoded = P256.encode(this.point);
    this.words = P256.affineWords(this.point);
  }

  /** From the issuer's own fixed-base result (affine words): no Bouncy Castle point is built. */
  Pvt(int[][] affine) {
    this.words = new int[][] {affine[0].clone(), affine[1].clone()};
    byte[] e = new byte[P256.POINT_LENGTH];
    e[0] = 0x04;
    P256Field.toBytes(words[0], e, 1);
    P256Field.toBytes(words[1], e, 1 + P256.N);
    this.encoded = e;
  }

  int[] xWords() {
    return words[0];
  }

  int[] yWords() {
    return words[1];
  }

  /** Strictly decodes a 65-octet uncompressed PVT received from outside. */
  public static Pvt decode(byte[] encoded) throws InvalidEncodingException {
    return new Pvt(P256.decodePoint(encoded, "PVT"));
  }

  ECPoint point() {
    ECPoint p = point;
    if (p == null) {
      p = P256.CURVE.createPoint(P256Field.toBigInteger(words[0]), P256Field.toBigInteger(words[1]));
      point = p;
    }
    return p;
  }

  public byte[] toByteArray() {
    return encoded.clone();
  }

  byte[] encodedView() {
    return encoded;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pvt other && Arrays.equals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "Pvt[" + HexFormat.of().formatHex(encoded) + "]";
  }
}
