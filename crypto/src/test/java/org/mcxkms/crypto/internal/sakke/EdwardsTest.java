package org.mcxkms.crypto.internal.sakke;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Edwards form x^2 + y^2 = 1 - x^2 y^2 of the Parameter Set 1 curve: the birational map, the
 * complete addition and the doubling, against the BigInteger affine reference on E.
 */
class EdwardsTest {
  static final BigInteger P = ParameterSet1.P;
  static final BigInteger Q = ParameterSet1.Q;
  static final long SEED = 0xED_3A_D5L;

  static BigInteger v(Fp fp, long[] a) {
    return fp.toBigInteger(a);
  }

  static BigInteger[] weierstrass(Fp fp, Edwards ed, long[][] e) {
    long[] x = Fp.create();
    long[] y = Fp.create();
    return ed.toWeierstrass(x, y, e) != 0 ? null : new BigInteger[] {v(fp, x), v(fp, y)};
  }

  /** The extended Edwards point for a point of E of order q. */
  static long[][] edwards(Edwards ed, BigInteger[] w) {
    long[] x = Fp.create();
    long[] y = Fp.create();
    ed.fromWeierstrass(x, y, Fp.fromBigInteger(w[0]), Fp.fromBigInteger(w[1]));
    long[][] e = Edwards.point();
    ed.fromAffine(e, x, y);
    return e;
  }

  @Test
  void theMapLandsOnTheEdwardsCurveAndBack() {
    Fp fp = new Fp();
    Edwards ed = new Edwards(fp);
    Random rnd = new Random(SEED);
    for (int i = 0; i < 8; i++) {
      BigInteger[] w = ReferenceSakke.multiply(new BigInteger(1022, rnd).mod(Q), ReferenceSakke.BASE);
      long[] x = Fp.create();
      long[] y = Fp.create();
      ed.fromWeierstrass(x, y, Fp.fromBigInteger(w[0]), Fp.fromBigInteger(w[1]));
      BigInteger xe = v(fp, x);
      BigInteger ye = v(fp, y);
      BigInteger x2 = xe.multiply(xe);
      BigInteger y2 = ye.multiply(ye);
      assertThat(x2.add(y2).subtract(BigInteger.ONE).add(x2.multiply(y2)).mod(P)).as("on the Edwards curve, seed %d", SEED).isZero();
      long[][] e = Edwards.point();
      ed.fromAffine(e, x, y);
      assertThat(weierstrass(fp, ed, e)).as("round trip %d", i).containsExactly(w);
      assertThat(ed.equalsWeierstrass(e, Fp.fromBigInteger(w[0]), Fp.fromBigInteger(w[1]))).isEqualTo(-1L);
      assertThat(ed.equalsWeierstrass(e, Fp.fromBigInteger(w[0]), Fp.fromBigInteger(P.subtract(w[1])))).as("-K").isZero();
      BigInteger[] other = ReferenceSakke.add(w, ReferenceSakke.BASE);
      assertThat(ed.equalsWeierstrass(e, Fp.fromBigInteger(other[0]), Fp.fromBigInteger(other[1]))).isZero();
      Edwards.negate(e);
      assertThat(weierstrass(fp, ed, e)).as("negation").containsExactly(w[0], P.subtract(w[1]));
    }
  }

  @Test
  void additionIsCompleteAndDoublingMatches() {
    Fp fp = new Fp();
    Edwards ed = new Edwards(fp);
    Random rnd = new Random(SEED + 1);
    for (int i = 0; i < 8; i++) {
      BigInteger[] a = ReferenceSakke.multiply(new BigInteger(1022, rnd).mod(Q), ReferenceSakke.BASE);
      BigInteger[] b = ReferenceSakke.multiply(new BigInteger(1022, rnd).mod(Q), ReferenceSakke.BASE);
      long[] bx = Fp.create();
      long[] by = Fp.create();
      ed.fromWeierstrass(bx, by, Fp.fromBigInteger(b[0]), Fp.fromBigInteger(b[1]));
      long[] ax = Fp.create();
      long[] ay = Fp.create();
      ed.fromWeierstrass(ax, ay, Fp.fromBigInteger(a[0]), Fp.fromBigInteger(a[1]));
      long[][] e = edwards(ed, a);
      ed.dbl(e); // a non-trivial Z
      BigInteger[] a2 = ReferenceSakke.add(a, a);
      assertThat(weierstrass(fp, ed, e)).as("dbl %d seed %d", i, SEED + 1).containsExactly(a2);
      ed.add(e, bx, by, true);
      BigInteger[] sum = ReferenceSakke.add(a2, b);
      assertThat(weierstrass(fp, ed, e)).as("add %d", i).containsExactly(sum);
      assertThat(ed.equalsWeierstrass(e, Fp.fromBigInteger(sum[0]), Fp.fromBigInteger(sum[1]))).isEqualTo(-1L);
      // T was kept: adding again uses it
      ed.add(e, bx, by, true);
      assertThat(weierstrass(fp, ed, e)).as("add again %d", i).containsExactly(ReferenceSakke.add(sum, b));
      // doubling through the addition (complete: no exceptional case)
      long[][] d = edwards(ed, a);
      ed.add(d, ax, ay, true);
      assertThat(weierstrass(fp, ed, d)).as("a + a by addition").containsExactly(a2);
      // a + (-a) is the neutral element, and adding to the neutral element works
      long[][] n = edwards(ed, a);
      long[] nax = Fp.create();
      Fp.neg(nax, ax);
      ed.add(n, nax, ay, true);
      assertThat(weierstrass(fp, ed, n)).as("a - a").isNull();
      ed.add(n, bx, by, true);
      assertThat(weierstrass(fp, ed, n)).as("O + b").containsExactly(b);
    }
  }
}
