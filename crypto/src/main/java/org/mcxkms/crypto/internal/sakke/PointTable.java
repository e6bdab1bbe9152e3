package org.mcxkms.crypto.internal.sakke;

/**
 * Fixed-base comb table (see {@link Comb}) for a point of order q: P (built once per process),
 * Z_T (once per {@code SakkePublicKey}), both {@link Comb#WIDE} (1024 affine entries, 288 KiB);
 * and a receiver's [b]P + Z_T ({@link Comb#NARROW}, 512 entries). Immutable once built.
 *
 * <p>Entries and results are on the {@link Edwards} form of the curve, whose addition law is
 * complete: building a table and multiplying have no exceptional case (no partial sum can make an
 * addition degenerate, whatever the scalar). Negating an entry negates its first coordinate.
 */
final class PointTable {
  final Comb layout;
  final long[][] tables;

  private PointTable(Comb layout) {
    this.layout = layout;
    this.tables = new long[layout.combs][Comb.ENTRIES * Comb.WIDTH];
  }

  /** Builds the table for the affine point (x, y) of E of order q. Public values only. */
  static PointTable build(long[] x, long[] y, Comb layout) {
    Fp fp = new Fp();
    Edwards ed = new Edwards(fp);
    long[] xe = Fp.create();
    long[] ye = Fp.create();
    ed.fromWeierstrass(xe, ye, x, y);
    int blocks = Comb.TEETH * layout.combs;
    // [2^(k*SPACING)] base and [2^(k*SPACING + 1)] base for every block k
    long[][][] pw = new long[2 * blocks][][];
    long[][] j = Edwards.point();
    ed.fromAffine(j, xe, ye);
    for (int s = 0; s < blocks * layout.spacing; s++) {
      int r = s % layout.spacing;
      if (r < 2) {
        pw[2 * (s / layout.spacing) + r] = copy(j);
      }
      ed.dbl(j);
    }
    // pa[4k], pa[4k+1]: [2^(k SPACING)] base; pa[4k+2], pa[4k+3]: [2^(k SPACING + 1)] base
    long[][] pa = Edwards.normalize(fp, pw);
    long[][][] entries = new long[layout.combs * Comb.ENTRIES][][];
    long[] nx = Fp.create();
    for (int c = 0; c < layout.combs; c++) {
      // entry 0: top tooth +1, all others -1
      int top = c * Comb.TEETH + Comb.TEETH - 1;
      long[][] acc = Edwards.point();
      ed.fromAffine(acc, pa[4 * top], pa[4 * top + 1]);
      for (int b = 0; b < Comb.TEETH - 1; b++) {
        int k = c * Comb.TEETH + b;
        Fp.neg(nx, pa[4 * k]);
        ed.add(acc, nx, pa[4 * k + 1], true);
      }
      int base = c * Comb.ENTRIES;
      entries[base] = acc;
      // entry m: flipping tooth b from -1 to +1 adds 2 * 2^(k SPACING) base
      for (int m = 1; m < Comb.ENTRIES; m++) {
        int b = Integer.numberOfTrailingZeros(m);
        int k = c * Comb.TEETH + b;
        long[][] e = copy(entries[base + m - (1 << b)]);
        ed.add(e, pa[4 * k + 2], pa[4 * k + 3], true);
        entries[base + m] = e;
      }
    }
    long[][] ea = Edwards.normalize(fp, entries);
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
    long[][] r = new long[j.length][];
    for (int i = 0; i < j.length; i++) {
      r[i] = j[i].clone();
    }
    return r;
  }

  /**
   * [k1] (this) + [k2] (other), or [k1] (this) when other is null, by a joint comb that shares the
   * doublings, as an extended {@link Edwards} point (the neutral element for k1 = k2 = 0, which
   * the recoding turns into q). Constant time in k1 and k2; complete formulas, so no scalar is
   * exceptional.
   */
  long[][] mul(Edwards ed, long[] k1, PointTable other, long[] k2) {
    if (other != null && other.layout != layout) {
      throw new IllegalArgumentException("a joint comb needs tables of the same layout");
    }
    Comb.Digits d1 = layout.recode(k1);
    Comb.Digits d2 = other == null ? null : other.layout.recode(k2);
    int parts = other == null ? 1 : 2;
    long[][] acc = Edwards.point();
    long[] buf = new long[Comb.WIDTH];
    long[] tmp = Fp.create();
    long[] x = Fp.create();
    long[] y = Fp.create();
    boolean first = true;
    for (int i = layout.spacing - 1; i >= 0; i--) {
      if (!first) {
        ed.dbl(acc);
      }
      for (int part = 0; part < parts; part++) {
        PointTable t = part == 0 ? this : other;
        Comb.Digits d = part == 0 ? d1 : d2;
        for (int c = 0; c < layout.combs; c++) {
          Comb.select(buf, t.tables[c], d.lookup(c, i), x, y, x, tmp);
          if (first) {
            ed.fromAffine(acc, x, y);
            first = false;
          } else {
            // T is needed unless a doubling follows (the result keeps it for its callers)
            boolean beforeDoubling = i > 0 && part == parts - 1 && c == layout.combs - 1;
            ed.add(acc, x, y, !beforeDoubling);
          }
        }
      }
    }
    return acc;
  }
}
