package org.mcxkms.crypto.internal.sakke;

import java.math.BigInteger;

/**
 * The lines of the Miller loop of RFC 6508 3.2 for one fixed point M of order q, precomputed so
 * that the pairing &lt;Q, M&gt; with any second point Q costs only F_p^2 work.
 *
 * <p>Symmetry. For R, Q in E[q] the reduced Tate pairing e(R, Q) = f_R(psi Q)^((p^2-1)/q) is
 * bilinear and, E(F_p)[q] being cyclic, symmetric. The RFC's value &lt;R, Q&gt; = [f_R(psi Q)]^c
 * (c = 4, in PF_p) equals e(R, Q)^(-1/2 mod q), so it is symmetric too: &lt;R, K&gt; can be computed
 * with K as the Miller point and R as the evaluation point. The Tate pairing ignores a 4-torsion
 * component of its second argument but not of its first, so M must be in E[q]: {@link #compute}
 * proves it for free, since the loop ends on [q-1]M, and rejects M unless that equals -M.
 *
 * <p>Loop. The NAF of q - 1 (1022 digits, 353 non-zero) drives 1021 doublings and 352 additions
 * of +-M. Vertical lines and every F_p factor of a line are dropped (F_p* vanishes in PF_p), and a
 * subtraction step uses the line through C and -M for the same reason. Each line, at
 * psi(Q) = (-Qx, i Qy), is normalised as (c0 + c1 Qx) + Qy i (divided by its i-coefficient, all
 * lines sharing one inversion), so evaluating it costs one multiplication. A doubling step stores
 * (c0, c1). An addition step follows a doubling step with no squaring in between, so it stores the
 * product of its two lines (c + Qy i)(e + Qy i) = (ce - Qy^2) + Qy (c + e) i, expanded in Qx:
 * (k0 + k1 Qx + k2 Qx^2 - Qy^2) + (s0 Qy + s1 Qx Qy) i, with k0 = c0 e0, k1 = c0 e1 + c1 e0,
 * k2 = c1 e1, s0 = c0 + e0, s1 = c1 + e1. With Qx^2, Qy^2 and Qx Qy computed once per pairing, each
 * part is two products under one Montgomery reduction: 4 products and 2 reductions where
 * evaluating both lines and multiplying them took 4 of each.
 *
 * <p>Constant time in M (a secret RSK): the operation sequence depends only on q; all arithmetic is
 * branch-free. Evaluation is constant time in the lines and in Q.
 */
final class MillerLines {
  /** NAF digits of q - 1 from the second most significant down to the last. */
  static final byte[] DIGITS = nafBelowTop(ParameterSet1.Q.subtract(BigInteger.ONE));

  static final int STEPS = steps();

  /**
   * Per digit of {@link #DIGITS}: c0, c1 for a 0 digit; k0, k1, k2, s0, s1 for a non-zero one (18
   * limbs each, canonical Montgomery).
   */
  private final long[] coeff;

  private MillerLines(long[] coeff) {
    this.coeff = coeff;
  }

  private static byte[] nafBelowTop(BigInteger k) {
    int n = k.bitLength() + 1;
    byte[] d = new byte[n];
    BigInteger v = k;
    int len = 0;
    while (v.signum() > 0) {
      if (v.testBit(0)) {
        int z = 2 - v.mod(BigInteger.valueOf(4)).intValue();
        d[len] = (byte) z;
        v = v.subtract(BigInteger.valueOf(z));
      }
      len++;
      v = v.shiftRight(1);
    }
    // big-endian, without the leading 1
    byte[] out = new byte[len - 1];
    for (int i = 0; i < len - 1; i++) {
      out[i] = d[len - 2 - i];
    }
    return out;
  }

  private static int steps() {
    int s = 0;
    for (byte b : DIGITS) {
      s += b == 0 ? 1 : 2;
    }
    return s;
  }

  /**
   * Lines for M = (x, y), or null if M is not of order q (the loop's final point is not -M).
   * The caller has checked that M is on the curve and not (0, 0).
   */
  static MillerLines compute(long[] x, long[] y) {
    Fp fp = new Fp();
    Curve cv = new Curve(fp);
    long[] negY = Fp.create();
    Fp.neg(negY, y);
    long[][] c = Curve.jacobian();
    Curve.fromAffine(c, x, y);
    long[][] l0 = new long[STEPS][];
    long[][] l1 = new long[STEPS][];
    long[][] l2 = new long[STEPS][];
    int s = 0;
    for (byte digit : DIGITS) {
      l0[s] = Fp.create();
      l1[s] = Fp.create();
      l2[s] = Fp.create();
      cv.dblLine(c, l0[s], l1[s], l2[s]);
      s++;
      if (digit != 0) {
        l0[s] = Fp.create();
        l1[s] = Fp.create();
        l2[s] = Fp.create();
        cv.maddLine(c, x, digit > 0 ? y : negY, l0[s], l1[s], l2[s]);
        s++;
      }
    }
    // [q-1]M = -M proves [q]M = O (and a Z of 0 anywhere would have stayed 0 to here).
    if (cv.equalsAffine(c, x, negY) == 0) {
      return null;
    }
    // Normalise every line by its i-coefficient L2 (non-zero: no step was exceptional).
    long[][] prefix = new long[STEPS][];
    long[] acc = Fp.one();
    for (int i = 0; i < STEPS; i++) {
      fp.mul(acc, acc, l2[i]);
      prefix[i] = acc.clone();
    }
    long[] inv = Fp.create();
    fp.inv(inv, acc);
    long[] zi = Fp.create();
    for (int i = STEPS - 1; i >= 0; i--) {
      if (i > 0) {
        fp.mul(zi, inv, prefix[i - 1]);
        fp.mul(inv, inv, l2[i]);
      } else {
        Fp.copy(zi, inv);
      }
      fp.mul(l0[i], l0[i], zi);
      fp.mul(l1[i], l1[i], zi);
    }
    long[] coeff = new long[COEFFICIENTS * Fp.LIMBS];
    long[] t = Fp.create();
    int at = 0;
    s = 0;
    for (byte digit : DIGITS) {
      if (digit == 0) {
        at = store(coeff, at, l0[s]);
        at = store(coeff, at, l1[s]);
        s++;
      } else {
        long[] c0 = l0[s];
        long[] c1 = l1[s];
        long[] e0 = l0[s + 1];
        long[] e1 = l1[s + 1];
        fp.mul(t, c0, e0);
        at = store(coeff, at, t); // k0
        long[] u = Fp.create();
        fp.mul(t, c0, e1);
        fp.mul(u, c1, e0);
        Fp.add(t, t, u);
        at = store(coeff, at, t); // k1
        fp.mul(t, c1, e1);
        at = store(coeff, at, t); // k2
        Fp.add(t, c0, e0);
        at = store(coeff, at, t); // s0
        Fp.add(t, c1, e1);
        at = store(coeff, at, t); // s1
        s += 2;
      }
    }
    return new MillerLines(coeff);
  }

  /** Elements stored for the whole loop: 2 per 0 digit, 5 per non-zero digit. */
  private static final int COEFFICIENTS = 2 * DIGITS.length + 3 * (STEPS - DIGITS.length);

  private static int store(long[] coeff, int at, long[] v) {
    long[] c = Fp.create();
    Fp.canonical(c, v);
    System.arraycopy(c, 0, coeff, at, Fp.LIMBS);
    return at + Fp.LIMBS;
  }

  /** What one evaluation point contributes to every step: Qx, Qy, Qx^2, Qy^2, Qx Qy. */
  static final class Point {
    final long[] x;
    final long[] y;
    final long[] xx = Fp.create();
    final long[] yy = Fp.create();
    final long[] xy = Fp.create();

    Point(Fp fp, long[] x, long[] y) {
      this.x = x;
      this.y = y;
      fp.sqr(xx, x);
      fp.sqr(yy, y);
      fp.mul(xy, x, y);
    }
  }

  /** Scratch for the evaluation of steps. */
  private static final class Scratch {
    final long[] c0 = Fp.create();
    final long[] c1 = Fp.create();
    final long[] w0 = Fp.wide();
    final long[] w1 = Fp.wide();
  }

  /**
   * f^4 in F_p^2 where f = f_M(psi(Q)) up to F_p factors: the RFC 6508 pairing &lt;Q, M&gt; is the
   * PF_p class of the result.
   */
  long[][] evaluate(Fp2 f2, long[] qx, long[] qy) {
    Fp fp = f2.fp;
    Point q = new Point(fp, qx, qy);
    Scratch sc = new Scratch();
    long[][] f = Fp2.one();
    long[] c = Fp.create();
    long[][] both = Fp2.create();
    int at = 0;
    for (byte digit : DIGITS) {
      f2.sqr(f, f);
      if (digit == 0) {
        at = line(fp, at, q, c, sc);
        f2.mulLine(f, f, c, qy);
      } else {
        at = linePair(fp, at, q, both, sc);
        f2.mul(f, f, both);
      }
    }
    f2.sqr(f, f);
    f2.sqr(f, f);
    return f;
  }

  /**
   * The product of two pairings sharing one Miller loop: f^4 for f = f_M1(psi(Q1)) f_M2(psi(Q2)),
   * the lines of M1 and M2 following the same NAF schedule. At a doubling step the two line values
   * (c1 + y1 i)(c2 + y2 i) = (c1 c2 - y1 y2) + ((c1 + y1)(c2 + y2) - c1 c2 - y1 y2) i are multiplied
   * together first (two multiplications); at an addition step the two line pairs are multiplied
   * together; then f is multiplied once, after one squaring.
   */
  static long[][] evaluateProduct(
      Fp2 f2, MillerLines m1, long[] x1, long[] y1, MillerLines m2, long[] x2, long[] y2) {
    Fp fp = f2.fp;
    Point q1 = new Point(fp, x1, y1);
    Point q2 = new Point(fp, x2, y2);
    Scratch sc = new Scratch();
    long[][] f = Fp2.one();
    long[] a = Fp.create();
    long[] b = Fp.create();
    long[] y12 = Fp.create();
    fp.mul(y12, y1, y2);
    long[][] pair = Fp2.create();
    long[][] pair2 = Fp2.create();
    int at = 0;
    for (byte digit : DIGITS) {
      f2.sqr(f, f);
      if (digit == 0) {
        m1.line(fp, at, q1, a, sc);
        at = m2.line(fp, at, q2, b, sc);
        fp.mul(pair[0], a, b); // c1 c2
        Fp.add(a, a, y1);
        Fp.add(b, b, y2);
        fp.mul(pair[1], a, b);
        Fp.sub(pair[1], pair[1], pair[0]);
        Fp.sub(pair[1], pair[1], y12);
        Fp.sub(pair[0], pair[0], y12);
      } else {
        m1.linePair(fp, at, q1, pair, sc);
        at = m2.linePair(fp, at, q2, pair2, sc);
        f2.mul(pair, pair, pair2);
      }
      f2.mul(f, f, pair);
    }
    f2.sqr(f, f);
    f2.sqr(f, f);
    return f;
  }

  /** c = c0 + c1 Qx for the doubling step at {@code at}; returns the next offset. */
  private int line(Fp fp, int at, Point q, long[] c, Scratch sc) {
    System.arraycopy(coeff, at, sc.c0, 0, Fp.LIMBS);
    System.arraycopy(coeff, at + Fp.LIMBS, sc.c1, 0, Fp.LIMBS);
    fp.mul(c, sc.c1, q.x);
    Fp.add(c, c, sc.c0);
    return at + 2 * Fp.LIMBS;
  }

  /**
   * v = (k0 + k1 Qx + k2 Qx^2 - Qy^2) + (s0 Qy + s1 Qx Qy) i, the two lines of the addition step at
   * {@code at}; returns the next offset.
   */
  private int linePair(Fp fp, int at, Point q, long[][] v, Scratch sc) {
    final int n = Fp.LIMBS;
    // real part: k1 Qx + k2 Qx^2, one reduction, then + k0 - Qy^2
    System.arraycopy(coeff, at + n, sc.c0, 0, n);
    System.arraycopy(coeff, at + 2 * n, sc.c1, 0, n);
    fp.mulWide(sc.w0, sc.c0, q.x);
    fp.mulWide(sc.w1, sc.c1, q.xx);
    Fp.addWide(sc.w0, sc.w0, sc.w1);
    fp.redc(v[0], sc.w0);
    System.arraycopy(coeff, at, sc.c0, 0, n);
    Fp.add(v[0], v[0], sc.c0);
    Fp.sub(v[0], v[0], q.yy);
    // imaginary part: s0 Qy + s1 Qx Qy, one reduction
    System.arraycopy(coeff, at + 3 * n, sc.c0, 0, n);
    System.arraycopy(coeff, at + 4 * n, sc.c1, 0, n);
    fp.mulWide(sc.w0, sc.c0, q.y);
    fp.mulWide(sc.w1, sc.c1, q.xy);
    Fp.addWide(sc.w0, sc.w0, sc.w1);
    fp.redc(v[1], sc.w0);
    return at + 5 * n;
  }
}
