package org.mcxkms.crypto.internal.sakke;

/**
 * Arithmetic in F_p^2 = F_p[i], i^2 = -1 (RFC 6508 2.1). An element a + b i is a {@code long[2][]}
 * {a, b} of F_p elements. Same rules as {@link Fp}: constant time, one instance per computation,
 * outputs may alias inputs.
 */
final class Fp2 {
  final Fp fp;
  private final long[] t0 = Fp.create();
  private final long[] t1 = Fp.create();
  private final long[] t2 = Fp.create();
  private final long[] t3 = Fp.create();
  private final long[] w0 = Fp.wide();
  private final long[] w1 = Fp.wide();
  private final long[] w2 = Fp.wide();

  Fp2(Fp fp) {
    this.fp = fp;
  }

  static long[][] create() {
    return new long[2][Fp.LIMBS];
  }

  static long[][] one() {
    return new long[][] {Fp.one(), Fp.create()};
  }

  static void copy(long[][] r, long[][] a) {
    Fp.copy(r[0], a[0]);
    Fp.copy(r[1], a[1]);
  }

  /**
   * r = x y by Karatsuba with lazy reduction: three unreduced products, two Montgomery reductions
   * (a0 b0 - a1 b1 and (a0 + a1)(b0 + b1) - a0 b0 - a1 b1).
   */
  void mul(long[][] r, long[][] x, long[][] y) {
    mulLazy(r, x[0], x[1], y[0], y[1]);
  }

  private void mulLazy(long[][] r, long[] a0, long[] a1, long[] b0, long[] b1) {
    Fp.addNoReduce(t2, a0, a1);
    Fp.addNoReduce(t3, b0, b1);
    fp.mulWide(w0, a0, b0);
    fp.mulWide(w1, a1, b1);
    fp.mulWide(w2, t2, t3);
    Fp.subWide(w2, w2, w0);
    Fp.subWide(w2, w2, w1);
    Fp.subWide(w0, w0, w1);
    fp.redc(r[0], w0);
    fp.redc(r[1], w2);
  }

  /** r = x^2 = (a + b)(a - b) + 2ab i. */
  void sqr(long[][] r, long[][] x) {
    Fp.add(t0, x[0], x[1]);
    Fp.sub(t1, x[0], x[1]);
    fp.mul(t2, x[0], x[1]);
    fp.mul(r[0], t0, t1);
    Fp.twice(r[1], t2);
  }

  /**
   * r = x^2 for x of norm 1 (a^2 + b^2 = 1, the subgroup the final exponentiation lands in):
   * (2a^2 - 1) + ((a + b)^2 - 1) i, two squarings.
   */
  void sqrNorm1(long[][] r, long[][] x) {
    Fp.add(t0, x[0], x[1]);
    fp.sqr(t1, x[0]);
    fp.sqr(t0, t0);
    Fp.twice(t1, t1);
    Fp.sub(r[0], t1, Fp.MOD.one);
    Fp.sub(r[1], t0, Fp.MOD.one);
  }

  /** r = x (c + y i) for F_p values c, y: the shape of every line value at psi(Q). */
  void mulLine(long[][] r, long[][] x, long[] c, long[] y) {
    mulLazy(r, x[0], x[1], c, y);
  }

  /** r = conj(x) = a - b i. */
  static void conj(long[][] r, long[][] x) {
    Fp.copy(r[0], x[0]);
    Fp.neg(r[1], x[1]);
  }
}
