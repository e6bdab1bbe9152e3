package org.mcxkms.crypto.internal.sakke;

/**
 * Fixed-base comb table (see {@link Comb}) for a point of order q: P (built once per process),
 * Z_T (once per {@code SakkePublicKey}), both {@link Comb#WIDE} (1024 affine entries, 288 KiB);
 * and a receiver's [b]P + Z_T ({@link Comb#NARROW}, 512 entries). Immutable once built.
 *
 * <p>Building uses only public data. Its additions cannot hit an exceptional case: that would
 * need two distinct sums of at most nine signed powers of two (below 2^1026) to agree modulo q
 * (up to sign), and q has no such short signed-binary multiple.
 */
final class PointTable {
  final Comb layout;
  final long[][] tables;

  private PointTable(Comb layout) {
    this.layout = layout;
    this.tables = new long[layout.combs][Comb.ENTRIES * Comb.WIDTH];
  }

  /** Builds the table for the affine point (x, y) of order q. Public values only. */
  static PointTable build(long[] x, long[] y, Comb layout) {
    Fp fp = new Fp();
    Curve cv = new Curve(fp);
    int blocks = Comb.TEETH * layout.combs;
    // [2^(k*SPACING)] base and [2^(k*SPACING + 1)] base for every block k
    long[][][] pw = new long[2 * blocks][][];
    long[][] j = Curve.jacobian();
    Curve.fromAffine(j, x, y);
    for (int s = 0; s < blocks * layout.spacing; s++) {
      int r = s % layout.spacing;
      if (r < 2) {
        pw[2 * (s / layout.spacing) + r] = copy(j);
      }
      cv.dbl(j);
    }
    // pa[4k], pa[4k+1]: [2^(k SPACING)] base; pa[4k+2], pa[4k+3]: [2^(k SPACING + 1)] base
    long[][] pa = normalize(fp, pw);
    long[][][] entries = new long[layout.combs * Comb.ENTRIES][][];
    long[] ny = Fp.create();
    for (int c = 0; c < layout.combs; c++) {
      // entry 0: top tooth +1, all others -1
      int top = c * Comb.TEETH + Comb.TEETH - 1;
      long[][] acc = Curve.jacobian();
      Curve.fromAffine(acc, pa[4 * top], pa[4 * top + 1]);
      for (int b = 0; b < Comb.TEETH - 1; b++) {
        int k = c * Comb.TEETH + b;
        Fp.neg(ny, pa[4 * k + 1]);
        cv.madd(acc, pa[4 * k], ny);
      }
      int base = c * Comb.ENTRIES;
      entries[base] = acc;
      // entry m: flipping tooth b from -1 to +1 adds 2 * 2^(k SPACING) base
      for (int m = 1; m < Comb.ENTRIES; m++) {
        int b = Integer.numberOfTrailingZeros(m);
        int k = c * Comb.TEETH + b;
        long[][] e = copy(entries[base + m - (1 << b)]);
        cv.madd(e, pa[4 * k + 2], pa[4 * k + 3]);
        entries[base + m] = e;
      }
    }
    long[][] ea = normalize(fp, entries);
    PointTable t = new PointTable(layout);
    for (int c = 0; c < layout.combs; c++) {
      for (int m = 0; m < Comb.ENTRIES; m++) {
        int i = c * Comb.ENTRIES + m;
        System.arraycopy(ea[2 * i], 0, t.tables[c], m * Comb.WIDTH, Fp.LIMBS);
        System.arraycopy(ea[2 * i + 1], 0, t.tables[c], m * Comb.WIDTH + Fp.LIMBS, Fp.LIMBS);
      }
    }
    return t;
  }

  private static long[][] copy(long[][] j) {
    return new long[][] {j[0].clone(), j[1].clone(), j[2].clone()};
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
      throw new IllegalStateException("point at infinity while building a table");
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

  /**
   * acc = [k1] (this) + [k2] (other), or [k1] (this) when other is null, by a joint comb that
   * shares the doublings. Constant time in k1 and k2. Returns the point in Jacobian form (Z = 0
   * for the point at infinity, which a single table returns for k1 = 0). Exceptional additions
   * (a partial sum equal to a table entry) have probability about 2^-1000 for scalars that are not
   * chosen to provoke them; the scalars passed here are secrets, hash outputs or identifiers.
   */
  long[][] mul(Curve cv, long[] k1, PointTable other, long[] k2) {
    if (other != null && other.layout != layout) {
      throw new IllegalArgumentException("a joint comb needs tables of the same layout");
    }
    Comb.Digits d1 = layout.recode(k1);
    Comb.Digits d2 = other == null ? null : other.layout.recode(k2);
    long[][] acc = Curve.jacobian();
    long[] buf = new long[Comb.WIDTH];
    long[] tmp = Fp.create();
    long[] x = Fp.create();
    long[] y = Fp.create();
    boolean first = true;
    for (int i = layout.spacing - 1; i >= 0; i--) {
      if (!first) {
        cv.dbl(acc);
      }
      for (int part = 0; part < (other == null ? 1 : 2); part++) {
        PointTable t = part == 0 ? this : other;
        Comb.Digits d = part == 0 ? d1 : d2;
        for (int c = 0; c < layout.combs; c++) {
          Comb.select(buf, t.tables[c], d.lookup(c, i), x, y, tmp);
          if (first) {
            Curve.fromAffine(acc, x, y);
            first = false;
          } else {
            cv.madd(acc, x, y);
          }
        }
      }
    }
    if (other == null) {
      // k1 = 0 was recoded as q: force the exact point at infinity.
      long zero = Fq.isZero(k1);
      Fp.cmov(acc[2], new long[Fp.LIMBS], zero);
    }
    return acc;
  }
}
