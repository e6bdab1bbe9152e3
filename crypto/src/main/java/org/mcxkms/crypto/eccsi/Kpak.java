package org.mcxkms.crypto.eccsi;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.ECPoint;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.internal.P256;

/**
 * KMS Public Authentication Key (RFC 6507 2.2: KPAK = [KSAK]G), sent as {@code PubAuthKey} in the
 * KMS certificate. Always a validated point on P-256.
 */
public final class Kpak {
  private final ECPoint point;
  private final byte[] encoded;
  /** Affine coordinates as field words, for comparisons without inversion. */
  private final int[][] words;
  /** Y = [HS]PVT + KPAK of recently seen signers (public values), for verification. */
  private final SignerPoints signerPoints = new SignerPoints();

  Kpak(ECPoint point) {
    this.point = point.normalize();
    this.encoded = P256.encode(this.point);
    this.words = P256.affineWords(this.point);
  }

  int[] xWords() {
    return words[0];
  }

  int[] yWords() {
    return words[1];
  }

  /** Strictly decodes a 65-octet uncompressed KPAK received from outside. */
  public static Kpak decode(byte[] encoded) throws InvalidEncodingException {
    return new Kpak(P256.decodePoint(encoded, "KPAK"));
  }

  SignerPoints signerPoints() {
    return signerPoints;
  }

  ECPoint point() {
    return point;
  }

  /** The 65-octet encoding {@code 04 || x || y}. */
  public byte[] toByteArray() {
    return encoded.clone();
  }

  byte[] encodedView() {
    return encoded;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Kpak other && Arrays.equals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "Kpak[" + HexFormat.of().formatHex(encoded) + "]";
  }
}
