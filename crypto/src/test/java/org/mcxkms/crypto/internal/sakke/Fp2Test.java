package org.mcxkms.crypto.internal.sakke;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** F_p^2 = F_p[i] arithmetic against BigInteger formulas, on edge and seeded random values. */
class Fp2Test {
  static final BigInteger P = ParameterSet1.P;
  static final long SEED = 0xF2F2L;

  static long[][] el(BigInteger a, BigInteger b) {
    return new long[][] {Fp.fromBigInteger(a), Fp.fromBigInteger(b)};
  }

  /** The same element with both limbs in the upper half [p, 2p) of the redundant range. */
  static long[][] high(BigInteger a, BigInteger b) {
    return new long[][] {FpTest.redundant(a), FpTest.redundant(b)};
  }

  static BigInteger[] val(Fp fp, long[][] v) {
    return new BigInteger[] {fp.toBigInteger(v[0]), fp.toBigInteger(v[1])};
  }

  @Test
  void multiplicationSquaringLinesAndConjugation() {
    Fp fp = new Fp();
    Fp2 f2 = new Fp2(fp);
    List<BigInteger> xs = FpTest.samples(SEED, 40);
    List<BigInteger> ys = FpTest.samples(SEED + 1, 40);
    int n = xs.size();
    for (int i = 0; i < n; i++) {
      BigInteger a = xs.get(i);
      BigInteger b = ys.get(i);
      BigInteger c = xs.get(n - 1 - i);
      BigInteger d = ys.get((i * 7) % n);
      long[][] x = i % 2 == 0 ? el(a, b) : high(a, b);
      long[][] y = i % 3 == 0 ? el(c, d) : high(c, d);
      long[][] r = Fp2.create();
      f2.mul(r, x, y);
      assertThat(val(fp, r)).as("mul %d", i).containsExactly(
          a.multiply(c).subtract(b.multiply(d)).mod(P), a.multiply(d).add(b.multiply(c)).mod(P));
      f2.sqr(r, x);
      assertThat(val(fp, r)).as("sqr %d", i).containsExactly(
          a.multiply(a).subtract(b.multiply(b)).mod(P), a.multiply(b).shiftLeft(1).mod(P));
      f2.mulLine(r, x, y[0], y[1]);
      assertThat(val(fp, r)).as("mulLine %d", i).containsExactly(
          a.multiply(c).subtract(b.multiply(d)).mod(P), a.multiply(d).add(b.multiply(c)).mod(P));
      Fp2.conj(r, x);
      assertThat(val(fp, r)).containsExactly(a, b.negate().mod(P));
      // aliasing: r = x * r
      long[][] s = high(c, d);
      f2.mul(s, x, s);
      assertThat(val(fp, s)).as("aliased mul %d", i).containsExactly(
          a.multiply(c).subtract(b.multiply(d)).mod(P), a.multiply(d).add(b.multiply(c)).mod(P));
    }
  }

  @Test
  void squaringInTheNormOneSubgroup() {
    Fp fp = new Fp();
    Fp2 f2 = new Fp2(fp);
    for (BigInteger t : FpTest.samples(SEED + 2, 30)) {
      // u = (1 + t i) / (1 - t i) has norm 1 (1 + t^2 is never 0: -1 is not a square mod p)
      BigInteger n = BigInteger.ONE.add(t.multiply(t)).mod(P).modInverse(P);
      BigInteger a = BigInteger.ONE.subtract(t.multiply(t)).multiply(n).mod(P);
      BigInteger b = t.shiftLeft(1).multiply(n).mod(P);
      assertThat(a.multiply(a).add(b.multiply(b)).mod(P)).isEqualTo(BigInteger.ONE);
      long[][] r = Fp2.create();
      f2.sqrNorm1(r, el(a, b));
      assertThat(val(fp, r)).containsExactly(
          a.multiply(a).subtract(b.multiply(b)).mod(P), a.multiply(b).shiftLeft(1).mod(P));
    }
  }
}
