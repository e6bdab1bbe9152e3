package org.mcxkms.crypto.internal.sakke;

import java.math.BigInteger;

/**
 * Scalars modulo q, the 1022-bit prime order of P (RFC 6508 2.1), as canonical standard-form
 * integers in 18 limbs of 57 bits. Constant time unless a method says "public".
 */
final class Fq {
  private Fq() {}

  static final BigInteger Q = ParameterSet1.Q;
  static final Mont57.Modulus MOD = new Mont57.Modulus(Q);
  private static final SafeGcd GCD = new SafeGcd(Q);
  private static final long[] FOUR_Q = Mont57.toLimbs(Q.shiftLeft(2));
  private static final long[] TWO_Q = Mont57.toLimbs(Q.shiftLeft(1));

  static long[] create() {
    return new long[Mont57.LIMBS];
  }

  /** Public values only. */
  static long[] fromBigInteger(BigInteger v) {
    return Mont57.toLimbs(v.mod(Q));
  }

  /** Public values and tests only. */
  static BigInteger toBigInteger(long[] a) {
    return Mont57.toBigInteger(a);
  }

  /**
   * The integer whose big-endian encoding is {@code in} (at most 128 octets, so below 2^1024 &lt;
   * 8q), reduced mod q in constant time.
   */
  static long[] reduce(byte[] in) {
    if (in.length > Fp.BYTES) {
      throw new IllegalArgumentException("at most 128 octets");
    }
    long[] r = create();
    for (int k = 0; k < in.length; k++) {
      int bit = 8 * (in.length - 1 - k);
      long b = in[k] & 0xFF;
      int li = bit / Mont57.BITS;
      int sh = bit % Mont57.BITS;
      r[li] |= (b << sh) & Mont57.MASK;
      if (sh > Mont57.BITS - 8) {
        r[li + 1] |= b >>> (Mont57.BITS - sh);
      }
    }
    Mont57.subIfAtLeast(r, FOUR_Q);
    Mont57.subIfAtLeast(r, TWO_Q);
    Mont57.subIfAtLeast(r, MOD.n);
    return r;
  }

  /** r = a + b mod q (a, b canonical). */
  static void add(long[] r, long[] a, long[] b) {
    long c = 0;
    for (int j = 0; j < Mont57.LIMBS; j++) {
      long v = a[j] + b[j] + c;
      r[j] = v & Mont57.MASK;
      c = v >>> Mont57.BITS;
    }
    Mont57.subIfAtLeast(r, MOD.n);
  }

  /** r = -a mod q (a canonical). */
  static void neg(long[] r, long[] a) {
    long[] n = MOD.n;
    long c = 0;
    for (int j = 0; j < Mont57.LIMBS; j++) {
      long v = n[j] - a[j] + c;
      r[j] = v & Mont57.MASK;
      c = v >> Mont57.BITS;
    }
    Mont57.subIfAtLeast(r, n);
  }

  /** r = a b mod q (a, b canonical). */
  static void mul(long[] r, long[] a, long[] b) {
    long[] t = new long[Mont57.SCRATCH];
    Mont57.mul(r, a, b, MOD, t); // a b / R
    Mont57.mul(r, r, MOD.r2, MOD, t); // a b
    Mont57.canonical(r, r, MOD);
  }

  /** r = a^-1 mod q (0 for 0). */
  static void inv(long[] r, long[] a) {
    GCD.invert(r, a);
  }

  /** All ones if a = 0. */
  static long isZero(long[] a) {
    return Mont57.isZeroMask(a);
  }

  /** Big-endian 128-octet encoding (for the master secret). */
  static byte[] toBytes(long[] a) {
    byte[] out = new byte[Fp.BYTES];
    for (int k = 0; k < Fp.BYTES; k++) {
      int bit = 8 * (Fp.BYTES - 1 - k);
      int li = bit / Mont57.BITS;
      int sh = bit % Mont57.BITS;
      long v = a[li] >>> sh;
      if (sh > Mont57.BITS - 8 && li + 1 < Mont57.LIMBS) {
        v |= a[li + 1] << (Mont57.BITS - sh);
      }
      out[k] = (byte) v;
    }
    return out;
  }
}
