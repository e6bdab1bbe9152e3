package org.mcxkms.crypto.internal.sakke;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Miller lines, the swapped pairing, E[q] membership and powers of g, against the reference. */
class PairingTest {
  static final BigInteger P = ParameterSet1.P;
  static final BigInteger Q = ParameterSet1.Q;
  static final long SEED = 0xBA1AL;

  static BigInteger representative(Fp fp, long[][] v) {
    BigInteger a = fp.toBigInteger(v[0]);
    BigInteger b = fp.toBigInteger(v[1]);
    return b.multiply(a.modInverse(P)).mod(P);
  }

  static long[] m(BigInteger v) {
    return Fp.fromBigInteger(v);
  }

  @Test
  void parameterSet1GIsThePairingOfPWithItself() {
    Fp fp = new Fp();
    MillerLines lines = MillerLines.compute(m(ParameterSet1.PX), m(ParameterSet1.PY));
    assertThat(lines).isNotNull();
    long[][] v = lines.evaluate(new Fp2(fp), m(ParameterSet1.PX), m(ParameterSet1.PY));
    assertThat(representative(fp, v)).isEqualTo(ParameterSet1.G);
  }

  @Test
  void millerPointCanBeEitherArgumentForPointsOfOrderQ() {
    Fp fp = new Fp();
    Random rnd = new Random(SEED);
    for (int i = 0; i < 3; i++) {
      BigInteger[] r = ReferenceSakke.multiply(new BigInteger(1022, rnd).mod(Q), ReferenceSakke.BASE);
      BigInteger[] k = ReferenceSakke.multiply(new BigInteger(1022, rnd).mod(Q), ReferenceSakke.BASE);
      MillerLines lines = MillerLines.compute(m(k[0]), m(k[1]));
      long[][] v = lines.evaluate(new Fp2(fp), m(r[0]), m(r[1]));
      assertThat(representative(fp, v)).as("case %d seed %d", i, SEED).isEqualTo(ReferenceSakke.pairing(r, k));
    }
  }

  /** A point T of order 4: x = +-sqrt(-3) with -6x a square (3 and -1 are non-residues mod p). */
  static BigInteger[] orderFourPoint() {
    BigInteger e = P.add(BigInteger.ONE).shiftRight(2);
    BigInteger s3 = P.subtract(BigInteger.valueOf(3)).modPow(e, P);
    for (BigInteger x : List.of(s3, P.subtract(s3))) {
      BigInteger y2 = x.multiply(BigInteger.valueOf(-6)).mod(P);
      BigInteger y = y2.modPow(e, P);
      if (y.multiply(y).mod(P).equals(y2)) {
        return new BigInteger[] {x, y};
      }
    }
    throw new AssertionError("no point of order 4");
  }

  @Test
  void linesAreRefusedForPointsWithA4TorsionComponent() {
    BigInteger[] t4 = orderFourPoint();
    BigInteger[] t2 = ReferenceSakke.add(t4, t4);
    assertThat(t2).isEqualTo(new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
    BigInteger[] t3 = ReferenceSakke.add(t4, t2);
    Random rnd = new Random(SEED + 1);
    BigInteger[] k = ReferenceSakke.multiply(new BigInteger(1022, rnd).mod(Q), ReferenceSakke.BASE);
    for (BigInteger[] t : List.of(t4, t2, t3)) {
      BigInteger[] bad = ReferenceSakke.add(k, t);
      assertThat(ReferenceSakke.onCurve(bad[0], bad[1])).isTrue();
      assertThat(MillerLines.compute(m(bad[0]), m(bad[1]))).isNull();
    }
    assertThat(MillerLines.compute(m(t4[0]), m(t4[1]))).as("pure order 4").isNull();
    assertThat(MillerLines.compute(m(k[0]), m(k[1]))).isNotNull();
  }

  @Test
  void productOfTwoPairingsSharingOneLoop() {
    Fp fp = new Fp();
    Random rnd = new Random(SEED + 3);
    BigInteger[] z = ReferenceSakke.multiply(new BigInteger(1022, rnd).mod(Q), ReferenceSakke.BASE);
    BigInteger[] k = ReferenceSakke.multiply(new BigInteger(1022, rnd).mod(Q), ReferenceSakke.BASE);
    BigInteger[] k2 = ReferenceSakke.multiply(new BigInteger(1022, rnd).mod(Q), ReferenceSakke.BASE);
    MillerLines pl = MillerLines.compute(m(ParameterSet1.PX), m(ParameterSet1.PY));
    MillerLines zl = MillerLines.compute(m(z[0]), m(z[1]));
    long[][] v = MillerLines.evaluateProduct(new Fp2(fp), pl, m(k2[0]), m(k2[1]), zl, m(k[0]), m(k[1]));
    BigInteger want = ReferenceSakke.pairing(ReferenceSakke.BASE, k2).multiply(ReferenceSakke.pairing(z, k));
    // PF_p product of representatives b1/a1 and b2/a2 is not a product of F_p values: compare classes
    BigInteger g1 = ReferenceSakke.pairing(ReferenceSakke.BASE, k2);
    BigInteger g2 = ReferenceSakke.pairing(z, k);
    // [1 + g1 i][1 + g2 i] = [(1 - g1 g2) + (g1 + g2) i]
    BigInteger re = BigInteger.ONE.subtract(g1.multiply(g2)).mod(P);
    BigInteger im = g1.add(g2).mod(P);
    assertThat(representative(fp, v)).as("seed %d", SEED + 3).isEqualTo(im.multiply(re.modInverse(P)).mod(P));
    assertThat(want).isNotNull();
  }

  @Test
  void variableBaseMultiplicationByPublicScalars() {
    Fp fp = new Fp();
    Edwards ed = new Edwards(fp);
    Random rnd = new Random(SEED + 4);
    BigInteger[] k = ReferenceSakke.multiply(new BigInteger(1022, rnd).mod(Q), ReferenceSakke.BASE);
    for (BigInteger a : List.of(BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(15), BigInteger.valueOf(16),
        BigInteger.valueOf(31), Q.subtract(BigInteger.ONE), new BigInteger(256, rnd), new BigInteger(208, rnd),
        new BigInteger(1022, rnd).mod(Q))) {
      long[][] r = VariableBase.mul(ed, m(k[0]), m(k[1]), a);
      assertThat(new BigInteger[] {fp.toBigInteger(r[0]), fp.toBigInteger(r[1])}).as("a=%s seed %d", a.toString(16), SEED + 4)
          .isEqualTo(ReferenceSakke.multiply(a, k));
    }
  }

  @Test
  void powersOfGMatchTheReference() {
    Fp fp = new Fp();
    Fp2 f2 = new Fp2(fp);
    GtTable table = new GtTable(ParameterSet1.G);
    Random rnd = new Random(SEED + 2);
    for (BigInteger r : List.of(BigInteger.ONE, BigInteger.TWO, Q.subtract(BigInteger.ONE),
        new BigInteger(1022, rnd).mod(Q), new BigInteger(1022, rnd).mod(Q), new BigInteger(64, rnd))) {
      long[] rep = table.powRepresentative(f2, Fq.fromBigInteger(r));
      assertThat(fp.toBigInteger(rep)).as("r=%s seed %d", r.toString(16), SEED + 2).isEqualTo(ReferenceSakke.pfPow(ParameterSet1.G, r));
    }
    // g^0 = [1 + 0 i]: representative 0
    assertThat(fp.toBigInteger(table.powRepresentative(f2, Fq.create()))).isZero();
  }
}
