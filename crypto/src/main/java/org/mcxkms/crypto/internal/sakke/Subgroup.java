package org.mcxkms.crypto.internal.sakke;

import java.math.BigInteger;

/**
 * Membership of a point of E(F_p) in the subgroup of order q, by two steps of 2-descent instead of
 * the 1022-bit multiplication [q]K = O (about 3 exponentiations instead of 1400 point operations).
 *
 * <p>E(F_p) is cyclic of order p + 1 = 4q (its only F_p-rational 2-torsion point is (0, 0), since 3
 * is a non-residue mod p), so E[q] = 4E(F_p). Write E: y^2 = x(x^2 - 3), with the 2-isogeny
 * phi: E -&gt; E': Y^2 = X(X^2 + 12) and its dual phihat(X, Y) = (Y^2/(4X^2), Y(12 - X^2)/(8X^2)),
 * [2] = phihat phi.
 * <ol>
 *   <li>K is in 2E(F_p) = phihat(E'(F_p)) iff x is a square (the descent map x mod squares has
 *       kernel phihat(E'); it is onto because points of order 4 have non-square x).
 *   <li>Then, with s = sqrt(x), the phihat-preimages of K have X = 2(x^2 - y s)/x and 12/X;
 *       exactly one of them is a square since 12 is not. K is in 4E(F_p) = phihat(2E'(F_p)) iff that
 *       preimage is in 2E'(F_p), which (E' having full 2-torsion 0, +-e with e^2 = -12) means
 *       X and X - e are both squares.
 * </ol>
 * Constant time in (x, y): the exponents are public and the choice of preimage is a masked move.
 * Only the final accept bit is meant to be public.
 */
final class Subgroup {
  private Subgroup() {}

  private static final BigInteger P = ParameterSet1.P;
  private static final BigInteger SQRT_EXP = P.add(BigInteger.ONE).shiftRight(2);
  private static final BigInteger LEGENDRE_EXP = P.subtract(BigInteger.ONE).shiftRight(1);
  private static final long[] E = Fp.fromBigInteger(P.subtract(BigInteger.valueOf(12)).modPow(SQRT_EXP, P));
  private static final long[] TWELVE = Fp.fromBigInteger(BigInteger.valueOf(12));

  /** All ones if the affine point (x, y) on E, other than (0, 0), has order q. */
  static long hasOrderQ(Fp fp, long[] x, long[] y) {
    long[] s = Fp.create();
    long[] t = Fp.create();
    fp.pow(s, x, SQRT_EXP);
    fp.sqr(t, s);
    long xIsSquare = Fp.equal(t, x);
    // X1 = 2 (x^2 - y s) / x
    long[] x1 = Fp.create();
    fp.sqr(x1, x);
    fp.mul(t, y, s);
    Fp.sub(x1, x1, t);
    Fp.twice(x1, x1);
    fp.inv(t, x);
    fp.mul(x1, x1, t);
    // the square one of X1 and 12 / X1
    long[] x2 = Fp.create();
    fp.inv(x2, x1);
    fp.mul(x2, x2, TWELVE);
    long x1IsSquare = isSquare(fp, x1);
    Fp.cmov(x2, x1, x1IsSquare);
    Fp.sub(t, x2, E);
    return xIsSquare & isSquare(fp, t);
  }

  /** All ones if a is a non-zero square. */
  private static long isSquare(Fp fp, long[] a) {
    long[] l = Fp.create();
    fp.pow(l, a, LEGENDRE_EXP);
    return Fp.equal(l, Fp.MOD.one);
  }
}
