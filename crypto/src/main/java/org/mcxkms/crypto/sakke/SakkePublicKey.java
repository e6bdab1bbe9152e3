package org.mcxkms.crypto.sakke;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.internal.sakke.ReferenceSakke;

/**
 * The KMS Public Key Z_T = [z]P of SAKKE (RFC 6508 2.2), sent as {@code PubEncKey} in the KMS
 * certificate: a validated point of order q on the Parameter Set 1 curve. Long-lived, so it is the
 * natural holder of precomputation for Z.
 */
public final class SakkePublicKey {
  private final BigInteger[] point;
  private final byte[] encoded;

  SakkePublicKey(BigInteger[] point) {
    this.point = point;
    this.encoded = ReferenceSakke.encode(point);
  }

  /** Strictly decodes a 257-octet {@code 04 || x || y}, including the check that Z has order q. */
  public static SakkePublicKey decode(byte[] encoded) throws InvalidEncodingException {
    return new SakkePublicKey(ReferenceSakke.decode(encoded, "SAKKE public key Z", true));
  }

  BigInteger[] point() {
    return point;
  }

  public byte[] toByteArray() {
    return encoded.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SakkePublicKey && Arrays.equals(encoded, ((SakkePublicKey) o).encoded);
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
