package org.mcxkms.crypto.internal.sakke;

import java.math.BigInteger;

/**
 * Point arithmetic on E: y^2 = x^3 - 3x over F_p (RFC 6508 2.1, Parameter Set 1).
 *
 * <p>Affine points are {@code long[2][]} {x, y}; Jacobian points {@code long[3][]} {X, Y, Z} stand
 * for (X/Z^2, Y/Z^3), with Z = 0 for the point at infinity. The formulas are the a = -3 doubling
 * "dbl-2001-b" (3M + 5S) and the mixed addition "madd-2007-bl" (7M + 4S) of the Explicit-Formulas
 * Database, with the two products of Y3 reduced together (lazy reduction). They are branch-free;
 * they are not complete: doubling through {@link #madd} (adding a point to itself) yields Z = 0.
 * Their caller rules that out: the Miller loops ({@link MillerLines}) run on points of prime order.
 * Scalar multiplications ({@link PointTable}, {@link VariableBase}) use the complete
 * {@link Edwards} form instead.
 *
 * <p>The line variants also return the line through the points, as three F_p coefficients
 * (L0, L1, L2) such that its value at psi(Q) = (-Qx, i Qy) is, up to an F_p factor,
 * (L0 + L1 Qx) + (L2 Qy) i (RFC 6508 3.2 with the F_p factor 2YZ^3 or Z3 cleared).
 *
 * <p>One instance per computation (scratch space); constant time.
 */
final class Curve {
  final Fp fp;
  private final long[] a = Fp.create();
  private final long[] b = Fp.create();
  private final long[] c = Fp.create();
  private final long[] d = Fp.create();
  private final long[] e = Fp.create();
  private final long[] f = Fp.create();
  private final long[] g = Fp.create();
  private final long[] w0 = Fp.wide();
  private final long[] w1 = Fp.wide();

  Curve(Fp fp) {
    this.fp = fp;
  }

  static long[][] jacobian() {
    return new long[3][Fp.LIMBS];
  }

  static long[][] affine() {
    return new long[2][Fp.LIMBS];
  }

  /** J = affine point p (Z = 1). */
  static void fromAffine(long[][] j, long[] x, long[] y) {
    Fp.copy(j[0], x);
    Fp.copy(j[1], y);
    Fp.copy(j[2], Fp.MOD.one);
  }

  /** J = 2J. */
  void dbl(long[][] j) {
    dblLine(j, null, null, null);
  }

  /** J = 2J, and (if l0 != null) the tangent line coefficients at the old J. */
  void dblLine(long[][] j, long[] l0, long[] l1, long[] l2) {
    long[] x = j[0];
    long[] y = j[1];
    long[] z = j[2];
    long[] delta = a;
    long[] gamma = b;
    long[] beta = c;
    long[] alpha = d;
    fp.sqr(delta, z);
    fp.sqr(gamma, y);
    fp.mul(beta, x, gamma);
    Fp.sub(e, x, delta);
    Fp.add(f, x, delta);
    fp.mul(alpha, e, f);
    Fp.twice(e, alpha);
    Fp.add(alpha, alpha, e); // alpha = 3 (X - delta)(X + delta)
    if (l0 != null) {
      fp.mul(l0, alpha, x);
      Fp.twice(e, gamma);
      Fp.sub(l0, l0, e); // L0 = alpha X - 2 gamma
      fp.mul(l1, alpha, delta); // L1 = alpha delta
    }
    // Z3 = (Y + Z)^2 - gamma - delta
    Fp.add(e, y, z);
    fp.sqr(e, e);
    Fp.sub(e, e, gamma);
    Fp.sub(z, e, delta);
    if (l0 != null) {
      fp.mul(l2, z, delta); // L2 = Z3 delta
    }
    // X3 = alpha^2 - 8 beta
    Fp.twice(beta, beta);
    Fp.twice(beta, beta); // 4 beta
    Fp.twice(e, beta); // 8 beta
    fp.sqr(x, alpha);
    Fp.sub(x, x, e);
    // Y3 = alpha (4 beta - X3) - (2 gamma)(4 gamma), one reduction for both products
    Fp.sub(beta, beta, x);
    fp.mulWide(w0, alpha, beta);
    Fp.twice(gamma, gamma);
    Fp.twice(e, gamma);
    fp.mulWide(w1, gamma, e);
    Fp.subWide(w0, w0, w1);
    fp.redc(y, w0);
  }

  /** J = J + (x2, y2). */
  void madd(long[][] j, long[] x2, long[] y2) {
    maddLine(j, x2, y2, null, null, null);
  }

  /** J = J + (x2, y2), and (if l0 != null) the line through them. */
  void maddLine(long[][] j, long[] x2, long[] y2, long[] l0, long[] l1, long[] l2) {
    long[] x = j[0];
    long[] y = j[1];
    long[] z = j[2];
    long[] z1z1 = a;
    long[] h = b;
    long[] hh = c;
    long[] r = d;
    fp.sqr(z1z1, z);
    fp.mul(h, x2, z1z1); // U2
    fp.mul(r, z, z1z1);
    fp.mul(r, y2, r); // S2
    Fp.sub(h, h, x); // H = U2 - X1
    Fp.sub(r, r, y);
    Fp.twice(r, r); // r = 2 (S2 - Y1)
    fp.sqr(hh, h);
    long[] i4 = e;
    Fp.twice(i4, hh);
    Fp.twice(i4, i4); // I = 4 HH
    long[] jj = f;
    fp.mul(jj, h, i4); // J = H I
    long[] v = g;
    fp.mul(v, x, i4); // V = X1 I
    // Z3 = (Z1 + H)^2 - Z1Z1 - HH
    Fp.add(z, z, h);
    fp.sqr(z, z);
    Fp.sub(z, z, z1z1);
    Fp.sub(z, z, hh);
    // X3 = r^2 - J - 2V
    fp.sqr(x, r);
    Fp.sub(x, x, jj);
    Fp.sub(x, x, v);
    Fp.sub(x, x, v);
    // Y3 = r (V - X3) - Y1 (2J), one reduction for both products
    Fp.twice(jj, jj);
    Fp.sub(v, v, x);
    fp.mulWide(w0, r, v);
    fp.mulWide(w1, y, jj);
    Fp.subWide(w0, w0, w1);
    fp.redc(y, w0);
    if (l0 != null) {
      // line through J and (x2, y2) at psi(Q): (r x2 - y2 Z3) + r Qx + Z3 Qy i
      fp.mul(l0, r, x2);
      fp.mul(hh, y2, z);
      Fp.sub(l0, l0, hh);
      Fp.copy(l1, r);
      Fp.copy(l2, z);
    }
  }

  /**
   * (x, y) = affine form of J, in constant time. Returns all ones if J is the point at infinity
   * (x, y are then 0).
   */
  long toAffine(long[] x, long[] y, long[][] j) {
    long inf = Fp.isZero(j[2]);
    fp.inv(a, j[2]);
    fp.sqr(b, a);
    fp.mul(x, j[0], b);
    fp.mul(b, b, a);
    fp.mul(y, j[1], b);
    return inf;
  }

  private static final long[] THREE = Fp.fromBigInteger(BigInteger.valueOf(3));

  /** All ones if (x, y) satisfies y^2 = x^3 - 3x. */
  long onCurve(long[] x, long[] y) {
    fp.sqr(a, x);
    Fp.sub(a, a, THREE);
    fp.mul(a, a, x);
    fp.sqr(b, y);
    return Fp.equal(a, b);
  }

  /** All ones if the Jacobian point J equals the affine point (x, y) (J not at infinity). */
  long equalsAffine(long[][] j, long[] x, long[] y) {
    fp.sqr(a, j[2]);
    fp.mul(b, x, a);
    long ex = Fp.equal(b, j[0]);
    fp.mul(a, a, j[2]);
    fp.mul(b, y, a);
    long ey = Fp.equal(b, j[1]);
    return ex & ey & ~Fp.isZero(j[2]);
  }

  /**
   * Affine forms of Jacobian points with one inversion (Montgomery's trick), canonical; result
   * [2i] = x_i, [2i + 1] = y_i. Public values only: fails if a point is at infinity.
   */
  static long[][] normalize(Fp fp, long[][][] js) {
    int n = js.length;
    long[][] prefix = new long[n][];
    long[] acc = Fp.one();
    for (int i = 0; i < n; i++) {
      fp.mul(acc, acc, js[i][2]);
      prefix[i] = acc.clone();
    }
    if (Fp.isZero(acc) != 0) {
      throw new IllegalStateException("point at infinity while normalising");
    }
    long[] inv = Fp.create();
    fp.inv(inv, acc);
    long[][] out = new long[2 * n][];
    long[] zi = Fp.create();
    long[] zi2 = Fp.create();
    for (int i = n - 1; i >= 0; i--) {
      if (i > 0) {
        fp.mul(zi, inv, prefix[i - 1]);
        fp.mul(inv, inv, js[i][2]);
      } else {
        Fp.copy(zi, inv);
      }
      fp.sqr(zi2, zi);
      long[] x = Fp.create();
      long[] y = Fp.create();
      fp.mul(x, js[i][0], zi2);
      fp.mul(zi2, zi2, zi);
      fp.mul(y, js[i][1], zi2);
      Fp.canonical(x, x);
      Fp.canonical(y, y);
      out[2 * i] = x;
      out[2 * i + 1] = y;
    }
    return out;
  }
}
