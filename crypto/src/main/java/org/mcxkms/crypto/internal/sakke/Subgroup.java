package org.mcxkms.crypto.internal.sakke;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Membership of a point of E(F_p) in the subgroup of order q, by two steps of 2-descent instead of
 * the 1022-bit multiplication [q]K = O: one square root (an exponentiation) and one quadratic
 * character.
 *
 * <p>E(F_p) is cyclic of order p + 1 = 4q (its only F_p-rational 2-torsion point is (0, 0), since 3
 * is a non-residue mod p), so E[q] = 4E(F_p). Write E: y^2 = x(x^2 - 3), with the 2-isogeny
 * phi: E -&gt; E': Y^2 = X(X^2 + 12) and its dual phihat(X, Y) = (Y^2/(4X^2), Y(12 - X^2)/(8X^2)),
 * [2] = phihat phi.
 * <ol>
 *   <li>K is in 2E(F_p) = phihat(E'(F_p)) iff x is a square (the descent map x mod squares has
 *       kernel phihat(E'); it is onto because points of order 4 have non-square x).
 *   <li>Then, with s = sqrt(x), X1 = 2(x^2 - y s)/x is the X-coordinate of a phihat-preimage K1 of
 *       K; the other one is K1 + T, T = (0, 0) on E'. K is in 4E(F_p) = phihat(2E'(F_p)) iff K1 or
 *       K1 + T is in 2E'(F_p). E' has full 2-torsion (0, +-e, e^2 = -12), so its descent map
 *       delta(X, Y) = (X, X - e) mod squares is an injective homomorphism on E'(F_p)/2E'(F_p), with
 *       delta(T) = (12, -e). The sign of e is fixed so that -e is a square: then delta(T) = (non-square,
 *       square), and K1 or K1 + T is in 2E' iff X1 - e is a square. Since x is a square, that is the
 *       character of x (X1 - e) = 2x^2 - 2ys - ex, with no inversion.
 * </ol>
 *
 * <p>Constant time in (x, y) up to the answer. The square root and the test s^2 = x are
 * exponentiation and arithmetic with public exponents. The character is computed by the fast
 * variable-time {@link Jacobi} symbol on v b^2 for a fresh uniform b != 0, where v is the value
 * above, or a fixed non-square when x is not a square or v = 0: v b^2 is then a uniform square if
 * K has order q and a uniform non-square otherwise, so the running time depends on the accept bit
 * only. (The Montgomery factor R = 2^1026 is a square, so the character of the Montgomery form is
 * the character of the value.)
 */
final class Subgroup {
  private Subgroup() {}

  private static final BigInteger P = ParameterSet1.P;
  private static final BigInteger SQRT_EXP = P.add(BigInteger.ONE).shiftRight(2);
  private static final BigInteger LEGENDRE_EXP = P.subtract(BigInteger.ONE).shiftRight(1);
  /** e with e^2 = -12 and -e a square (public constant). */
  private static final long[] E = Fp.fromBigInteger(rootOfMinus12WithSquareNegative());
  /** A fixed non-square: -1 (p = 3 mod 4). */
  private static final long[] NON_SQUARE = Fp.fromBigInteger(P.subtract(BigInteger.ONE));
  private static final long[] P_LIMBS = Mont57.toLimbs(P);
  private static final SecureRandom RANDOM = new SecureRandom();

  private static BigInteger rootOfMinus12WithSquareNegative() {
    BigInteger e = P.subtract(BigInteger.valueOf(12)).modPow(SQRT_EXP, P);
    if (!e.multiply(e).mod(P).equals(P.subtract(BigInteger.valueOf(12)))) {
      throw new IllegalStateException("-12 is not a square mod p");
    }
    BigInteger minusE = P.subtract(e);
    return minusE.modPow(LEGENDRE_EXP, P).equals(BigInteger.ONE) ? e : minusE;
  }

  /** All ones if the affine point (x, y) on E, other than (0, 0), has order q. */
  static long hasOrderQ(Fp fp, long[] x, long[] y) {
    long[] s = Fp.create();
    long[] t = Fp.create();
    fp.pow(s, x, SQRT_EXP);
    fp.sqr(t, s);
    long xIsSquare = Fp.equal(t, x);
    // v = 2x^2 - 2ys - ex
    long[] v = Fp.create();
    fp.sqr(v, x);
    fp.mul(t, y, s);
    Fp.sub(v, v, t);
    Fp.twice(v, v);
    fp.mul(t, E, x);
    Fp.sub(v, v, t);
    Fp.cmov(v, NON_SQUARE, ~xIsSquare | Fp.isZero(v));
    // blind: v b^2 for a fresh uniform b in [1, p)
    long[] b = randomNonZero(fp);
    fp.sqr(b, b);
    fp.mul(v, v, b);
    Fp.canonical(v, v);
    return Jacobi.symbol(v, P_LIMBS) == 1 ? -1L : 0L;
  }

  /** A uniform non-zero element (Montgomery form of a uniform value, itself uniform). */
  private static long[] randomNonZero(Fp fp) {
    byte[] buf = new byte[Fp.BYTES];
    long[] b = Fp.create();
    while (true) {
      RANDOM.nextBytes(buf);
      if (fp.fromBytes(b, buf, 0) != 0 && Fp.isZero(b) == 0) {
        Arrays.fill(buf, (byte) 0);
        return b;
      }
    }
  }
}
