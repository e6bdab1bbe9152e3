package org.mcxkms.crypto.internal.sakke;

import java.math.BigInteger;

/**
 * [a]K for a public scalar a and a point K that may be secret (the RSK during validation), by a
 * width-5 NAF: the sequence of doublings and additions follows the public digits of a, every
 * field operation is constant time, and the odd multiples K, 3K, ..., 15K are picked by the public
 * digit, so nothing depends on K.
 *
 * <p>K must have order q and 0 &lt; a &lt; q: then no intermediate multiple equals (+-) an added
 * multiple, so the incomplete formulas are never exceptional.
 */
final class VariableBase {
  private VariableBase() {}

  private static final int W = 5;

  /** [a]K in Jacobian form. */
  static long[][] mul(Curve cv, long[] kx, long[] ky, BigInteger a) {
    if (a.signum() <= 0 || a.compareTo(ParameterSet1.Q) >= 0) {
      throw new IllegalArgumentException("scalar out of range");
    }
    Fp fp = cv.fp;
    // odd multiples (2i + 1)K, i = 0..7, in affine form
    long[][] j = Curve.jacobian();
    Curve.fromAffine(j, kx, ky);
    cv.dbl(j);
    long[][] twoK = Curve.normalize(fp, new long[][][] {j});
    long[][][] odd = new long[1 << (W - 2)][][];
    long[][] acc = Curve.jacobian();
    Curve.fromAffine(acc, kx, ky);
    odd[0] = copy(acc);
    for (int i = 1; i < odd.length; i++) {
      cv.madd(acc, twoK[0], twoK[1]);
      odd[i] = copy(acc);
    }
    long[][] mult = Curve.normalize(fp, odd);
    int[] naf = naf(a);
    int top = naf.length - 1;
    while (naf[top] == 0) {
      top--;
    }
    long[] negY = Fp.create();
    select(acc, mult, naf[top], negY, true, cv);
    for (int i = top - 1; i >= 0; i--) {
      cv.dbl(acc);
      if (naf[i] != 0) {
        select(acc, mult, naf[i], negY, false, cv);
      }
    }
    return acc;
  }

  /** acc = (+-) multiple for digit d (load) or acc += it. d is public. */
  private static void select(long[][] acc, long[][] mult, int d, long[] negY, boolean load, Curve cv) {
    int i = (Math.abs(d) - 1) / 2;
    long[] x = mult[2 * i];
    long[] y = mult[2 * i + 1];
    if (d < 0) {
      Fp.neg(negY, y);
      y = negY;
    }
    if (load) {
      Curve.fromAffine(acc, x, y);
    } else {
      cv.madd(acc, x, y);
    }
  }

  private static long[][] copy(long[][] j) {
    return new long[][] {j[0].clone(), j[1].clone(), j[2].clone()};
  }

  /** Width-W non-adjacent form, little-endian digits (odd, |d| &lt; 2^(W-1)) of a &gt; 0. */
  static int[] naf(BigInteger a) {
    int[] d = new int[a.bitLength() + 1];
    BigInteger k = a;
    int i = 0;
    BigInteger mod = BigInteger.ONE.shiftLeft(W);
    while (k.signum() > 0) {
      if (k.testBit(0)) {
        int r = k.mod(mod).intValue();
        if (r >= 1 << (W - 1)) {
          r -= 1 << W;
        }
        d[i] = r;
        k = k.subtract(BigInteger.valueOf(r));
      }
      k = k.shiftRight(1);
      i++;
    }
    return d;
  }
}
