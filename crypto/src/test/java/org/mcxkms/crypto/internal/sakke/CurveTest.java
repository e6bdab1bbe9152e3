package org.mcxkms.crypto.internal.sakke;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Jacobian formulas and fixed-base combs (Edwards) against the BigInteger affine reference. */
class CurveTest {
  static final BigInteger Q = ParameterSet1.Q;
  static final long SEED = 0xC0FFEEL;
  static final PointTable P_TABLE = PointTable.build(Fp.fromBigInteger(ParameterSet1.PX), Fp.fromBigInteger(ParameterSet1.PY), Comb.WIDE);

  static BigInteger[] affine(Fp fp, Curve cv, long[][] j) {
    long[] x = Fp.create();
    long[] y = Fp.create();
    long inf = cv.toAffine(x, y, j);
    return inf != 0 ? null : new BigInteger[] {fp.toBigInteger(x), fp.toBigInteger(y)};
  }

  /** The point of E for an extended Edwards point, or null for the neutral element. */
  static BigInteger[] affine(Fp fp, Edwards ed, long[][] e) {
    long[] x = Fp.create();
    long[] y = Fp.create();
    long inf = ed.toWeierstrass(x, y, e);
    return inf != 0 ? null : new BigInteger[] {fp.toBigInteger(x), fp.toBigInteger(y)};
  }

  static long[][] jac(BigInteger[] p) {
    long[][] j = Curve.jacobian();
    Curve.fromAffine(j, Fp.fromBigInteger(p[0]), Fp.fromBigInteger(p[1]));
    return j;
  }

  @Test
  void doublingAndMixedAdditionMatchReference() {
    Fp fp = new Fp();
    Curve cv = new Curve(fp);
    Random rnd = new Random(SEED);
    for (int i = 0; i < 10; i++) {
      BigInteger[] a = ReferenceSakke.multiply(new BigInteger(300, rnd), ReferenceSakke.BASE);
      BigInteger[] b = ReferenceSakke.multiply(new BigInteger(300, rnd), ReferenceSakke.BASE);
      long[][] j = jac(a);
      // give J a non-trivial Z first
      cv.dbl(j);
      BigInteger[] a2 = ReferenceSakke.add(a, a);
      assertThat(affine(fp, cv, j)).as("dbl %d seed %d", i, SEED).isEqualTo(a2);
      cv.madd(j, Fp.fromBigInteger(b[0]), Fp.fromBigInteger(b[1]));
      assertThat(affine(fp, cv, j)).as("madd %d seed %d", i, SEED).isEqualTo(ReferenceSakke.add(a2, b));
      assertThat(cv.equalsAffine(j, Fp.fromBigInteger(ReferenceSakke.add(a2, b)[0]), Fp.fromBigInteger(ReferenceSakke.add(a2, b)[1]))).isEqualTo(-1L);
      // P + (-P) through madd gives the point at infinity (Z = 0)
      long[][] k = jac(b);
      cv.dbl(k);
      BigInteger[] b2 = ReferenceSakke.add(b, b);
      cv.madd(k, Fp.fromBigInteger(b2[0]), Fp.fromBigInteger(b2[1].negate().mod(ParameterSet1.P)));
      assertThat(affine(fp, cv, k)).isNull();
    }
  }

  @Test
  void combMultipliesLikeTheReference() {
    Fp fp = new Fp();
    Edwards cv = new Edwards(fp);
    Random rnd = new Random(SEED + 1);
    List<BigInteger> ks = new ArrayList<>(List.of(BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3),
        Q.subtract(BigInteger.ONE), Q.subtract(BigInteger.TWO), BigInteger.ONE.shiftLeft(1021), Q.shiftRight(1)));
    for (int i = 0; i < 6; i++) {
      ks.add(new BigInteger(1022, rnd).mod(Q));
    }
    for (BigInteger k : ks) {
      long[][] r = P_TABLE.mul(cv, Fq.fromBigInteger(k), null, null);
      assertThat(affine(fp, cv, r)).as("k=%s seed %d", k.toString(16), SEED + 1)
          .isEqualTo(ReferenceSakke.multiply(k, ReferenceSakke.BASE));
    }
    assertThat(affine(fp, cv, P_TABLE.mul(cv, Fq.create(), null, null))).as("[0]P").isNull();
    PointTable narrow = PointTable.build(Fp.fromBigInteger(ParameterSet1.PX), Fp.fromBigInteger(ParameterSet1.PY), Comb.NARROW);
    for (BigInteger k : ks.subList(3, 9)) {
      assertThat(affine(fp, cv, narrow.mul(cv, Fq.fromBigInteger(k), null, null))).as("narrow k=%s", k.toString(16))
          .isEqualTo(ReferenceSakke.multiply(k, ReferenceSakke.BASE));
    }
  }

  @Test
  void jointCombOfTwoBases() {
    Fp fp = new Fp();
    Edwards cv = new Edwards(fp);
    Random rnd = new Random(SEED + 2);
    BigInteger z = new BigInteger(1022, rnd).mod(Q);
    BigInteger[] zp = ReferenceSakke.multiply(z, ReferenceSakke.BASE);
    PointTable zt = PointTable.build(Fp.fromBigInteger(zp[0]), Fp.fromBigInteger(zp[1]), Comb.WIDE);
    for (int i = 0; i < 4; i++) {
      BigInteger k1 = i == 0 ? BigInteger.ZERO : new BigInteger(1022, rnd).mod(Q);
      BigInteger k2 = new BigInteger(1022, rnd).mod(Q);
      long[][] r = P_TABLE.mul(cv, Fq.fromBigInteger(k1), zt, Fq.fromBigInteger(k2));
      BigInteger[] want = ReferenceSakke.add(ReferenceSakke.multiply(k1, ReferenceSakke.BASE), ReferenceSakke.multiply(k2, zp));
      assertThat(affine(fp, cv, r)).as("i=%d seed %d", i, SEED + 2).isEqualTo(want);
    }
  }
}
