package org.mcxkms.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * Immutable secret octets (a master secret, an SSK, an RSK encoding, a TrK, an InK, a GMK...).
 * Never printed by {@link #toString()}, compared in constant time, handed out only as a copy and
 * only against {@link SecretAccess}. {@link #destroy()} zeroes the octets and ends the object's use:
 * afterwards every access to the secret throws {@link IllegalStateException}, so a destroyed key
 * can never pass for a key of zeros.
 */
public final class SecretBytes implements Destroyable {
  private final byte[] bytes;
  private volatile boolean destroyed;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps a copy of {@code bytes}; the caller should erase its own array afterwards. */
  public static SecretBytes copyOf(byte[] bytes, SecretAccess access) {
    SecretAccess.require(access);
    return new SecretBytes(bytes.clone());
  }

  /** Wraps {@code bytes} without copying; for arrays that nobody else holds. */
  static SecretBytes adopt(byte[] bytes) {
    return new SecretBytes(bytes);
  }

  /** Fresh random secret of {@code length} octets. */
  public static SecretBytes random(int length, SecureRandom random) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return new SecretBytes(b);
  }

  /** A copy of the secret octets. Erase it when done. */
  public byte[] toByteArray(SecretAccess access) {
    SecretAccess.require(access);
    requireLive();
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  /** Constant-time comparison of contents (the length is not secret). */
  public boolean equalsSecretBytes(SecretBytes other) {
    requireLive();
    if (other == null) {
      return false;
    }
    other.requireLive();
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  /**
   * Overwrites the held octets with zeros and makes every later access to them
   * ({@link #toByteArray}, {@link #equalsSecretBytes}) throw {@link IllegalStateException}.
   * Destroying twice is harmless.
   */
  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  private void requireLive() {
    if (destroyed) {
      throw new IllegalStateException("this secret was destroyed and can no longer be used");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretBytes other && equalsSecretBytes(other);
  }

  @Override
  public int hashCode() {
    return bytes.length; // never derived from the secret
  }

  @Override
  public String toString() {
    return "SecretBytes[" + bytes.length + " octets, redacted]";
  }
}
