package org.mcxkms.crypto.sakke;

import java.util.Arrays;
import java.util.HexFormat;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.internal.sakke.SakkePoint;

/**
 * The KMS Public Key Z_T = [z]P of SAKKE (RFC 6508 2.2), sent as {@code PubEncKey} in the KMS
 * certificate: a validated point of order q on the Parameter Set 1 curve. Long-lived, so it holds
 * the precomputation for Z (a fixed-base comb table, built on first encapsulation or
 * decapsulation, once, thread-safely).
 */
public final class SakkePublicKey {
  private final SakkePoint point;
  private final byte[] encoded;

  SakkePublicKey(SakkePoint point) {
    this.point = point;
    this.encoded = point.encode();
  }

  /**
   * Strictly decodes a 257-octet {@code 04 || x || y}: length, prefix, coordinates below p, on the
   * curve, and of order q.
   */
  public static SakkePublicKey decode(byte[] encoded) throws InvalidEncodingException {
    return new SakkePublicKey(SakkePoint.decode(encoded, "SAKKE public key Z", true));
  }

  SakkePoint point() {
    return point;
  }

  public byte[] toByteArray() {
    return encoded.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SakkePublicKey other && Arrays.equals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "SakkePublicKey[" + HexFormat.of().formatHex(encoded, 0, 17) + "...]";
  }
}
