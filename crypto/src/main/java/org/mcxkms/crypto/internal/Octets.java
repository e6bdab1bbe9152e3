package org.mcxkms.crypto.internal;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Fixed-length big-endian encodings and SHA-256, the two places where IBC bugs usually hide. */
public final class Octets {
  private Octets() {}

  /**
   * {@code value} as exactly {@code length} big-endian octets, left-padded with zeros (RFC 6507 and
   * RFC 6508 fix every field width; {@link BigInteger#toByteArray()} does not).
   */
  public static byte[] fixed(BigInteger value, int length) {
    if (value.signum() < 0 || value.bitLength() > 8 * length) {
      throw new IllegalArgumentException("value does not fit in " + length + " octets");
    }
    byte[] raw = value.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    return out;
  }

  public static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  public static byte[] sha256(byte[]... parts) {
    MessageDigest md = sha256();
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }
}
