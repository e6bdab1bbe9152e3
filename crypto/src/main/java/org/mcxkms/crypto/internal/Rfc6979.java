package org.mcxkms.crypto.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-DRBG of RFC 6979 3.2 with HMAC-SHA-256 for the P-256 order q (qlen = hlen = 256, so
 * bits2int is the identity on one 32-octet block and bits2octets(h1) is h1 mod q). The ECCSI KMS
 * draws its deterministic ephemeral v from it with x = KSAK and h1 = SHA-256(identifier), exactly
 * as RFC 6979 derives an ECDSA nonce from a private key and a message hash.
 *
 * <p>Candidates are produced as limbs and range-checked with constant-time masks; the secret x
 * never becomes a {@link java.math.BigInteger}. A rejected candidate (probability about 2^-32)
 * and every further candidate requested by the caller follow step h.3: K = HMAC_K(V || 0x00),
 * V = HMAC_K(V). The HMAC is the JDK's (its SHA-256 is intrinsified, several times faster than a
 * pure-Java digest); the cross-check against Bouncy Castle's HMacDSAKCalculator is a test.
 */
public final class Rfc6979 {
  private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  });

  private final Mac hmac = HMAC.get();
  private final byte[] k = new byte[32];
  private final byte[] v = new byte[32];
  private boolean first = true;

  /**
   * @param x the 32-octet secret key (int2octets(x))
   * @param h1 the 32-octet message hash
   */
  public Rfc6979(byte[] x, byte[] h1) {
    if (x.length != 32 || h1.length != 32) {
      throw new IllegalArgumentException("x and h1 must be 32 octets");
    }
    byte[] h1Reduced = ScalarModQ.toBytes(ScalarModQ.reduce(h1)); // bits2octets(h1)
    Arrays.fill(v, (byte) 0x01); // step b
    // step c: K = 0x00...; steps d-g
    mix((byte) 0x00, x, h1Reduced);
    mix((byte) 0x01, x, h1Reduced);
  }

  private void mix(byte separator, byte[] x, byte[] h1) {
    key();
    hmac.update(v, 0, 32);
    hmac.update(separator);
    hmac.update(x, 0, 32);
    hmac.update(h1, 0, 32);
    finish(k);
    key();
    hmac.update(v, 0, 32);
    finish(v);
  }

  private void key() {
    try {
      hmac.init(new SecretKeySpec(k, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void finish(byte[] out) {
    try {
      hmac.doFinal(out, 0);
    } catch (ShortBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The next candidate in [1, q-1] (RFC 6979 3.2 step h), as limbs. */
  public long[] next() {
    while (true) {
      if (!first) {
        key();
        hmac.update(v, 0, 32);
        hmac.update((byte) 0x00);
        finish(k);
        key();
        hmac.update(v, 0, 32);
        finish(v);
      }
      first = false;
      key();
      hmac.update(v, 0, 32);
      finish(v); // T = V (one block: tlen = qlen)
      long[] candidate = ScalarModQ.fromBytes(v, 0);
      if (ScalarModQ.inRangeMask(candidate) != 0) { // accept/reject reveals nothing of the accepted value
        return candidate;
      }
    }
  }

  /** Erases the DRBG state. */
  public void destroy() {
    Arrays.fill(k, (byte) 0);
    Arrays.fill(v, (byte) 0);
  }
}
