package org.mcxkms.crypto.internal;

import java.math.BigInteger;

/**
 * Constant-time arithmetic in the P-256 field F_p, p = 2^256 - 2^224 + 2^192 + 2^96 - 1.
 * Elements are {@code int[8]}, 32-bit words least significant first. Arithmetic results are
 * <em>weakly</em> reduced: any value below 2^256 that is congruent to the result (so possibly in
 * [p, 2^256)); every arithmetic method accepts such values. The methods that compare or export
 * ({@link #equalMask}, {@link #isZeroMask}, {@link #toBytes}, {@link #toBigInteger},
 * {@link #canonical}) reduce fully first, so callers never see the difference.
 *
 * <p>Products are schoolbook 8x8-word multiplications in 64-bit accumulators (no carry can be
 * lost: a*b + c + d &lt; 2^64 for 32-bit a, b, c, d) followed by the NIST fast reduction of
 * FIPS 186-4 D.2.3 for p. Every conditional correction is a masked select, and the reduction folds
 * its final carry with a fixed number of carry chains, so no method branches or indexes memory on
 * the values. We use this rather than Bouncy Castle's {@code SecP256R1Field}, which corrects its
 * results with data-dependent branches and loops.
 */
public final class P256Field {
  private static final long M = 0xFFFF_FFFFL;

  /** p, least significant word first. */
  private static final int[] P = {-1, -1, -1, 0, 0, 0, 1, -1};

  private P256Field() {}

  public static int[] create() {
    return new int[8];
  }

  public static int[] one() {
    return new int[] {1, 0, 0, 0, 0, 0, 0, 0};
  }

  /** For constants and public values: x mod p. */
  public static int[] fromBigInteger(BigInteger x) {
    BigInteger r = x.mod(P256.P);
    int[] z = new int[8];
    for (int i = 0; i < 8; i++) {
      z[i] = r.shiftRight(32 * i).intValue();
    }
    return z;
  }

  public static BigInteger toBigInteger(int[] x) {
    byte[] b = new byte[32];
    toBytes(x, b, 0);
    return new BigInteger(1, b);
  }

  /** z = x reduced into [0, p) (one masked subtraction of p). */
  public static void canonical(int[] x, int[] z) {
    copy(x, z);
    subtractPIf(z, 0);
  }

  private static int[] canonical(int[] x) {
    int[] z = new int[8];
    canonical(x, z);
    return z;
  }

  /** 32 big-endian octets at {@code off}, not reduced: callers check the range themselves. */
  public static int[] fromBytesUnreduced(byte[] in, int off) {
    int[] z = new int[8];
    for (int i = 0; i < 8; i++) {
      int base = off + 28 - 4 * i;
      z[i] = (in[base] & 0xFF) << 24 | (in[base + 1] & 0xFF) << 16 | (in[base + 2] & 0xFF) << 8 | (in[base + 3] & 0xFF);
    }
    return z;
  }

  public static void toBytes(int[] x, byte[] out, int off) {
    x = canonical(x);
    for (int i = 0; i < 8; i++) {
      int base = off + 28 - 4 * i;
      int w = x[i];
      out[base] = (byte) (w >>> 24);
      out[base + 1] = (byte) (w >>> 16);
      out[base + 2] = (byte) (w >>> 8);
      out[base + 3] = (byte) w;
    }
  }

  /** -1 if x &lt; p, else 0. Constant time. */
  public static int lessThanPMask(int[] x) {
    long c = 0;
    for (int i = 0; i < 8; i++) {
      c += (x[i] & M) - (P[i] & M);
      c >>= 32;
    }
    return (int) c; // -1 on borrow (x < p), 0 otherwise
  }

  /** -1 if x == 0, else 0. */
  public static int isZeroMask(int[] x) {
    x = canonical(x);
    int t = 0;
    for (int i = 0; i < 8; i++) {
      t |= x[i];
    }
    return ~((t | -t) >> 31);
  }

  /** -1 if x == y, else 0. */
  public static int equalMask(int[] x, int[] y) {
    x = canonical(x);
    y = canonical(y);
    int t = 0;
    for (int i = 0; i < 8; i++) {
      t |= x[i] ^ y[i];
    }
    return ~((t | -t) >> 31);
  }

  /** z = mask ? x : y (mask -1 or 0). */
  public static void select(int mask, int[] x, int[] y, int[] z) {
    for (int i = 0; i < 8; i++) {
      z[i] = (x[i] & mask) | (y[i] & ~mask);
    }
  }

  public static void copy(int[] x, int[] z) {
    System.arraycopy(x, 0, z, 0, 8);
  }

  /** z = x + y mod p (weakly reduced). */
  public static void add(int[] x, int[] y, int[] z) {
    long c = 0;
    for (int i = 0; i < 8; i++) {
      c += (x[i] & M) + (y[i] & M);
      z[i] = (int) c;
      c >>>= 32;
    }
    // z + c 2^256 with c in {0, 1}: fold twice (see reduce); the second fold cannot carry.
    fold(z, fold(z, c));
  }

  /** z = 2x mod p (weakly reduced). */
  public static void twice(int[] x, int[] z) {
    add(x, x, z);
  }

  /** z = x - y mod p (weakly reduced). */
  public static void subtract(int[] x, int[] y, int[] z) {
    long c = 0;
    for (int i = 0; i < 8; i++) {
      c += (x[i] & M) - (y[i] & M);
      z[i] = (int) c;
      c >>= 32;
    }
    // z - 2^256 on a borrow (c = -1): fold twice; the second fold cannot borrow.
    fold(z, fold(z, c));
  }

  /** z = -x mod p. */
  public static void negate(int[] x, int[] z) {
    subtract(new int[8], x, z);
  }

  /**
   * Subtracts p from z (a value below 2^256 + p, given as z plus {@code carry} * 2^256) when the
   * whole value is at least p. Constant time.
   */
  private static void subtractPIf(int[] z, int carry) {
    long c = 0;
    for (int i = 0; i < 8; i++) {
      c += (z[i] & M) - (P[i] & M);
      c >>= 32;
    }
    // Subtract when the trial subtraction did not borrow (c == 0) or the input had the 2^256 bit.
    long mask = (~c | -carry) & M;
    long d = 0;
    for (int i = 0; i < 8; i++) {
      d += (z[i] & M) - (P[i] & mask);
      z[i] = (int) d;
      d >>= 32;
    }
  }

  /** z = x * y mod p (schoolbook 8x8 words, fully unrolled into locals). */
  public static void multiply(int[] x, int[] y, int[] z) {
    final long x0 = x[0] & M, x1 = x[1] & M, x2 = x[2] & M, x3 = x[3] & M;
    final long x4 = x[4] & M, x5 = x[5] & M, x6 = x[6] & M, x7 = x[7] & M;
    long c;
    long yi;
    long t0;
    long t1;
    long t2;
    long t3;
    long t4;
    long t5;
    long t6;
    long t7;
    long t8;
    long t9;
    long t10;
    long t11;
    long t12;
    long t13;
    long t14;
    long t15;
    yi = y[0] & M;
    c = x0 * yi;
    t0 = c & M;
    c >>>= 32;
    c += x1 * yi;
    t1 = c & M;
    c >>>= 32;
    c += x2 * yi;
    t2 = c & M;
    c >>>= 32;
    c += x3 * yi;
    t3 = c & M;
    c >>>= 32;
    c += x4 * yi;
    t4 = c & M;
    c >>>= 32;
    c += x5 * yi;
    t5 = c & M;
    c >>>= 32;
    c += x6 * yi;
    t6 = c & M;
    c >>>= 32;
    c += x7 * yi;
    t7 = c & M;
    c >>>= 32;
    t8 = c;
    yi = y[1] & M;
    c = x0 * yi + t1;
    t1 = c & M;
    c >>>= 32;
    c += x1 * yi + t2;
    t2 = c & M;
    c >>>= 32;
    c += x2 * yi + t3;
    t3 = c & M;
    c >>>= 32;
    c += x3 * yi + t4;
    t4 = c & M;
    c >>>= 32;
    c += x4 * yi + t5;
    t5 = c & M;
    c >>>= 32;
    c += x5 * yi + t6;
    t6 = c & M;
    c >>>= 32;
    c += x6 * yi + t7;
    t7 = c & M;
    c >>>= 32;
    c += x7 * yi + t8;
    t8 = c & M;
    c >>>= 32;
    t9 = c;
    yi = y[2] & M;
    c = x0 * yi + t2;
    t2 = c & M;
    c >>>= 32;
    c += x1 * yi + t3;
    t3 = c & M;
    c >>>= 32;
    c += x2 * yi + t4;
    t4 = c & M;
    c >>>= 32;
    c += x3 * yi + t5;
    t5 = c & M;
    c >>>= 32;
    c += x4 * yi + t6;
    t6 = c & M;
    c >>>= 32;
    c += x5 * yi + t7;
    t7 = c & M;
    c >>>= 32;
    c += x6 * yi + t8;
    t8 = c & M;
    c >>>= 32;
    c += x7 * yi + t9;
    t9 = c & M;
    c >>>= 32;
    t10 = c;
    yi = y[3] & M;
    c = x0 * yi + t3;
    t3 = c & M;
    c >>>= 32;
    c += x1 * yi + t4;
    t4 = c & M;
    c >>>= 32;
    c += x2 * yi + t5;
    t5 = c & M;
    c >>>= 32;
    c += x3 * yi + t6;
    t6 = c & M;
    c >>>= 32;
    c += x4 * yi + t7;
    t7 = c & M;
    c >>>= 32;
    c += x5 * yi + t8;
    t8 = c & M;
    c >>>= 32;
    c += x6 * yi + t9;
    t9 = c & M;
    c >>>= 32;
    c += x7 * yi + t10;
    t10 = c & M;
    c >>>= 32;
    t11 = c;
    yi = y[4] & M;
    c = x0 * yi + t4;
    t4 = c & M;
    c >>>= 32;
    c += x1 * yi + t5;
    t5 = c & M;
    c >>>= 32;
    c += x2 * yi + t6;
    t6 = c & M;
    c >>>= 32;
    c += x3 * yi + t7;
    t7 = c & M;
    c >>>= 32;
    c += x4 * yi + t8;
    t8 = c & M;
    c >>>= 32;
    c += x5 * yi + t9;
    t9 = c & M;
    c >>>= 32;
    c += x6 * yi + t10;
    t10 = c & M;
    c >>>= 32;
    c += x7 * yi + t11;
    t11 = c & M;
    c >>>= 32;
    t12 = c;
    yi = y[5] & M;
    c = x0 * yi + t5;
    t5 = c & M;
    c >>>= 32;
    c += x1 * yi + t6;
    t6 = c & M;
    c >>>= 32;
    c += x2 * yi + t7;
    t7 = c & M;
    c >>>= 32;
    c += x3 * yi + t8;
    t8 = c & M;
    c >>>= 32;
    c += x4 * yi + t9;
    t9 = c & M;
    c >>>= 32;
    c += x5 * yi + t10;
    t10 = c & M;
    c >>>= 32;
    c += x6 * yi + t11;
    t11 = c & M;
    c >>>= 32;
    c += x7 * yi + t12;
    t12 = c & M;
    c >>>= 32;
    t13 = c;
    yi = y[6] & M;
    c = x0 * yi + t6;
    t6 = c & M;
    c >>>= 32;
    c += x1 * yi + t7;
    t7 = c & M;
    c >>>= 32;
    c += x2 * yi + t8;
    t8 = c & M;
    c >>>= 32;
    c += x3 * yi + t9;
    t9 = c & M;
    c >>>= 32;
    c += x4 * yi + t10;
    t10 = c & M;
    c >>>= 32;
    c += x5 * yi + t11;
    t11 = c & M;
    c >>>= 32;
    c += x6 * yi + t12;
    t12 = c & M;
    c >>>= 32;
    c += x7 * yi + t13;
    t13 = c & M;
    c >>>= 32;
    t14 = c;
    yi = y[7] & M;
    c = x0 * yi + t7;
    t7 = c & M;
    c >>>= 32;
    c += x1 * yi + t8;
    t8 = c & M;
    c >>>= 32;
    c += x2 * yi + t9;
    t9 = c & M;
    c >>>= 32;
    c += x3 * yi + t10;
    t10 = c & M;
    c >>>= 32;
    c += x4 * yi + t11;
    t11 = c & M;
    c >>>= 32;
    c += x5 * yi + t12;
    t12 = c & M;
    c >>>= 32;
    c += x6 * yi + t13;
    t13 = c & M;
    c >>>= 32;
    c += x7 * yi + t14;
    t14 = c & M;
    c >>>= 32;
    t15 = c;
    reduce(t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15, z);
  }

  /** z = x^2 mod p: 28 doubled cross products and 8 squares instead of 64 products. */
  public static void square(int[] x, int[] z) {
    final long x0 = x[0] & M, x1 = x[1] & M, x2 = x[2] & M, x3 = x[3] & M;
    final long x4 = x[4] & M, x5 = x[5] & M, x6 = x[6] & M, x7 = x[7] & M;
    long c;
    long t0 = 0;
    long t1 = 0;
    long t2 = 0;
    long t3 = 0;
    long t4 = 0;
    long t5 = 0;
    long t6 = 0;
    long t7 = 0;
    long t8 = 0;
    long t9 = 0;
    long t10 = 0;
    long t11 = 0;
    long t12 = 0;
    long t13 = 0;
    long t14 = 0;
    long t15 = 0;
    c = x0 * x1 + t1;
    t1 = c & M;
    c >>>= 32;
    c += x0 * x2 + t2;
    t2 = c & M;
    c >>>= 32;
    c += x0 * x3 + t3;
    t3 = c & M;
    c >>>= 32;
    c += x0 * x4 + t4;
    t4 = c & M;
    c >>>= 32;
    c += x0 * x5 + t5;
    t5 = c & M;
    c >>>= 32;
    c += x0 * x6 + t6;
    t6 = c & M;
    c >>>= 32;
    c += x0 * x7 + t7;
    t7 = c & M;
    c >>>= 32;
    t8 = c;
    c = x1 * x2 + t3;
    t3 = c & M;
    c >>>= 32;
    c += x1 * x3 + t4;
    t4 = c & M;
    c >>>= 32;
    c += x1 * x4 + t5;
    t5 = c & M;
    c >>>= 32;
    c += x1 * x5 + t6;
    t6 = c & M;
    c >>>= 32;
    c += x1 * x6 + t7;
    t7 = c & M;
    c >>>= 32;
    c += x1 * x7 + t8;
    t8 = c & M;
    c >>>= 32;
    t9 = c;
    c = x2 * x3 + t5;
    t5 = c & M;
    c >>>= 32;
    c += x2 * x4 + t6;
    t6 = c & M;
    c >>>= 32;
    c += x2 * x5 + t7;
    t7 = c & M;
    c >>>= 32;
    c += x2 * x6 + t8;
    t8 = c & M;
    c >>>= 32;
    c += x2 * x7 + t9;
    t9 = c & M;
    c >>>= 32;
    t10 = c;
    c = x3 * x4 + t7;
    t7 = c & M;
    c >>>= 32;
    c += x3 * x5 + t8;
    t8 = c & M;
    c >>>= 32;
    c += x3 * x6 + t9;
    t9 = c & M;
    c >>>= 32;
    c += x3 * x7 + t10;
    t10 = c & M;
    c >>>= 32;
    t11 = c;
    c = x4 * x5 + t9;
    t9 = c & M;
    c >>>= 32;
    c += x4 * x6 + t10;
    t10 = c & M;
    c >>>= 32;
    c += x4 * x7 + t11;
    t11 = c & M;
    c >>>= 32;
    t12 = c;
    c = x5 * x6 + t11;
    t11 = c & M;
    c >>>= 32;
    c += x5 * x7 + t12;
    t12 = c & M;
    c >>>= 32;
    t13 = c;
    c = x6 * x7 + t13;
    t13 = c & M;
    c >>>= 32;
    t14 = c;
    // t = 2 t + sum x_i^2 2^(64 i), word by word with one carry
    long sq;
    c = 0;
    sq = x0 * x0;
    c += (t0 << 1) + (sq & M);
    t0 = c & M;
    c >>>= 32;
    c += (t1 << 1) + (sq >>> 32);
    t1 = c & M;
    c >>>= 32;
    sq = x1 * x1;
    c += (t2 << 1) + (sq & M);
    t2 = c & M;
    c >>>= 32;
    c += (t3 << 1) + (sq >>> 32);
    t3 = c & M;
    c >>>= 32;
    sq = x2 * x2;
    c += (t4 << 1) + (sq & M);
    t4 = c & M;
    c >>>= 32;
    c += (t5 << 1) + (sq >>> 32);
    t5 = c & M;
    c >>>= 32;
    sq = x3 * x3;
    c += (t6 << 1) + (sq & M);
    t6 = c & M;
    c >>>= 32;
    c += (t7 << 1) + (sq >>> 32);
    t7 = c & M;
    c >>>= 32;
    sq = x4 * x4;
    c += (t8 << 1) + (sq & M);
    t8 = c & M;
    c >>>= 32;
    c += (t9 << 1) + (sq >>> 32);
    t9 = c & M;
    c >>>= 32;
    sq = x5 * x5;
    c += (t10 << 1) + (sq & M);
    t10 = c & M;
    c >>>= 32;
    c += (t11 << 1) + (sq >>> 32);
    t11 = c & M;
    c >>>= 32;
    sq = x6 * x6;
    c += (t12 << 1) + (sq & M);
    t12 = c & M;
    c >>>= 32;
    c += (t13 << 1) + (sq >>> 32);
    t13 = c & M;
    c >>>= 32;
    sq = x7 * x7;
    c += (t14 << 1) + (sq & M);
    t14 = c & M;
    c >>>= 32;
    c += (t15 << 1) + (sq >>> 32);
    t15 = c & M;
    c >>>= 32;
    reduce(t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15, z);
  }

  /**
   * NIST fast reduction (FIPS 186-4 D.2.3) of the 512-bit t (sixteen 32-bit words in longs):
   * t mod p = s1 + 2 s2 + 2 s3 + s4 + s5 - d1 - d2 - d3 - d4, computed word by word with a signed
   * carry; the leftover carry c (|c| &lt; 8) is folded back twice through 2^256 = 2^224 - 2^192 -
   * 2^96 + 1 (mod p), after which the value lies in [0, 2^256): weakly reduced. (After the first
   * fold the carry is -1, 0 or 1 and the low part is within 8 (2^256 - p) of the wrap-around, so
   * the second fold cannot carry again.)
   */
  private static void reduce(
      long c0, long c1, long c2, long c3, long c4, long c5, long c6, long c7,
      long c8, long c9, long c10, long c11, long c12, long c13, long c14, long c15, int[] z) {
    // Solinas sums, carried word by word (signed carry); words stay in locals until the end.
    long w0 = c0 + c8 + c9 - c11 - c12 - c13 - c14;
    long w1 = (w0 >> 32) + c1 + c9 + c10 - c12 - c13 - c14 - c15;
    long w2 = (w1 >> 32) + c2 + c10 + c11 - c13 - c14 - c15;
    long w3 = (w2 >> 32) + c3 + 2 * (c11 + c12) + c13 - c15 - c8 - c9;
    long w4 = (w3 >> 32) + c4 + 2 * (c12 + c13) + c14 - c9 - c10;
    long w5 = (w4 >> 32) + c5 + 2 * (c13 + c14) + c15 - c10 - c11;
    long w6 = (w5 >> 32) + c6 + 3 * c14 + 2 * c15 + c13 - c8 - c9;
    long w7 = (w6 >> 32) + c7 + 3 * c15 + c8 - c10 - c11 - c12 - c13;
    long cc = w7 >> 32;
    // First fold: + cc (2^224 - 2^192 - 2^96 + 1).
    w0 = (w0 & M) + cc;
    w1 = (w1 & M) + (w0 >> 32);
    w2 = (w2 & M) + (w1 >> 32);
    w3 = (w3 & M) + (w2 >> 32) - cc;
    w4 = (w4 & M) + (w3 >> 32);
    w5 = (w5 & M) + (w4 >> 32);
    w6 = (w6 & M) + (w5 >> 32) - cc;
    w7 = (w7 & M) + (w6 >> 32) + cc;
    cc = w7 >> 32;
    // Second fold: cannot carry again (see above); the result is weakly reduced.
    w0 = (w0 & M) + cc;
    w1 = (w1 & M) + (w0 >> 32);
    w2 = (w2 & M) + (w1 >> 32);
    w3 = (w3 & M) + (w2 >> 32) - cc;
    w4 = (w4 & M) + (w3 >> 32);
    w5 = (w5 & M) + (w4 >> 32);
    w6 = (w6 & M) + (w5 >> 32) - cc;
    w7 = (w7 & M) + (w6 >> 32) + cc;
    z[0] = (int) w0;
    z[1] = (int) w1;
    z[2] = (int) w2;
    z[3] = (int) w3;
    z[4] = (int) w4;
    z[5] = (int) w5;
    z[6] = (int) w6;
    z[7] = (int) w7;
  }

  /** z + c * 2^256 == z' + c' * 2^256 (mod p) with 2^256 = 2^224 - 2^192 - 2^96 + 1; returns c'. */
  private static long fold(int[] z, long c) {
    long w = (z[0] & M) + c;
    z[0] = (int) w;
    w >>= 32;
    w += (z[1] & M);
    z[1] = (int) w;
    w >>= 32;
    w += (z[2] & M);
    z[2] = (int) w;
    w >>= 32;
    w += (z[3] & M) - c;
    z[3] = (int) w;
    w >>= 32;
    w += (z[4] & M);
    z[4] = (int) w;
    w >>= 32;
    w += (z[5] & M);
    z[5] = (int) w;
    w >>= 32;
    w += (z[6] & M) - c;
    z[6] = (int) w;
    w >>= 32;
    w += (z[7] & M) + c;
    z[7] = (int) w;
    w >>= 32;
    return w;
  }
}
