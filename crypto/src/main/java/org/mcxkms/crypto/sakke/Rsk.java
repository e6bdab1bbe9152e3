package org.mcxkms.crypto.sakke;

import java.math.BigInteger;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.internal.sakke.ReferenceSakke;

/**
 * Receiver Secret Key K_(a,T) = [(a + z)^-1]P of SAKKE (RFC 6508 2.2), sent as
 * {@code UserDecryptKey} (257 octets). Secret: never printed, compared in constant time.
 */
public final class Rsk {
  private final BigInteger[] point;
  private final SecretBytes encoded;

  Rsk(BigInteger[] point) {
    this.point = point;
    byte[] enc = ReferenceSakke.encode(point);
    this.encoded = SecretBytes.copyOf(enc, SecretAccess.get());
    java.util.Arrays.fill(enc, (byte) 0);
  }

  /** Strictly decodes 257 octets: length, 0x04 prefix, coordinates below p, on the curve. */
  public static Rsk decode(SecretBytes encoded) throws InvalidEncodingException {
    byte[] b = encoded == null ? null : encoded.toByteArray(SecretAccess.get());
    try {
      return new Rsk(ReferenceSakke.decode(b, "RSK", false));
    } finally {
      if (b != null) {
        java.util.Arrays.fill(b, (byte) 0);
      }
    }
  }

  BigInteger[] point() {
    return point;
  }

  /** The 257-octet encoding, for storage or transmission. */
  public SecretBytes toSecretBytes() {
    return encoded;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rsk && encoded.equalsSecretBytes(((Rsk) o).encoded);
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
