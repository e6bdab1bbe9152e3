package org.mcxkms.crypto.internal.sakke;

import java.math.BigInteger;

/**
 * Powers of g in PF_p through the norm-1 subgroup of F_p^2 (RFC 6508 2.1: g^r means [1 + g i]^r).
 *
 * <p>The map [v] -&gt; conj(v)/v is an isomorphism from PF_p* onto the elements of norm 1, with
 * inverse u -&gt; [1 + conj(u)]. So with h = (1 + g i)/(1 - g i) (norm 1, the image of g^-1), g^r
 * is [1 + h^r] and its F_p representative is Im(h^r) / (1 + Re(h^r)). In the norm-1 subgroup
 * conjugation inverts (signed comb digits for free) and squaring costs two F_p squarings. The comb
 * table of h is built once per process (1024 entries, 288 KiB).
 *
 * <p>Constant time in the exponent (masked table reads, fixed operation sequence, safegcd).
 */
final class GtTable {
  private static final Comb LAYOUT = Comb.WIDE;
  private final long[][] tables = new long[LAYOUT.combs][Comb.ENTRIES * Comb.WIDTH];

  /** Builds the table for g (an F_p value representing [1 + g i]). Public values only. */
  GtTable(BigInteger g) {
    Fp fp = new Fp();
    Fp2 f2 = new Fp2(fp);
    long[] gm = Fp.fromBigInteger(g);
    long[][] h = Fp2.create();
    long[] n = Fp.create();
    fp.sqr(n, gm); // g^2
    Fp.sub(h[0], Fp.MOD.one, n); // 1 - g^2
    Fp.add(n, n, Fp.MOD.one); // 1 + g^2
    fp.inv(n, n);
    fp.mul(h[0], h[0], n);
    Fp.twice(h[1], gm);
    fp.mul(h[1], h[1], n); // h = ((1 - g^2) + 2g i) / (1 + g^2)
    int blocks = Comb.TEETH * LAYOUT.combs;
    long[][][] pw = new long[2 * blocks][][];
    long[][] cur = copy(h);
    for (int s = 0; s < blocks * LAYOUT.spacing; s++) {
      int r = s % LAYOUT.spacing;
      if (r < 2) {
        pw[2 * (s / LAYOUT.spacing) + r] = copy(cur);
      }
      f2.sqrNorm1(cur, cur);
    }
    long[][] conj = Fp2.create();
    for (int c = 0; c < LAYOUT.combs; c++) {
      long[][][] entries = new long[Comb.ENTRIES][][];
      long[][] acc = copy(pw[2 * (c * Comb.TEETH + Comb.TEETH - 1)]);
      for (int b = 0; b < Comb.TEETH - 1; b++) {
        Fp2.conj(conj, pw[2 * (c * Comb.TEETH + b)]);
        f2.mul(acc, acc, conj);
      }
      entries[0] = acc;
      for (int m = 1; m < Comb.ENTRIES; m++) {
        int b = Integer.numberOfTrailingZeros(m);
        long[][] e = Fp2.create();
        f2.mul(e, entries[m - (1 << b)], pw[2 * (c * Comb.TEETH + b) + 1]);
        entries[m] = e;
      }
      for (int m = 0; m < Comb.ENTRIES; m++) {
        Fp.canonical(entries[m][0], entries[m][0]);
        Fp.canonical(entries[m][1], entries[m][1]);
        System.arraycopy(entries[m][0], 0, tables[c], m * Comb.WIDTH, Fp.LIMBS);
        System.arraycopy(entries[m][1], 0, tables[c], m * Comb.WIDTH + Fp.LIMBS, Fp.LIMBS);
      }
    }
  }

  private static long[][] copy(long[][] v) {
    return new long[][] {v[0].clone(), v[1].clone()};
  }

  /** h^k for a canonical scalar k (h^0 = 1 comes out of the recoding of 0 as q). */
  long[][] pow(Fp2 f2, long[] k) {
    Comb.Digits d = LAYOUT.recode(k);
    long[][] acc = Fp2.create();
    long[][] e = Fp2.create();
    long[] buf = new long[Comb.WIDTH];
    long[] tmp = Fp.create();
    boolean first = true;
    for (int i = LAYOUT.spacing - 1; i >= 0; i--) {
      if (!first) {
        f2.sqrNorm1(acc, acc);
      }
      for (int c = 0; c < LAYOUT.combs; c++) {
        Comb.select(buf, tables[c], d.lookup(c, i), e[0], e[1], e[1], tmp); // conjugate
        if (first) {
          Fp2.copy(acc, e);
          first = false;
        } else {
          f2.mul(acc, acc, e);
        }
      }
    }
    return acc;
  }

  /** The F_p representative of g^k: Im(h^k) / (1 + Re(h^k)), constant time. */
  long[] powRepresentative(Fp2 f2, long[] k) {
    long[][] v = pow(f2, k);
    long[] den = Fp.create();
    Fp.add(den, v[0], Fp.MOD.one);
    f2.fp.inv(den, den);
    long[] r = Fp.create();
    f2.fp.mul(r, v[1], den);
    return r;
  }
}
