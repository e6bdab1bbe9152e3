package org.mcxkms.crypto.eccsi;

import java.util.Arrays;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.InvalidEncodingException.Problem;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.internal.P256;
import org.mcxkms.crypto.internal.ScalarModQ;

/**
 * Secret Signing Key (RFC 6507 5.1.1), a scalar in [1, q-1], sent as {@code UserSigningKeySSK}
 * (32 octets). Never printed; compared in constant time; its range check is constant time.
 */
public final class Ssk {
  private final SecretBytes encoded;

  private Ssk(SecretBytes encoded) {
    this.encoded = encoded;
  }

  /** Wraps a scalar already known to be in [1, q-1]; erases the caller's limbs. */
  static Ssk ofScalar(long[] value) {
    byte[] b = ScalarModQ.toBytes(value);
    try {
      return new Ssk(SecretBytes.copyOf(b, SecretAccess.get()));
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /** Decodes 32 octets, rejecting any other length and any value outside [1, q-1]. */
  public static Ssk decode(SecretBytes encoded) throws InvalidEncodingException {
    if (encoded == null) {
      throw new InvalidEncodingException("SSK", Problem.NULL);
    }
    if (encoded.length() != P256.N) {
      throw new InvalidEncodingException(
          "SSK", Problem.WRONG_LENGTH, "expected 32 octets, got " + encoded.length());
    }
    long[] v = limbsOf(encoded);
    long ok = ScalarModQ.inRangeMask(v);
    ScalarModQ.erase(v);
    if (ok == 0) {
      throw new InvalidEncodingException("SSK", Problem.OUT_OF_RANGE, "must be in [1, q-1]");
    }
    return new Ssk(encoded);
  }

  static long[] limbsOf(SecretBytes s) {
    byte[] b = s.toByteArray(SecretAccess.get());
    try {
      return ScalarModQ.fromBytes(b, 0);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /** The scalar as limbs (a fresh copy; erase it after use). */
  long[] limbs() {
    return limbsOf(encoded);
  }

  /** The 32-octet encoding, for storage or transmission. */
  public SecretBytes toSecretBytes() {
    return encoded;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ssk other && encoded.equalsSecretBytes(other.encoded);
  }

  @Override
  public int hashCode() {
    return 0x55c;
  }

  @Override
  public String toString() {
    return "Ssk[redacted]";
  }
}
