package org.mcxkms.crypto.internal.sakke;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Montgomery kernels of {@link Mont57} against BigInteger, for both moduli (p and q), on the
 * inputs that stress them: 0, 1, N - 1, N, values in [N, 2N), 2N - 1, limbs at the edges of the
 * signed-digit recoding (2^56 - 1, 2^56, 2^57 - 1), all-ones limbs, and seeded random values.
 */
class Mont57Test {
  static final long SEED = 0x57_57_57L;
  static final BigInteger R = BigInteger.ONE.shiftLeft(Mont57.BITS * Mont57.LIMBS);
  static final BigInteger LIMB_MAX = BigInteger.ONE.shiftLeft(Mont57.BITS).subtract(BigInteger.ONE);

  /** A value whose 57-bit limbs 0..count-1 all equal {@code limb}. */
  static BigInteger repeated(BigInteger limb, int count) {
    BigInteger v = BigInteger.ZERO;
    for (int j = 0; j < count; j++) {
      v = v.shiftLeft(Mont57.BITS).add(limb);
    }
    return v;
  }

  /** Inputs below 2N for the modulus n: edge values and seeded random ones. */
  static List<BigInteger> below2n(BigInteger n, long seed, int randomCount) {
    BigInteger twoN = n.shiftLeft(1);
    List<BigInteger> v = new ArrayList<>();
    BigInteger half = BigInteger.ONE.shiftLeft(56);
    for (BigInteger x : List.of(
        BigInteger.ZERO,
        BigInteger.ONE,
        BigInteger.TWO,
        n.subtract(BigInteger.ONE),
        n,
        n.add(BigInteger.ONE),
        twoN.subtract(BigInteger.TWO),
        twoN.subtract(BigInteger.ONE),
        repeated(half, 17), // every digit exactly at the recoding threshold
        repeated(half.subtract(BigInteger.ONE), 17), // every digit just below it
        repeated(LIMB_MAX, 17), // all-ones limbs (2^969 - 1)
        // the largest top limb below 2N over threshold digits: the recoding's carry reaches the top
        twoN.shiftRight(Mont57.BITS * 17).subtract(BigInteger.ONE).shiftLeft(Mont57.BITS * 17).add(repeated(half, 17)),
        BigInteger.ONE.shiftLeft(n.bitLength()).subtract(BigInteger.ONE).min(twoN.subtract(BigInteger.ONE)))) {
      if (x.compareTo(twoN) < 0) {
        v.add(x);
      }
    }
    Random rnd = new Random(seed);
    for (int i = 0; i < randomCount; i++) {
      BigInteger x = new BigInteger(n.bitLength() + 1, rnd).mod(twoN);
      v.add(x);
      v.add(x.mod(n).add(n).min(twoN.subtract(BigInteger.ONE))); // upper half [N, 2N)
    }
    return v;
  }

  static void assertNormalisedBelow(long[] r, BigInteger bound, String what) {
    for (long l : r) {
      assertThat(l).as("%s: limb normalised", what).isBetween(0L, Mont57.MASK);
    }
    assertThat(Mont57.toBigInteger(r)).as("%s: below bound", what).isLessThan(bound);
  }

  /** The integer held by signed, unnormalised columns. */
  static BigInteger columns(long[] w) {
    BigInteger v = BigInteger.ZERO;
    for (int k = w.length - 1; k >= 0; k--) {
      v = v.shiftLeft(Mont57.BITS).add(BigInteger.valueOf(w[k]));
    }
    return v;
  }

  @Test
  void mulAndSqrMatchBigIntegerForPAndQ() {
    for (Mont57.Modulus mod : List.of(Fp.MOD, Fq.MOD)) {
      BigInteger n = mod.value;
      BigInteger rInv = R.modInverse(n);
      List<BigInteger> xs = below2n(n, SEED, 150);
      List<BigInteger> ys = below2n(n, SEED + 1, 150);
      long[] t = new long[Mont57.SCRATCH];
      for (int i = 0; i < xs.size(); i++) {
        for (int k : new int[] {i, xs.size() - 1 - i, (7 * i + 3) % ys.size()}) {
          BigInteger x = xs.get(i);
          BigInteger y = ys.get(k);
          long[] r = new long[Mont57.LIMBS];
          Mont57.mul(r, Mont57.toLimbs(x), Mont57.toLimbs(y), mod, t);
          String what = "mul x=" + x.toString(16) + " y=" + y.toString(16) + " seed " + SEED;
          assertNormalisedBelow(r, n.shiftLeft(1), what);
          assertThat(Mont57.toBigInteger(r).mod(n)).as(what).isEqualTo(x.multiply(y).multiply(rInv).mod(n));
        }
        BigInteger x = xs.get(i);
        long[] a = Mont57.toLimbs(x);
        Mont57.sqr(a, a, mod, t); // aliased
        String what = "sqr x=" + x.toString(16) + " seed " + SEED;
        assertNormalisedBelow(a, n.shiftLeft(1), what);
        assertThat(Mont57.toBigInteger(a).mod(n)).as(what).isEqualTo(x.multiply(x).multiply(rInv).mod(n));
      }
    }
  }

  @Test
  void mulWideIsTheExactProductUpTo2To1026() {
    BigInteger max = R.subtract(BigInteger.ONE); // all-ones limbs: the largest input
    List<BigInteger> xs = new ArrayList<>(below2n(Fp.MOD.value, SEED + 2, 60));
    xs.add(max);
    xs.add(max.subtract(BigInteger.ONE));
    xs.add(Fp.MOD.value.shiftLeft(2).subtract(BigInteger.ONE)); // 4p - 1: a sum of two values below 2p
    xs.add(repeated(BigInteger.ONE.shiftLeft(56), 18)); // top digit recodes with a carry out
    Random rnd = new Random(SEED + 3);
    for (int i = 0; i < 60; i++) {
      xs.add(new BigInteger(1026, rnd));
    }
    long[] s = new long[Mont57.SCRATCH];
    long[] w = new long[Mont57.WIDE];
    for (int i = 0; i < xs.size(); i++) {
      BigInteger x = xs.get(i);
      BigInteger y = xs.get(xs.size() - 1 - i);
      Mont57.mulWide(w, Mont57.toLimbs(x), Mont57.toLimbs(y), s);
      assertThat(columns(w)).as("mulWide x=%s y=%s seed %d", x.toString(16), y.toString(16), SEED + 3)
          .isEqualTo(x.multiply(y));
      for (long c : w) {
        assertThat(Math.abs(c)).as("column bound").isLessThan(1L << 61);
      }
    }
  }

  /** The Fp2 pattern: (a0 + a1)(b0 + b1) - a0 b0 - a1 b1 and a0 b0 - a1 b1, one redc each. */
  @Test
  void redcOfSumsAndDifferencesOfThreeProducts() {
    for (Mont57.Modulus mod : List.of(Fp.MOD, Fq.MOD)) {
      BigInteger n = mod.value;
      BigInteger rInv = R.modInverse(n);
      List<BigInteger> xs = below2n(n, SEED + 4, 80);
      long[] s = new long[Mont57.SCRATCH];
      long[] w0 = new long[Mont57.WIDE];
      long[] w1 = new long[Mont57.WIDE];
      long[] w2 = new long[Mont57.WIDE];
      int m = xs.size();
      for (int i = 0; i < m; i++) {
        BigInteger a0 = xs.get(i);
        BigInteger a1 = xs.get((i + 1) % m);
        BigInteger b0 = xs.get(m - 1 - i);
        BigInteger b1 = xs.get((5 * i + 2) % m);
        Mont57.mulWide(w0, Mont57.toLimbs(a0), Mont57.toLimbs(b0), s);
        Mont57.mulWide(w1, Mont57.toLimbs(a1), Mont57.toLimbs(b1), s);
        Mont57.mulWide(w2, Mont57.toLimbs(a0.add(a1)), Mont57.toLimbs(b0.add(b1)), s);
        Mont57.subWide(w2, w2, w0);
        Mont57.subWide(w2, w2, w1);
        Mont57.subWide(w0, w0, w1);
        long[] re = new long[Mont57.LIMBS];
        long[] im = new long[Mont57.LIMBS];
        Mont57.redc(re, w0, mod);
        Mont57.redc(im, w2, mod);
        String what = "case " + i + " seed " + (SEED + 4) + " modulus " + n.bitLength() + " bits";
        assertNormalisedBelow(re, n.shiftLeft(1), "re " + what);
        assertNormalisedBelow(im, n.shiftLeft(1), "im " + what);
        assertThat(Mont57.toBigInteger(re).mod(n)).as("re " + what)
            .isEqualTo(a0.multiply(b0).subtract(a1.multiply(b1)).multiply(rInv).mod(n));
        assertThat(Mont57.toBigInteger(im).mod(n)).as("im " + what)
            .isEqualTo(a0.multiply(b1).add(a1.multiply(b0)).multiply(rInv).mod(n));
      }
    }
  }
}
