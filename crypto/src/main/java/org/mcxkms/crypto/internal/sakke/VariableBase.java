package org.mcxkms.crypto.internal.sakke;

import java.math.BigInteger;

/**
 * [a]K for a public scalar a and a point K that may be secret (the RSK during validation), by a
 * width-5 NAF on the {@link Edwards} form: the sequence of doublings and additions follows the
 * public digits of a, every field operation is constant time, and the odd multiples K, 3K, ...,
 * 15K are picked by the public digit, so nothing depends on K. The Edwards addition is complete,
 * so no scalar and no point is exceptional.
 */
final class VariableBase {
  private VariableBase() {}

  private static final int W = 5;

  /**
   * [a]K as a point of E (affine, {x, y}) for K = (kx, ky) of order q and 0 &lt; a &lt; q (so the
   * result is not the point at infinity).
   */
  static long[][] mul(Edwards ed, long[] kx, long[] ky, BigInteger a) {
    if (a.signum() <= 0 || a.compareTo(ParameterSet1.Q) >= 0) {
      throw new IllegalArgumentException("scalar out of range");
    }
    Fp fp = ed.fp;
    long[] ex = Fp.create();
    long[] ey = Fp.create();
    ed.fromWeierstrass(ex, ey, kx, ky);
    // odd multiples (2i + 1)K, i = 0..7, in affine Edwards form
    long[][] acc = Edwards.point();
    ed.fromAffine(acc, ex, ey);
    long[][] j = copy(acc);
    ed.dbl(j);
    long[][] twoK = Edwards.normalize(fp, new long[][][] {j});
    long[][][] odd = new long[1 << (W - 2)][][];
    odd[0] = copy(acc);
    for (int i = 1; i < odd.length; i++) {
      ed.add(acc, twoK[0], twoK[1], true);
      odd[i] = copy(acc);
    }
    long[][] mult = Edwards.normalize(fp, odd);
    int[] naf = naf(a);
    int top = naf.length - 1;
    while (naf[top] == 0) {
      top--;
    }
    long[] negX = Fp.create();
    select(ed, acc, mult, naf[top], negX, true);
    for (int i = top - 1; i >= 0; i--) {
      ed.dbl(acc, naf[i] != 0); // T only when an addition follows
      if (naf[i] != 0) {
        select(ed, acc, mult, naf[i], negX, false);
      }
    }
    long[] x = Fp.create();
    long[] y = Fp.create();
    ed.toWeierstrass(x, y, acc);
    return new long[][] {x, y};
  }

  /** acc = (+-) multiple for digit d (load) or acc += it. d is public. */
  private static void select(Edwards ed, long[][] acc, long[][] mult, int d, long[] negX, boolean load) {
    int i = (Math.abs(d) - 1) / 2;
    long[] x = mult[2 * i];
    long[] y = mult[2 * i + 1];
    if (d < 0) {
      Fp.neg(negX, x);
      x = negX;
    }
    if (load) {
      ed.fromAffine(acc, x, y);
    } else {
      ed.add(acc, x, y, false); // a doubling or the end follows
    }
  }

  private static long[][] copy(long[][] j) {
    long[][] r = new long[j.length][];
    for (int i = 0; i < j.length; i++) {
      r[i] = j[i].clone();
    }
    return r;
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
