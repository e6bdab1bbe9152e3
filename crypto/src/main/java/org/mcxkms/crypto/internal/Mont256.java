package org.mcxkms.crypto.internal;

import java.math.BigInteger;

/**
 * Constant-time arithmetic modulo an odd 256-bit modulus m with 2^255 &lt; m &lt; 2^256 (the P-256
 * field prime p and group order q both qualify), in Montgomery form with R = 2^256 and four 64-bit
 * limbs, least significant first.
 *
 * <p><b>Constant-time.</b> Every method executes the same instructions and touches the same
 * memory whatever the values: carries and borrows are computed with bit operations
 * ({@link #carry}, {@link #borrow}), the unsigned 64x64-bit high product is
 * {@link Math#multiplyHigh} plus a masked correction, and every conditional subtraction is a
 * masked select. (Inversion modulo q is Bouncy Castle's constant-time safegcd, see
 * {@link ScalarModQ#inverse}.)
 *
 * <p>Elements are {@code long[4]} arrays. Output arrays may alias inputs.
 */
public final class Mont256 {
  private final long m0;
  private final long m1;
  private final long m2;
  private final long m3;
  /** -m^-1 mod 2^64. */
  private final long n0;
  /** R^2 mod m, for conversion into Montgomery form. */
  private final long[] r2;

  public Mont256(BigInteger modulus) {
    if (!modulus.testBit(0) || modulus.bitLength() != 256) {
      throw new IllegalArgumentException("modulus must be odd with exactly 256 bits");
    }
    long[] m = fromBigInteger(modulus);
    m0 = m[0];
    m1 = m[1];
    m2 = m[2];
    m3 = m[3];
    // Newton iteration for m^-1 mod 2^64: each step doubles the number of correct low bits.
    long inv = m0;
    for (int i = 0; i < 6; i++) {
      inv *= 2 - m0 * inv;
    }
    n0 = -inv;
    r2 = fromBigInteger(BigInteger.ONE.shiftLeft(512).mod(modulus));
  }

  // ---- limb primitives ----

  /** High 64 bits of the unsigned 128-bit product a * b, without branches. */
  static long mulHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /** Carry out (0 or 1) of the unsigned addition s = x + y + cin, cin in {0, 1}. */
  static long carry(long x, long y, long s) {
    return ((x & y) | ((x | y) & ~s)) >>> 63;
  }

  /** Borrow out (0 or 1) of the unsigned subtraction d = x - y - bin, bin in {0, 1}. */
  static long borrow(long x, long y, long d) {
    return ((~x & y) | (~(x ^ y) & d)) >>> 63;
  }

  // ---- conversions (public data or secret data alike; no branches on values) ----

  /** Limbs of a non-negative BigInteger below 2^256. For constants and public values only. */
  public static long[] fromBigInteger(BigInteger v) {
    if (v.signum() < 0 || v.bitLength() > 256) {
      throw new IllegalArgumentException("value does not fit in 256 bits");
    }
    long[] z = new long[4];
    for (int i = 0; i < 4; i++) {
      z[i] = v.shiftRight(64 * i).longValue();
    }
    return z;
  }

  public static BigInteger toBigInteger(long[] a) {
    byte[] b = new byte[32];
    toBytes(a, b, 0);
    return new BigInteger(1, b);
  }

  /** Reads 32 big-endian octets at {@code off} as limbs (no reduction). */
  public static long[] fromBytes(byte[] in, int off) {
    long[] z = new long[4];
    for (int i = 0; i < 4; i++) {
      long w = 0;
      int base = off + 24 - 8 * i;
      for (int k = 0; k < 8; k++) {
        w = (w << 8) | (in[base + k] & 0xFF);
      }
      z[i] = w;
    }
    return z;
  }

  /** Writes limbs as 32 big-endian octets at {@code off}. */
  public static void toBytes(long[] a, byte[] out, int off) {
    for (int i = 0; i < 4; i++) {
      long w = a[i];
      int base = off + 24 - 8 * i;
      for (int k = 7; k >= 0; k--) {
        out[base + k] = (byte) w;
        w >>>= 8;
      }
    }
  }

  /**
   * Reduces a value below 2^256 modulo m with one masked conditional subtraction (enough because
   * m &gt; 2^255). The input is in normal form; so is the output.
   */
  public long[] reduce(long[] a) {
    long[] z = new long[4];
    condSubtract(a[0], a[1], a[2], a[3], 0, z);
    return z;
  }

  /** -1 (all ones) if a &lt; m, else 0. Constant time. */
  public long lessThanModulusMask(long[] a) {
    long d0 = a[0] - m0;
    long b = borrow(a[0], m0, d0);
    long d1 = a[1] - m1 - b;
    b = borrow(a[1], m1, d1);
    long d2 = a[2] - m2 - b;
    b = borrow(a[2], m2, d2);
    long d3 = a[3] - m3 - b;
    b = borrow(a[3], m3, d3);
    return -b;
  }

  /** -1 if every limb is zero, else 0. Constant time. */
  public static long isZeroMask(long[] a) {
    long t = a[0] | a[1] | a[2] | a[3];
    // (t | -t) has its top bit set exactly when t != 0.
    return ((t | -t) >> 63) ^ -1L;
  }

  /** -1 if a == b, else 0. Constant time. */
  public static long equalMask(long[] a, long[] b) {
    long t = (a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3]);
    return ((t | -t) >> 63) ^ -1L;
  }

  /** z = mask ? a : b, with mask -1 or 0. */
  public static void select(long mask, long[] a, long[] b, long[] z) {
    for (int i = 0; i < 4; i++) {
      z[i] = (a[i] & mask) | (b[i] & ~mask);
    }
  }

  // ---- modular arithmetic in Montgomery form ----

  /** z = a * R mod m: into Montgomery form. */
  public void toMont(long[] a, long[] z) {
    mul(a, r2, z);
  }

  /** z = a / R mod m: out of Montgomery form (fully reduced). */
  public void fromMont(long[] a, long[] z) {
    mul(a, new long[] {1, 0, 0, 0}, z);
  }

  /** The Montgomery form of 1, R mod m. */
  public long[] one() {
    long[] z = new long[4];
    toMont(new long[] {1, 0, 0, 0}, z);
    return z;
  }

  /** z = a * b / R mod m (CIOS Montgomery multiplication); inputs below m, output below m. */
  public void mul(long[] a, long[] b, long[] z) {
    final long a0 = a[0];
    final long a1 = a[1];
    final long a2 = a[2];
    final long a3 = a[3];
    long t0 = 0;
    long t1 = 0;
    long t2 = 0;
    long t3 = 0;
    long t4 = 0;
    for (int i = 0; i < 4; i++) {
      final long bi = b[i];
      long lo;
      long hi;
      long s;
      long c;
      long cy;
      // t += a * b[i]
      lo = a0 * bi;
      hi = mulHigh(a0, bi);
      s = t0 + lo;
      c = hi + carry(t0, lo, s);
      t0 = s;

      lo = a1 * bi;
      hi = mulHigh(a1, bi);
      s = t1 + lo;
      cy = carry(t1, lo, s);
      lo = s + c;
      c = hi + cy + carry(s, c, lo);
      t1 = lo;

      lo = a2 * bi;
      hi = mulHigh(a2, bi);
      s = t2 + lo;
      cy = carry(t2, lo, s);
      lo = s + c;
      c = hi + cy + carry(s, c, lo);
      t2 = lo;

      lo = a3 * bi;
      hi = mulHigh(a3, bi);
      s = t3 + lo;
      cy = carry(t3, lo, s);
      lo = s + c;
      c = hi + cy + carry(s, c, lo);
      t3 = lo;

      s = t4 + c;
      long t5 = carry(t4, c, s);
      t4 = s;

      // t = (t + u * m) / 2^64 with u chosen so that the low limb vanishes
      final long u = t0 * n0;
      lo = u * m0;
      hi = mulHigh(u, m0);
      s = t0 + lo; // == 0 by the choice of u
      c = hi + carry(t0, lo, s);

      lo = u * m1;
      hi = mulHigh(u, m1);
      s = t1 + lo;
      cy = carry(t1, lo, s);
      lo = s + c;
      c = hi + cy + carry(s, c, lo);
      t0 = lo;

      lo = u * m2;
      hi = mulHigh(u, m2);
      s = t2 + lo;
      cy = carry(t2, lo, s);
      lo = s + c;
      c = hi + cy + carry(s, c, lo);
      t1 = lo;

      lo = u * m3;
      hi = mulHigh(u, m3);
      s = t3 + lo;
      cy = carry(t3, lo, s);
      lo = s + c;
      c = hi + cy + carry(s, c, lo);
      t2 = lo;

      s = t4 + c;
      t3 = s;
      t4 = t5 + carry(t4, c, s);
    }
    condSubtract(t0, t1, t2, t3, t4, z);
  }

  /** z = a^2 / R mod m. */
  public void sqr(long[] a, long[] z) {
    mul(a, a, z);
  }

  /** z = (t4:t3:t2:t1:t0) - m if that is non-negative, else t; for inputs below 2m. */
  private void condSubtract(long t0, long t1, long t2, long t3, long t4, long[] z) {
    long d0 = t0 - m0;
    long b = borrow(t0, m0, d0);
    long d1 = t1 - m1 - b;
    b = borrow(t1, m1, d1);
    long d2 = t2 - m2 - b;
    b = borrow(t2, m2, d2);
    long d3 = t3 - m3 - b;
    b = borrow(t3, m3, d3);
    // Subtract when t >= m: either the fifth limb is set or the four-limb subtraction did not borrow.
    long useDiff = -(t4 | (b ^ 1));
    z[0] = (d0 & useDiff) | (t0 & ~useDiff);
    z[1] = (d1 & useDiff) | (t1 & ~useDiff);
    z[2] = (d2 & useDiff) | (t2 & ~useDiff);
    z[3] = (d3 & useDiff) | (t3 & ~useDiff);
  }

  /** z = a + b mod m (either form), inputs below m. */
  public void add(long[] a, long[] b, long[] z) {
    long s0 = a[0] + b[0];
    long c = carry(a[0], b[0], s0);
    long s1 = a[1] + b[1] + c;
    c = carry(a[1], b[1], s1);
    long s2 = a[2] + b[2] + c;
    c = carry(a[2], b[2], s2);
    long s3 = a[3] + b[3] + c;
    c = carry(a[3], b[3], s3);
    condSubtract(s0, s1, s2, s3, c, z);
  }

  /** z = a - b mod m (either form), inputs below m. */
  public void sub(long[] a, long[] b, long[] z) {
    long d0 = a[0] - b[0];
    long br = borrow(a[0], b[0], d0);
    long d1 = a[1] - b[1] - br;
    br = borrow(a[1], b[1], d1);
    long d2 = a[2] - b[2] - br;
    br = borrow(a[2], b[2], d2);
    long d3 = a[3] - b[3] - br;
    br = borrow(a[3], b[3], d3);
    // On a borrow, add m back (masked).
    long mask = -br;
    long k0 = m0 & mask;
    long k1 = m1 & mask;
    long k2 = m2 & mask;
    long k3 = m3 & mask;
    long r0 = d0 + k0;
    long c = carry(d0, k0, r0);
    long r1 = d1 + k1 + c;
    c = carry(d1, k1, r1);
    long r2 = d2 + k2 + c;
    c = carry(d2, k2, r2);
    z[0] = r0;
    z[1] = r1;
    z[2] = r2;
    z[3] = d3 + k3 + c;
  }
}
