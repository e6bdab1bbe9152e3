package org.mcxkms.crypto.internal;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.raw.Mod;

/**
 * Constant-time fixed-base multiplication [k]G on P-256 for secret k (KSAK, v, j, SSK).
 *
 * <p><b>Method.</b> k is recoded into 37 signed base-128 digits d_i in [-64, 64] (k = sum d_i
 * 128^i), and [k]G = sum [d_i]([128^i]G) is accumulated with one Jacobian-plus-affine addition per
 * digit from a table holding [m 128^i]G for m = 1..64 (37 x 64 affine points, 148 KiB, built once
 * from public data). There are no doublings. (7-bit windows rather than 6: six fewer additions
 * for scans of 64 entries instead of 32; 12-16% fewer instructions per multiplication, counted.)
 *
 * <p><b>Constant time.</b> The digit recoding is branch-free arithmetic. Each table lookup reads
 * all 64 entries of its window and keeps one with a mask; a negative digit negates y with a
 * masked select. Every window performs the same addition, and the two special outcomes (digit 0:
 * keep the sum; sum still at infinity: take the table point) are masked selects. The addition
 * never meets its exceptional inputs (equal or opposite points): after i windows the running sum
 * is [R]G with |R| &lt; 128^i &lt;= |d_i| 128^i, and for k in [1, q-1] no sum wraps modulo q. The
 * field arithmetic is {@link P256Field} (constant time), the final inversion is Bouncy Castle's
 * constant-time {@link Mod#modOddInverse} (Bernstein-Yang safegcd with a fixed step count).
 */
public final class P256BaseMul {
  static final int WINDOW = 7;
  static final int WINDOWS = 37; // ceil(257 / 7): room for the final carry of the recoding
  static final int ENTRIES = 1 << (WINDOW - 1); // |d| = 1..64

  /**
   * TABLE[i][8 (m-1) .. 8 m) = x || y of [m 128^i]G, two 32-bit words per long, least significant
   * first (longs halve the work of the full-table scans).
   */
  private static final long[][] TABLE = buildTable();

  private static final int[] PRIME = primeWords();

  private P256BaseMul() {}

  private static int[] primeWords() {
    int[] p = new int[8];
    for (int i = 0; i < 8; i++) {
      p[i] = P256.P.shiftRight(32 * i).intValue();
    }
    return p;
  }

  private static long[][] buildTable() {
    long[][] table = new long[WINDOWS][ENTRIES * 8];
    ECPoint base = P256.G;
    for (int i = 0; i < WINDOWS; i++) {
      ECPoint[] row = new ECPoint[ENTRIES];
      row[0] = base;
      for (int m = 1; m < ENTRIES; m++) {
        row[m] = row[m - 1].add(base);
      }
      P256.CURVE.normalizeAll(row);
      for (int m = 0; m < ENTRIES; m++) {
        int[] x = P256Field.fromBigInteger(row[m].getAffineXCoord().toBigInteger());
        int[] y = P256Field.fromBigInteger(row[m].getAffineYCoord().toBigInteger());
        for (int j = 0; j < 4; j++) {
          table[i][8 * m + j] = (x[2 * j] & 0xFFFF_FFFFL) | ((long) x[2 * j + 1] << 32);
          table[i][8 * m + 4 + j] = (y[2 * j] & 0xFFFF_FFFFL) | ((long) y[2 * j + 1] << 32);
        }
      }
      base = base.timesPow2(WINDOW).normalize();
    }
    return table;
  }

  /** A point in Jacobian coordinates (x = X/Z^2, y = Y/Z^3); Z = 0 is the point at infinity. */
  public static final class Jacobian {
    final int[] x = new int[8];
    final int[] y = new int[8];
    final int[] z = new int[8];

    /**
     * -1 if this point equals the affine point (ax, ay) (fully reduced words), else 0, compared
     * projectively (X = ax Z^2 and Y = ay Z^3, Z != 0) so that no inversion is needed. Constant
     * time.
     */
    public int equalsAffineMask(int[] ax, int[] ay) {
      int[] zz = new int[8];
      int[] t = new int[8];
      P256Field.square(z, zz);
      P256Field.multiply(ax, zz, t);
      int eq = P256Field.equalMask(t, x);
      P256Field.multiply(zz, z, zz);
      P256Field.multiply(ay, zz, t);
      eq &= P256Field.equalMask(t, y);
      return eq & ~P256Field.isZeroMask(z);
    }

    /** The affine coordinates {x, y}, fully reduced (Z must not be 0), via one constant-time inversion. */
    public int[][] toAffine() {
      int[] zi = new int[8];
      P256Field.canonical(z, zi);
      Mod.modOddInverse(PRIME, zi.clone(), zi);
      int[] zi2 = new int[8];
      P256Field.square(zi, zi2);
      int[] ax = new int[8];
      P256Field.multiply(x, zi2, ax);
      P256Field.multiply(zi2, zi, zi2);
      int[] ay = new int[8];
      P256Field.multiply(y, zi2, ay);
      P256Field.canonical(ax, ax);
      P256Field.canonical(ay, ay);
      return new int[][] {ax, ay};
    }

    /** The affine x coordinate only (for ECCSI's r = Jx). */
    public int[] affineX() {
      int[] zi = new int[8];
      P256Field.canonical(z, zi);
      Mod.modOddInverse(PRIME, zi.clone(), zi);
      P256Field.square(zi, zi);
      int[] ax = new int[8];
      P256Field.multiply(x, zi, ax);
      P256Field.canonical(ax, ax);
      return ax;
    }

    /** This point as a (public) Bouncy Castle point, normalised. */
    public ECPoint toEcPoint() {
      int[][] a = toAffine();
      return P256.CURVE.createPoint(P256Field.toBigInteger(a[0]), P256Field.toBigInteger(a[1]));
    }
  }

  /**
   * [k]G for k given as four 64-bit limbs (least significant first) with 1 &lt;= k &lt; q. The
   * result is in Jacobian coordinates; callers convert or compare it.
   */
  public static Jacobian multiply(long[] k) {
    int[] digits = recode(k);
    Jacobian r = new Jacobian();
    r.x[0] = 1;
    r.y[0] = 1; // Z = 0: infinity
    int rIsInfinity = -1;
    int[] tx = new int[8];
    int[] ty = new int[8];
    int[] negY = new int[8];
    int[] sx = new int[8];
    int[] sy = new int[8];
    int[] sz = new int[8];
    int[] one = P256Field.one();
    Scratch s = new Scratch();
    for (int i = 0; i < WINDOWS; i++) {
      int d = digits[i];
      int sign = d >> 31; // -1 if negative
      int mag = (d ^ sign) - sign;
      lookup(TABLE[i], mag, tx, ty);
      P256Field.negate(ty, negY);
      P256Field.select(sign, negY, ty, ty);

      addMixed(r, tx, ty, sx, sy, sz, s);
      // A zero digit adds nothing (keep R); if R is still infinity the sum is the table point
      // (T, Z = 1); otherwise it is S. One masked pass over the three coordinates.
      int isZero = ((mag | -mag) >> 31) ^ -1;
      int takeT = rIsInfinity & ~isZero;
      int takeS = ~isZero & ~rIsInfinity;
      for (int j = 0; j < 8; j++) {
        r.x[j] = (r.x[j] & isZero) | (tx[j] & takeT) | (sx[j] & takeS);
        r.y[j] = (r.y[j] & isZero) | (ty[j] & takeT) | (sy[j] & takeS);
        r.z[j] = (r.z[j] & isZero) | (one[j] & takeT) | (sz[j] & takeS);
      }
      rIsInfinity &= isZero;
    }
    return r;
  }

  /** Signed base-128 digits of k in [-64, 64], least significant first, without branches. */
  static int[] recode(long[] k) {
    int[] d = new int[WINDOWS];
    int carry = 0;
    for (int i = 0; i < WINDOWS; i++) {
      int bit = WINDOW * i; // public position
      int w = (int) bits(k, bit) + carry; // 0 .. 128
      // carry = 1 when w >= 64 (w - 64 is then non-negative)
      carry = ((w - ENTRIES) >>> 31) ^ 1;
      d[i] = w - (carry << WINDOW);
    }
    return d;
  }

  /** WINDOW bits of k starting at {@code bit} (zero beyond bit 255). */
  private static long bits(long[] k, int bit) {
    int limb = bit >>> 6;
    int off = bit & 63;
    long v = limb < 4 ? k[limb] >>> off : 0;
    if (off > 64 - WINDOW && limb + 1 < 4) {
      v |= k[limb + 1] << (64 - off);
    }
    return v & ((1 << WINDOW) - 1);
  }

  /** Copies entry |d| (1..64) of a window into (x, y) reading every entry; |d| = 0 gives zeros. */
  private static void lookup(long[] window, int mag, int[] x, int[] y) {
    long x0 = 0;
    long x1 = 0;
    long x2 = 0;
    long x3 = 0;
    long y0 = 0;
    long y1 = 0;
    long y2 = 0;
    long y3 = 0;
    for (int m = 1; m <= ENTRIES; m++) {
      long diff = m ^ mag;
      long mask = ((diff | -diff) >> 63) ^ -1L; // -1 iff m == mag
      int base = 8 * (m - 1);
      x0 |= window[base] & mask;
      x1 |= window[base + 1] & mask;
      x2 |= window[base + 2] & mask;
      x3 |= window[base + 3] & mask;
      y0 |= window[base + 4] & mask;
      y1 |= window[base + 5] & mask;
      y2 |= window[base + 6] & mask;
      y3 |= window[base + 7] & mask;
    }
    unpack(x0, x1, x2, x3, x);
    unpack(y0, y1, y2, y3, y);
  }

  private static void unpack(long a0, long a1, long a2, long a3, int[] z) {
    z[0] = (int) a0;
    z[1] = (int) (a0 >>> 32);
    z[2] = (int) a1;
    z[3] = (int) (a1 >>> 32);
    z[4] = (int) a2;
    z[5] = (int) (a2 >>> 32);
    z[6] = (int) a3;
    z[7] = (int) (a3 >>> 32);
  }

  private static final class Scratch {
    final int[] z1z1 = new int[8];
    final int[] u2 = new int[8];
    final int[] s2 = new int[8];
    final int[] h = new int[8];
    final int[] hh = new int[8];
    final int[] i4 = new int[8];
    final int[] j = new int[8];
    final int[] rr = new int[8];
    final int[] v = new int[8];
    final int[] t = new int[8];
  }

  /**
   * (sx, sy, sz) = P1 + (x2, y2) for Jacobian P1 and affine (x2, y2), add-2007-bl with Z2 = 1
   * ("madd-2007-bl", 7M + 4S). Valid when P1 is neither infinity nor +-(x2, y2).
   */
  private static void addMixed(
      Jacobian p1, int[] x2, int[] y2, int[] sx, int[] sy, int[] sz, Scratch s) {
    P256Field.square(p1.z, s.z1z1); // Z1Z1 = Z1^2
    P256Field.multiply(x2, s.z1z1, s.u2); // U2 = X2 Z1Z1
    P256Field.multiply(p1.z, s.z1z1, s.t);
    P256Field.multiply(y2, s.t, s.s2); // S2 = Y2 Z1 Z1Z1
    P256Field.subtract(s.u2, p1.x, s.h); // H = U2 - X1
    P256Field.square(s.h, s.hh); // HH = H^2
    P256Field.twice(s.hh, s.i4);
    P256Field.twice(s.i4, s.i4); // I = 4 HH
    P256Field.multiply(s.h, s.i4, s.j); // J = H I
    P256Field.subtract(s.s2, p1.y, s.rr);
    P256Field.twice(s.rr, s.rr); // r = 2 (S2 - Y1)
    P256Field.multiply(p1.x, s.i4, s.v); // V = X1 I
    P256Field.square(s.rr, sx);
    P256Field.subtract(sx, s.j, sx);
    P256Field.subtract(sx, s.v, sx);
    P256Field.subtract(sx, s.v, sx); // X3 = r^2 - J - 2V
    P256Field.subtract(s.v, sx, s.t);
    P256Field.multiply(s.rr, s.t, s.t); // r (V - X3)
    P256Field.multiply(p1.y, s.j, sy);
    P256Field.twice(sy, sy); // 2 Y1 J
    P256Field.subtract(s.t, sy, sy); // Y3
    P256Field.add(p1.z, s.h, sz);
    P256Field.square(sz, sz);
    P256Field.subtract(sz, s.z1z1, sz);
    P256Field.subtract(sz, s.hh, sz); // Z3 = (Z1 + H)^2 - Z1Z1 - HH
  }
}
