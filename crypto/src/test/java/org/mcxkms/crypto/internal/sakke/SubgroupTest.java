package org.mcxkms.crypto.internal.sakke;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The order-q test by 2-descent against the definition ([q]K = O with the BigInteger reference),
 * on random points of every order the group has (q, 2q, 4q, 2, 4) and on P.
 */
class SubgroupTest {
  static final BigInteger P = ParameterSet1.P;
  static final BigInteger Q = ParameterSet1.Q;
  static final long SEED = 0x5B6_0DL;

  /** A random point of E(F_p) (uniform x, rejection on the square test). */
  static BigInteger[] randomPoint(Random rnd) {
    BigInteger e = P.add(BigInteger.ONE).shiftRight(2);
    while (true) {
      BigInteger x = new BigInteger(1024, rnd).mod(P);
      BigInteger y2 = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).mod(P);
      BigInteger y = y2.modPow(e, P);
      if (y.multiply(y).mod(P).equals(y2) && y.signum() != 0) {
        return new BigInteger[] {x, rnd.nextBoolean() ? y : P.subtract(y)};
      }
    }
  }

  /** A point of order 4 (x^2 = -3, so that its double is (0, 0)). */
  static BigInteger[] orderFour() {
    BigInteger e = P.add(BigInteger.ONE).shiftRight(2);
    BigInteger s3 = P.subtract(BigInteger.valueOf(3)).modPow(e, P);
    for (BigInteger x : List.of(s3, P.subtract(s3))) {
      BigInteger y2 = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).mod(P);
      BigInteger y = y2.modPow(e, P);
      if (y.multiply(y).mod(P).equals(y2)) {
        return new BigInteger[] {x, y};
      }
    }
    throw new AssertionError("no point of order 4");
  }

  @Test
  void agreesWithQTimesKOnPointsOfEveryOrder() {
    Random rnd = new Random(SEED);
    BigInteger[] t4 = orderFour();
    BigInteger[] t2 = {BigInteger.ZERO, BigInteger.ZERO};
    assertThat(ReferenceSakke.add(t4, t4)).containsExactly(t2);
    List<BigInteger[]> points = new ArrayList<>();
    points.add(ReferenceSakke.BASE);
    points.add(new BigInteger[] {ParameterSet1.PX, P.subtract(ParameterSet1.PY)});
    points.add(t4);
    points.add(ReferenceSakke.add(ReferenceSakke.BASE, t4));
    points.add(ReferenceSakke.add(ReferenceSakke.BASE, t2));
    for (int i = 0; i < 6; i++) {
      BigInteger[] r = randomPoint(rnd);
      BigInteger[] k4 = ReferenceSakke.multiply(BigInteger.valueOf(4), r); // order q
      points.add(r); // order q, 2q or 4q (and 2 or 4 with negligible probability)
      points.add(ReferenceSakke.add(r, r));
      points.add(k4);
      points.add(ReferenceSakke.add(k4, t2)); // order 2q
      points.add(ReferenceSakke.add(k4, t4)); // order 4q
    }
    Fp fp = new Fp();
    int accepted = 0;
    for (BigInteger[] k : points) {
      boolean want = ReferenceSakke.multiply(Q, k) == null;
      long got = Subgroup.hasOrderQ(fp, Fp.fromBigInteger(k[0]), Fp.fromBigInteger(k[1]));
      assertThat(got).as("K = (%s, %s) seed %d", k[0].toString(16), k[1].toString(16), SEED).isEqualTo(want ? -1L : 0L);
      // blinded with fresh randomness each time: the answer never changes
      assertThat(Subgroup.hasOrderQ(fp, Fp.fromBigInteger(k[0]), Fp.fromBigInteger(k[1]))).isEqualTo(got);
      accepted += want ? 1 : 0;
    }
    assertThat(accepted).as("both outcomes exercised").isBetween(8, points.size() - 12);
  }
}
