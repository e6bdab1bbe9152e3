package org.mcxkms.crypto.internal.sakke;

import java.math.BigInteger;

/**
 * The curve E: y^2 = x^3 - 3x of Parameter Set 1 in its Edwards form x^2 + y^2 = 1 - x^2 y^2 (an
 * Edwards curve with a = 1 and d = -1), used for the fixed-base combs.
 *
 * <h2>Why</h2>
 * E(F_p) is cyclic of order 4q, so it has a point of order 4 and is birationally equivalent to a
 * twisted Edwards curve. Its mixed addition in extended coordinates costs 9 multiplications (8
 * without the T coordinate) against 7 multiplications and 4 squarings for the Jacobian mixed
 * addition of {@link Curve}, and the addition law is complete (a = 1 is a square, d = -1 is not,
 * as p = 3 mod 4): it has no exceptional case at all, neither doubling nor the neutral element.
 *
 * <h2>The map</h2>
 * With s^2 = 1/(-3) (the root for which 2/s is a square) and c^2 = 2/s, E is the Montgomery curve
 * s v^2 = u^3 + u under u = s x, v = s y, which is the twisted Edwards curve (2/s) X^2 + Y^2 = 1 -
 * (2/s) X^2 Y^2 under X = u/v, Y = (u - 1)/(u + 1); scaling X by c gives
 * <pre>
 *   (x, y) on E  -&gt;  (c x / y, (s x - 1)/(s x + 1)),   (X, Y)  -&gt;  ((1 + Y)/(s (1 - Y)), c x / X).
 * </pre>
 * It is defined for every point but the neutral element, (0, 0) and the two points with s x = -1
 * (order 4), so for every point of order q; negation is (x, -y) -&gt; (-X, Y).
 *
 * <p>Extended coordinates (X : Y : Z : T) stand for (X/Z, Y/Z) with T = XY/Z ("add-2008-hwcd" and
 * "dbl-2008-hwcd" of the Explicit-Formulas Database, with a = 1 and d = -1). The neutral element is
 * (0 : 1 : 1 : 0).
 *
 * <p>One instance per computation (scratch space); every method is constant time.
 */
final class Edwards {
  private static final BigInteger P = ParameterSet1.P;
  /** s with s^2 = -1/3 and 2/s a square. */
  static final long[] S;
  /** c with c^2 = 2/s. */
  static final long[] C;

  static {
    BigInteger e = P.add(BigInteger.ONE).shiftRight(2);
    BigInteger legendre = P.subtract(BigInteger.ONE).shiftRight(1);
    BigInteger r3 = P.subtract(BigInteger.valueOf(3)).modPow(e, P); // sqrt(-3): -3 is a square
    BigInteger s = r3.modInverse(P);
    if (!BigInteger.TWO.multiply(s.modInverse(P)).mod(P).modPow(legendre, P).equals(BigInteger.ONE)) {
      s = P.subtract(s);
    }
    BigInteger c2 = BigInteger.TWO.multiply(s.modInverse(P)).mod(P);
    BigInteger c = c2.modPow(e, P);
    if (!s.multiply(s).multiply(BigInteger.valueOf(-3)).mod(P).equals(BigInteger.ONE)
        || !c.multiply(c).mod(P).equals(c2)) {
      throw new IllegalStateException("Edwards constants");
    }
    S = Fp.fromBigInteger(s);
    C = Fp.fromBigInteger(c);
  }

  final Fp fp;
  private final long[] a = Fp.create();
  private final long[] b = Fp.create();
  private final long[] c = Fp.create();
  private final long[] d = Fp.create();
  private final long[] e = Fp.create();
  private final long[] f = Fp.create();

  Edwards(Fp fp) {
    this.fp = fp;
  }

  /** A new extended point {X, Y, Z, T}. */
  static long[][] point() {
    return new long[4][Fp.LIMBS];
  }

  /** p = the affine Edwards point (x, y), with T = xy. */
  void fromAffine(long[][] p, long[] x, long[] y) {
    Fp.copy(p[0], x);
    Fp.copy(p[1], y);
    Fp.copy(p[2], Fp.MOD.one);
    fp.mul(p[3], x, y);
  }

  /**
   * p = p + (x2, y2) for an affine point: A = X1 x2, B = Y1 y2, C = -T1 x2 y2, D = Z1,
   * E = (X1 + Y1)(x2 + y2) - A - B, F = D - C, G = D + C, H = B - A; X3 = E F, Y3 = G H,
   * Z3 = F G and, if {@code withT}, T3 = E H (a following doubling does not need T).
   */
  void add(long[][] p, long[] x2, long[] y2, boolean withT) {
    long[] x = p[0];
    long[] y = p[1];
    long[] z = p[2];
    long[] t = p[3];
    fp.mul(a, x, x2); // A
    fp.mul(b, y, y2); // B
    fp.mul(c, x2, y2);
    fp.mul(c, c, t); // -C = T1 x2 y2
    Fp.add(d, x, y);
    Fp.add(e, x2, y2);
    fp.mul(e, d, e);
    Fp.sub(e, e, a);
    Fp.sub(e, e, b); // E
    Fp.sub(f, b, a); // H
    Fp.add(d, z, c); // F = Z1 - C
    Fp.sub(c, z, c); // G = Z1 + C
    fp.mul(x, e, d); // X3 = E F
    fp.mul(y, c, f); // Y3 = G H
    fp.mul(z, d, c); // Z3 = F G
    if (withT) {
      fp.mul(t, e, f); // T3 = E H
    }
  }

  /**
   * p = 2p (T of p not used, T of the result computed): A = X^2, B = Y^2, C = 2 Z^2,
   * E = (X + Y)^2 - A - B, G = A + B, F = G - C, H = A - B; X3 = E F, Y3 = G H, T3 = E H, Z3 = F G.
   */
  void dbl(long[][] p) {
    dbl(p, true);
  }

  /** p = 2p, with T of the result only if {@code withT} (a following doubling does not need it). */
  void dbl(long[][] p, boolean withT) {
    long[] x = p[0];
    long[] y = p[1];
    long[] z = p[2];
    long[] t = p[3];
    fp.sqr(a, x); // A
    fp.sqr(b, y); // B
    fp.sqr(c, z);
    Fp.twice(c, c); // C
    Fp.add(e, x, y);
    fp.sqr(e, e);
    Fp.add(d, a, b); // G
    Fp.sub(e, e, d); // E
    Fp.sub(f, a, b); // H
    Fp.sub(c, d, c); // F
    fp.mul(x, e, c); // X3 = E F
    fp.mul(y, d, f); // Y3 = G H
    if (withT) {
      fp.mul(t, e, f); // T3 = E H
    }
    fp.mul(z, c, d); // Z3 = F G
  }

  /** p = -p. */
  static void negate(long[][] p) {
    Fp.neg(p[0], p[0]);
    Fp.neg(p[3], p[3]);
  }

  /** (xe, ye) = the Edwards image of the point (x, y) of E of order q (not (0, 0), s x != -1). */
  void fromWeierstrass(long[] xe, long[] ye, long[] x, long[] y) {
    // xe = c x (s x + 1) / D, ye = (s x - 1) y / D with D = y (s x + 1)
    fp.mul(a, S, x);
    Fp.add(b, a, Fp.MOD.one); // s x + 1
    Fp.sub(a, a, Fp.MOD.one); // s x - 1
    fp.mul(c, y, b); // D
    fp.inv(c, c);
    fp.mul(d, C, x);
    fp.mul(d, d, b);
    fp.mul(xe, d, c);
    fp.mul(d, a, y);
    fp.mul(ye, d, c);
  }

  /**
   * (x, y) = the point of E for the extended point p: x = (Z + Y) X / D, y = c (Z + Y) Z / D with
   * D = s (Z - Y) X. Returns all ones if p is the neutral element (x, y are then 0). p must be a
   * multiple of a point of order q (so X = 0 only for the neutral element).
   */
  long toWeierstrass(long[] x, long[] y, long[][] p) {
    long inf = Fp.isZero(p[0]);
    Fp.sub(a, p[2], p[1]);
    fp.mul(a, a, S);
    fp.mul(a, a, p[0]); // D
    fp.inv(a, a);
    Fp.add(b, p[2], p[1]); // Z + Y
    fp.mul(c, b, p[0]);
    fp.mul(x, c, a);
    fp.mul(c, b, p[2]);
    fp.mul(c, c, C);
    fp.mul(y, c, a);
    return inf;
  }

  /**
   * All ones if the extended point p is the image of the point (x, y) of E (on the curve, not
   * (0, 0)): X y = c x Z and Y (s x + 1) = Z (s x - 1), cross-multiplied, no inversion.
   */
  long equalsWeierstrass(long[][] p, long[] x, long[] y) {
    fp.mul(a, p[0], y);
    fp.mul(b, C, x);
    fp.mul(b, b, p[2]);
    long ex = Fp.equal(a, b);
    fp.mul(c, S, x);
    Fp.add(d, c, Fp.MOD.one);
    Fp.sub(c, c, Fp.MOD.one);
    fp.mul(d, d, p[1]);
    fp.mul(c, c, p[2]);
    return ex & Fp.equal(c, d);
  }

  /**
   * Affine forms of extended points with one inversion (Montgomery's trick), canonical; result
   * [2i] = x_i, [2i + 1] = y_i. Public values only (Z is never 0: the formulas are complete).
   */
  static long[][] normalize(Fp fp, long[][][] ps) {
    int n = ps.length;
    long[][] prefix = new long[n][];
    long[] acc = Fp.one();
    for (int i = 0; i < n; i++) {
      fp.mul(acc, acc, ps[i][2]);
      prefix[i] = acc.clone();
    }
    long[] inv = Fp.create();
    fp.inv(inv, acc);
    long[][] out = new long[2 * n][];
    long[] zi = Fp.create();
    for (int i = n - 1; i >= 0; i--) {
      if (i > 0) {
        fp.mul(zi, inv, prefix[i - 1]);
        fp.mul(inv, inv, ps[i][2]);
      } else {
        Fp.copy(zi, inv);
      }
      long[] x = Fp.create();
      long[] y = Fp.create();
      fp.mul(x, ps[i][0], zi);
      fp.mul(y, ps[i][1], zi);
      Fp.canonical(x, x);
      Fp.canonical(y, y);
      out[2 * i] = x;
      out[2 * i + 1] = y;
    }
    return out;
  }
}
