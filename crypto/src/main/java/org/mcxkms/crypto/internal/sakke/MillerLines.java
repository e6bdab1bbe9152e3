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
 * psi(Q) = (-Qx, i Qy), is stored normalised as (c0 + c1 Qx) + Qy i (divided by its
 * i-coefficient, all lines sharing one inversion), so evaluating it costs one multiplication.
 *
 * <p>Constant time in M (a secret RSK): the operation sequence depends only on q; all arithmetic is
 * branch-free. Evaluation is constant time in the lines and in Q.
 */
final class MillerLines {
  /** NAF digits of q - 1 from the second most significant down to the last. */
  static final byte[] DIGITS = nafBelowTop(ParameterSet1.Q.subtract(BigInteger.ONE));

  static final int STEPS = steps();

  /** Per step: c0 (18 limbs) then c1 (18 limbs), canonical Montgomery. */
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
    long[] coeff = new long[STEPS * Comb.WIDTH];
    for (int i = STEPS - 1; i >= 0; i--) {
      if (i > 0) {
        fp.mul(zi, inv, prefix[i - 1]);
        fp.mul(inv, inv, l2[i]);
      } else {
        Fp.copy(zi, inv);
      }
      fp.mul(l0[i], l0[i], zi);
      fp.mul(l1[i], l1[i], zi);
      Fp.canonical(l0[i], l0[i]);
      Fp.canonical(l1[i], l1[i]);
      System.arraycopy(l0[i], 0, coeff, i * Comb.WIDTH, Fp.LIMBS);
      System.arraycopy(l1[i], 0, coeff, i * Comb.WIDTH + Fp.LIMBS, Fp.LIMBS);
    }
    return new MillerLines(coeff);
  }

  /**
   * f^4 in F_p^2 where f = f_M(psi(Q)) up to F_p factors: the RFC 6508 pairing &lt;Q, M&gt; is the
   * PF_p class of the result.
   */
  long[][] evaluate(Fp2 f2, long[] qx, long[] qy) {
    Fp fp = f2.fp;
    long[][] f = Fp2.one();
    long[] c0 = Fp.create();
    long[] c1 = Fp.create();
    long[] c = Fp.create();
    long[] e = Fp.create();
    long[] y2 = Fp.create();
    fp.sqr(y2, qy);
    long[][] both = Fp2.create();
    int s = 0;
    for (byte digit : DIGITS) {
      f2.sqr(f, f);
      line(fp, s++, qx, c, c0, c1);
      if (digit == 0) {
        f2.mulLine(f, f, c, qy);
      } else {
        // (c + y i)(e + y i) = (c e - y^2) + y (c + e) i: one product of lines, then one multiplication
        line(fp, s++, qx, e, c0, c1);
        fp.mul(both[0], c, e);
        Fp.sub(both[0], both[0], y2);
        Fp.add(both[1], c, e);
        fp.mul(both[1], both[1], qy);
        f2.mul(f, f, both);
      }
    }
    f2.sqr(f, f);
    f2.sqr(f, f);
    return f;
  }

  /**
   * The product of two pairings sharing one Miller loop: f^4 for f = f_M1(psi(Q1)) f_M2(psi(Q2)),
   * the lines of M1 and M2 following the same NAF schedule. At each step the two line values
   * (c1 + y1 i)(c2 + y2 i) = (c1 c2 - y1 y2) + ((c1 + y1)(c2 + y2) - c1 c2 - y1 y2) i are multiplied
   * together first (two multiplications) and f is squared once.
   */
  static long[][] evaluateProduct(
      Fp2 f2, MillerLines m1, long[] x1, long[] y1, MillerLines m2, long[] x2, long[] y2) {
    Fp fp = f2.fp;
    long[][] f = Fp2.one();
    long[] c0 = Fp.create();
    long[] c1 = Fp.create();
    long[] a = Fp.create();
    long[] b = Fp.create();
    long[] y12 = Fp.create();
    fp.mul(y12, y1, y2);
    long[][] pair = Fp2.create();
    long[][] pair2 = Fp2.create();
    int s = 0;
    for (byte digit : DIGITS) {
      f2.sqr(f, f);
      lineProduct(fp, m1, m2, s++, x1, y1, x2, y2, y12, pair, a, b, c0, c1);
      if (digit != 0) {
        lineProduct(fp, m1, m2, s++, x1, y1, x2, y2, y12, pair2, a, b, c0, c1);
        f2.mul(pair, pair, pair2);
      }
      f2.mul(f, f, pair);
    }
    f2.sqr(f, f);
    f2.sqr(f, f);
    return f;
  }

  private static void lineProduct(Fp fp, MillerLines m1, MillerLines m2, int s, long[] x1, long[] y1,
      long[] x2, long[] y2, long[] y12, long[][] out, long[] a, long[] b, long[] c0, long[] c1) {
    m1.line(fp, s, x1, a, c0, c1);
    m2.line(fp, s, x2, b, c0, c1);
    fp.mul(out[0], a, b); // c1 c2
    Fp.add(a, a, y1);
    Fp.add(b, b, y2);
    fp.mul(out[1], a, b);
    Fp.sub(out[1], out[1], out[0]);
    Fp.sub(out[1], out[1], y12);
    Fp.sub(out[0], out[0], y12);
  }

  /** c = c0_s + c1_s qx. */
  private void line(Fp fp, int s, long[] qx, long[] c, long[] c0, long[] c1) {
    System.arraycopy(coeff, s * Comb.WIDTH, c0, 0, Fp.LIMBS);
    System.arraycopy(coeff, s * Comb.WIDTH + Fp.LIMBS, c1, 0, Fp.LIMBS);
    fp.mul(c, c1, qx);
    Fp.add(c, c, c0);
  }
}
