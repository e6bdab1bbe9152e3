package org.mcxkms.crypto.internal.sakke;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector kernel {@link VectorMont} against BigInteger and against {@link Mont57}: products,
 * and the lazy-reduction shapes F_p^2 and the Miller lines use (differences that go negative, sums
 * of two and three products). Runs on any CPU (the Vector API falls back to scalar code where 512-bit
 * vectors are missing; {@link Fp} then uses {@link Mont57}, so this test is what exercises the kernel
 * there).
 */
class VectorMontTest {
  static final BigInteger P = ParameterSet1.P;
  static final BigInteger R = BigInteger.ONE.shiftLeft(Mont57.BITS * Mont57.LIMBS);
  static final BigInteger R_INV = R.modInverse(P);

  /** Edge values and seeded random values below 2p, plus values up to 2^1026 - 1 (allowed in products). */
  static List<BigInteger> inputs() {
    List<BigInteger> v = new ArrayList<>(Mont57Test.below2n(P, 0x52_52L, 40));
    v.add(R.subtract(BigInteger.ONE)); // all 1026 bits set: every 52-bit limb full, top limb 38 bits
    v.add(P.shiftLeft(2).subtract(BigInteger.ONE)); // below 4p: a sum of two elements
    v.add(BigInteger.ONE.shiftLeft(52 * 19).subtract(BigInteger.ONE)); // 19 full 52-bit limbs
    v.add(BigInteger.ONE.shiftLeft(52 * 19)); // only the top 52-bit limb
    return v;
  }

  static long[] limbs(BigInteger x) {
    return Mont57.toLimbs(x);
  }

  static BigInteger value(long[] r) {
    return Mont57.toBigInteger(r);
  }

  @Test
  void productsMatchBigIntegerAndMont57() {
    List<BigInteger> in = inputs();
    Mont57.Modulus mod = new Mont57.Modulus(P);
    VectorMont.Scratch s = new VectorMont.Scratch();
    long[] t = new long[Mont57.SCRATCH];
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      BigInteger x = in.get(i);
      BigInteger y = in.get((i * 7 + 3) % in.size());
      long[] r = new long[Mont57.LIMBS];
      boolean inRange = x.compareTo(P.shiftLeft(1)) < 0 && y.compareTo(P.shiftLeft(1)) < 0;
      if (inRange) {
        VectorMont.mul(r, limbs(x), limbs(y), s);
      } else { // operands up to 2^1026 (sums): through the unreduced product and redc
        long[] w = new long[VectorMont.WIDE];
        VectorMont.mulWide(w, limbs(x), limbs(y), s);
        VectorMont.redc(r, w, s);
      }
      BigInteger got = value(r);
      BigInteger want = x.multiply(y).multiply(R_INV).mod(P);
      if (got.compareTo(P.shiftLeft(1)) >= 0 || !got.mod(P).equals(want)) {
        failures.add("mul " + i);
      }
      if (inRange) {
        long[] m = new long[Mont57.LIMBS];
        Mont57.mul(m, limbs(x), limbs(y), mod, t);
        if (!value(m).equals(got)) { // the same unique m < R: the same integer
          failures.add("mont57 " + i);
        }
      }
      if (x.compareTo(P.shiftLeft(1)) >= 0) {
        continue; // a square of a value above 2p is beyond redc's bound (w < 2^1027 p)
      }
      VectorMont.mul(r, limbs(x), limbs(x), s);
      if (!value(r).mod(P).equals(x.multiply(x).multiply(R_INV).mod(P))) {
        failures.add("square " + i);
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void lazySumsAndDifferencesReduceLikeMont57() {
    Random rnd = new Random(0x1A2BL);
    BigInteger twoP = P.shiftLeft(1);
    VectorMont.Scratch s = new VectorMont.Scratch();
    List<String> failures = new ArrayList<>();
    for (int n = 0; n < 300; n++) {
      BigInteger[] v = new BigInteger[6];
      for (int i = 0; i < 6; i++) {
        v[i] = n < 6 && i % 2 == n % 2 ? twoP.subtract(BigInteger.ONE) : new BigInteger(1026, rnd).mod(twoP);
      }
      if (n % 3 == 0) {
        v[4] = v[4].add(v[5]); // a Karatsuba sum below 4p
        v[5] = v[0].add(v[1]);
      }
      long[] w0 = new long[VectorMont.WIDE];
      long[] w1 = new long[VectorMont.WIDE];
      long[] w2 = new long[VectorMont.WIDE];
      VectorMont.mulWide(w0, limbs(v[0]), limbs(v[1]), s);
      VectorMont.mulWide(w1, limbs(v[2]), limbs(v[3]), s);
      VectorMont.mulWide(w2, limbs(v[4]), limbs(v[5]), s);
      BigInteger p0 = v[0].multiply(v[1]);
      BigInteger p1 = v[2].multiply(v[3]);
      BigInteger p2 = v[4].multiply(v[5]);
      // p2 - p0 - p1 (may be negative), p0 - p1, p0 + p1
      long[] d = new long[VectorMont.WIDE];
      long[] r = new long[Mont57.LIMBS];
      VectorMont.subWide(d, w2, w0);
      VectorMont.subWide(d, d, w1);
      VectorMont.redc(r, d, s);
      check(failures, "p2-p0-p1 " + n, r, p2.subtract(p0).subtract(p1));
      VectorMont.subWide(d, w0, w1);
      VectorMont.redc(r, d, s);
      check(failures, "p0-p1 " + n, r, p0.subtract(p1));
      VectorMont.addWide(d, w0, w1);
      VectorMont.redc(r, d, s);
      check(failures, "p0+p1 " + n, r, p0.add(p1));
    }
    assertThat(failures).isEmpty();
  }

  private static void check(List<String> failures, String what, long[] r, BigInteger w) {
    BigInteger got = value(r);
    if (got.signum() < 0 || got.compareTo(P.shiftLeft(1)) >= 0 || !got.mod(P).equals(w.multiply(R_INV).mod(P))) {
      failures.add(what);
    }
  }
}
