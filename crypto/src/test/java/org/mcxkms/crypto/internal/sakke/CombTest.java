package org.mcxkms.crypto.internal.sakke;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The constant-time table selection and the signed all-odd recoding of the comb. */
class CombTest {
  static final long SEED = 0x7AB1EL;

  @Test
  void selectionReturnsTheRightEntryForEveryIndexAndSign() {
    Random rnd = new Random(SEED);
    long[] table = new long[Comb.ENTRIES * Comb.WIDTH];
    for (int i = 0; i < table.length; i++) {
      table[i] = rnd.nextLong() & Mont57.MASK;
    }
    // keep every coordinate below p so that negation is defined as for real entries
    for (int e = 0; e < Comb.ENTRIES; e++) {
      table[e * Comb.WIDTH + Fp.LIMBS - 1] &= (1L << 50) - 1;
      table[e * Comb.WIDTH + Comb.WIDTH - 1] &= (1L << 50) - 1;
    }
    Fp fp = new Fp();
    long[] buf = new long[Comb.WIDTH];
    long[] x = Fp.create();
    long[] y = Fp.create();
    for (int negateX = 0; negateX < 2; negateX++) { // Edwards tables negate x, Weierstrass and F_p^2 ones y
      for (int idx = 0; idx < Comb.ENTRIES; idx++) {
        for (int neg = 0; neg < 2; neg++) {
          int lookup = idx | (neg == 1 ? 0x80000000 : 0);
          Comb.select(buf, table, lookup, x, y, negateX == 1 ? x : y, Fp.create());
          long[] wantX = Arrays.copyOfRange(table, idx * Comb.WIDTH, idx * Comb.WIDTH + Fp.LIMBS);
          long[] wantY = Arrays.copyOfRange(table, idx * Comb.WIDTH + Fp.LIMBS, (idx + 1) * Comb.WIDTH);
          long[] changed = negateX == 1 ? x : y;
          long[] changedWant = negateX == 1 ? wantX : wantY;
          assertThat(negateX == 1 ? y : x).as("untouched half, idx %d", idx).isEqualTo(negateX == 1 ? wantY : wantX);
          if (neg == 1) {
            long[] sum = Fp.create();
            Fp.add(sum, changed, changedWant);
            assertThat(Fp.isZero(sum)).as("negated half, idx %d", idx).isEqualTo(-1L);
          } else {
            assertThat(changed).as("idx %d", idx).isEqualTo(changedWant);
          }
        }
      }
    }
    assertThat(fp).isNotNull();
  }

  /** Sum over the recoded digits must give back k (or -(q - k) for even k). */
  @Test
  void recodingRepresentsTheScalar() {
    Random rnd = new Random(SEED + 1);
    BigInteger q = ParameterSet1.Q;
    for (int n = 0; n < 400; n++) {
      Comb layout = n % 2 == 0 ? Comb.WIDE : Comb.NARROW;
      BigInteger k = n < 2 ? BigInteger.ONE : n < 4 ? q.subtract(BigInteger.ONE) : n < 6 ? BigInteger.TWO : new BigInteger(1022, rnd).mod(q);
      Comb.Digits d = layout.recode(Fq.fromBigInteger(k));
      BigInteger sum = BigInteger.ZERO;
      for (int i = layout.spacing - 1; i >= 0; i--) {
        sum = sum.shiftLeft(1);
        for (int c = 0; c < layout.combs; c++) {
          int lookup = d.lookup(c, i);
          int idx = lookup & (Comb.ENTRIES - 1);
          // entry idx of comb c: top tooth +1, tooth b is +1 if bit b of idx is set, else -1
          BigInteger e = BigInteger.ONE.shiftLeft((c * Comb.TEETH + Comb.TEETH - 1) * layout.spacing);
          for (int b = 0; b < Comb.TEETH - 1; b++) {
            BigInteger t = BigInteger.ONE.shiftLeft((c * Comb.TEETH + b) * layout.spacing);
            e = ((idx >> b) & 1) == 1 ? e.add(t) : e.subtract(t);
          }
          sum = lookup < 0 ? sum.subtract(e) : sum.add(e);
        }
      }
      assertThat(sum.mod(q)).as("k=%s seed %d", k.toString(16), SEED + 1).isEqualTo(k);
    }
  }
}
