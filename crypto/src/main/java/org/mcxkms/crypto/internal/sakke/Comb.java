package org.mcxkms.crypto.internal.sakke;

import java.util.Arrays;

/**
 * Fixed-base exponentiation by a signed "all-odd" comb, shared by the curve group (bases P, Z_T
 * and a receiver's [b]P + Z_T) and the norm-1 subgroup of F_p^2 (base g).
 *
 * <p>Recoding. For an odd scalar k &lt; 2^1024 let u = (k + 2^1024 - 1)/2; then
 * k = sum_j (2 u_j - 1) 2^j: every binary digit is +1 or -1, never 0. An even k is replaced by
 * q - k (odd) and every table entry is negated, which yields -(q - k) = k times the base. The 1024
 * digit positions are split into {@link #combs} combs of {@link #TEETH} teeth spaced
 * {@link #spacing} apart; column i of comb c reads the digits at (c*TEETH + b)*spacing + i, and
 * table c holds the 2^(TEETH-1) sums sum_b s_b 2^((c*TEETH + b)*spacing) (base) with the top sign
 * s_(TEETH-1) = +1; a column whose top digit is -1 uses the negated entry of the complementary
 * pattern. The result is sum_i 2^i sum_c (+-entry), evaluated by Horner: spacing - 1 doublings
 * and 128 additions for a 1022-bit scalar. {@link #WIDE} (8 combs, 15 doublings, 1024 entries) is
 * used for the long-lived bases, {@link #NARROW} (4 combs, 31 doublings, 512 entries, half the
 * building cost) for per-receiver tables.
 *
 * <p>Constant time: the digit pattern of a secret scalar never becomes a branch or an index; every
 * lookup reads all 128 entries of a table and keeps one by masking ({@link #select}), and the
 * negations are masked too.
 */
final class Comb {
  static final int TEETH = 8;
  static final int ENTRIES = 1 << (TEETH - 1);
  /** Longs per table entry: two F_p elements (x and y, or real and imaginary part). */
  static final int WIDTH = 2 * Fp.LIMBS;
  static final Comb WIDE = new Comb(8);
  static final Comb NARROW = new Comb(4);

  final int combs;
  final int spacing; // 1024 / (TEETH * combs)

  private Comb(int combs) {
    this.combs = combs;
    this.spacing = 1024 / (TEETH * combs);
  }

  /** Recoded scalar: the bits of u and whether every entry must be negated. */
  final class Digits {
    final long[] u = new long[Mont57.LIMBS]; // bits of u, 57 per limb
    long negateAll; // all ones when the scalar was even

    /** Table index and sign (bit 31 of the result = negate) for comb c, column i. */
    int lookup(int c, int i) {
      int idx = 0;
      for (int b = 0; b < TEETH - 1; b++) {
        idx |= bit((c * TEETH + b) * spacing + i) << b;
      }
      int top = bit((c * TEETH + TEETH - 1) * spacing + i);
      int flip = top - 1; // -1 when the top digit is -1
      idx = (idx ^ flip) & (ENTRIES - 1);
      return idx | ((flip ^ (int) negateAll) & 0x80000000);
    }

    private int bit(int j) {
      return (int) (u[j / Mont57.BITS] >>> (j % Mont57.BITS)) & 1;
    }
  }

  /** Recodes a canonical scalar k in [0, q) (as limbs). k = 0 yields q (the caller handles 0). */
  Digits recode(long[] k) {
    Digits d = new Digits();
    long odd = -(k[0] & 1);
    long[] alt = Fq.create();
    Fq.neg(alt, k); // q - k, odd when k is even (and q itself for k = 0)
    long zero = Fq.isZero(k);
    long[] q = Fq.MOD.n;
    long[] kk = k.clone();
    Mont57.cmov(kk, alt, ~odd);
    Mont57.cmov(kk, q, zero);
    d.negateAll = ~odd;
    // u = (kk >> 1) | 2^1023
    for (int j = 0; j < Mont57.LIMBS; j++) {
      long hi = j + 1 < Mont57.LIMBS ? kk[j + 1] : 0;
      d.u[j] = ((kk[j] >>> 1) | (hi << (Mont57.BITS - 1))) & Mont57.MASK;
    }
    d.u[1023 / Mont57.BITS] |= 1L << (1023 % Mont57.BITS);
    return d;
  }

  /**
   * Reads every entry of {@code table} and keeps the one named by {@code lookup} (from
   * {@link Digits#lookup}) in x (first half) and y (second half), negating {@code negated} (x or
   * y: the coordinate that negation changes) when the lookup says so. {@code buf} is WIDTH longs
   * and {@code tmp} one element of scratch. Four entries per pass (the masks of all four are
   * computed, exactly one can be all ones).
   */
  static void select(long[] buf, long[] table, int lookup, long[] x, long[] y, long[] negated, long[] tmp) {
    int idx = lookup & (ENTRIES - 1);
    Arrays.fill(buf, 0);
    for (int e = 0; e < ENTRIES; e += 4) {
      long m0 = ((long) (e ^ idx) - 1) >> 63; // all ones only for e == idx
      long m1 = ((long) ((e + 1) ^ idx) - 1) >> 63;
      long m2 = ((long) ((e + 2) ^ idx) - 1) >> 63;
      long m3 = ((long) ((e + 3) ^ idx) - 1) >> 63;
      int b0 = e * WIDTH;
      int b1 = b0 + WIDTH;
      int b2 = b1 + WIDTH;
      int b3 = b2 + WIDTH;
      for (int j = 0; j < WIDTH; j++) {
        buf[j] |= (table[b0 + j] & m0) | (table[b1 + j] & m1) | (table[b2 + j] & m2) | (table[b3 + j] & m3);
      }
    }
    System.arraycopy(buf, 0, x, 0, Fp.LIMBS);
    System.arraycopy(buf, Fp.LIMBS, y, 0, Fp.LIMBS);
    Fp.neg(tmp, negated);
    Fp.cmov(negated, tmp, (long) (lookup >> 31));
  }
}
