package org.mcxkms.crypto.sakke;

import java.util.Arrays;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.internal.sakke.SakkePoint;

/**
 * Receiver Secret Key K_(a,T) = [(a + z)^-1]P of SAKKE (RFC 6508 2.2), sent as
 * {@code UserDecryptKey} (257 octets). Secret: never printed, compared in constant time.
 */
public final class Rsk {
  private final SakkePoint point;
  private final SecretBytes encoded;

  Rsk(SakkePoint point) {
    this.point = point;
    byte[] enc = point.encode();
    this.encoded = SecretBytes.copyOf(enc, SecretAccess.get());
    Arrays.fill(enc, (byte) 0);
  }

  /**
   * Strictly decodes 257 octets: length, 0x04 prefix, coordinates below p, on the curve, not the
   * point (0, 0) of order 2. That the RSK has order q is established by {@link RskValidator}.
   */
  public static Rsk decode(SecretBytes encoded) throws InvalidEncodingException {
    byte[] b = encoded == null ? null : encoded.toByteArray(SecretAccess.get());
    try {
      return new Rsk(SakkePoint.decode(b, "RSK", false));
    } finally {
      if (b != null) {
        Arrays.fill(b, (byte) 0);
      }
    }
  }

  SakkePoint point() {
    return point;
  }

  /** The 257-octet encoding, for storage or transmission. */
  public SecretBytes toSecretBytes() {
    return encoded;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rsk other && encoded.equalsSecretBytes(other.encoded);
  }

  @Override
  public int hashCode() {
    return 0x25c;
  }

  @Override
  public String toString() {
    return "Rsk[redacted]";
  }
}
