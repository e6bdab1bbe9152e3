package org.mcxkms.crypto.internal.sakke;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The variable-time binary Jacobi symbol against Euler's criterion (for the primes p and q) and
 * against the textbook division-based Jacobi algorithm on BigInteger (for composite moduli).
 */
class JacobiTest {
  static final BigInteger P = ParameterSet1.P;
  static final BigInteger Q = ParameterSet1.Q;
  static final long SEED = 0x1ACB_0BL;

  /** The division-based algorithm (reciprocity on a mod n), for odd n &gt; 0. */
  static int reference(BigInteger a, BigInteger n) {
    a = a.mod(n);
    int j = 1;
    while (a.signum() != 0) {
      while (!a.testBit(0)) {
        a = a.shiftRight(1);
        int r = n.intValue() & 7;
        if (r == 3 || r == 5) {
          j = -j;
        }
      }
      BigInteger t = a;
      a = n;
      n = t;
      if ((a.intValue() & 3) == 3 && (n.intValue() & 3) == 3) {
        j = -j;
      }
      a = a.mod(n);
    }
    return n.equals(BigInteger.ONE) ? j : 0;
  }

  static int euler(BigInteger a, BigInteger prime) {
    BigInteger l = a.modPow(prime.subtract(BigInteger.ONE).shiftRight(1), prime);
    return l.signum() == 0 ? 0 : l.equals(BigInteger.ONE) ? 1 : -1;
  }

  static List<BigInteger> inputs(BigInteger n, Random rnd, int count) {
    BigInteger max = BigInteger.ONE.shiftLeft(Mont57.BITS * Mont57.LIMBS).subtract(BigInteger.ONE);
    List<BigInteger> v = new ArrayList<>(List.of(
        BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3), BigInteger.valueOf(4),
        n.subtract(BigInteger.ONE), n.subtract(BigInteger.TWO), n, n.add(BigInteger.valueOf(3)),
        n.shiftLeft(1).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(57), BigInteger.ONE.shiftLeft(1000),
        max));
    for (int i = 0; i < count; i++) {
      BigInteger r = new BigInteger(n.bitLength(), rnd).mod(n);
      v.add(r);
      v.add(r.multiply(r).mod(n)); // a square
      v.add(n.subtract(r.multiply(r).mod(n)).mod(n)); // minus a square
      v.add(r.multiply(n.add(BigInteger.ONE)).mod(BigInteger.ONE.shiftLeft(1026))); // large, above n
    }
    return v;
  }

  @Test
  void matchesEulersCriterionModuloPAndQ() {
    Random rnd = new Random(SEED);
    for (BigInteger prime : List.of(P, Q)) {
      long[] n = Mont57.toLimbs(prime);
      int residues = 0;
      int nonResidues = 0;
      for (BigInteger a : inputs(prime, rnd, 150)) {
        int want = euler(a, prime);
        assertThat(Jacobi.symbol(Mont57.toLimbs(a), n)).as("(%s / %d-bit prime) seed %d", a.toString(16), prime.bitLength(), SEED)
            .isEqualTo(want);
        residues += want == 1 ? 1 : 0;
        nonResidues += want == -1 ? 1 : 0;
      }
      assertThat(residues).isGreaterThan(100);
      assertThat(nonResidues).isGreaterThan(100);
    }
  }

  @Test
  void matchesTheDivisionAlgorithmForCompositeModuli() {
    Random rnd = new Random(SEED + 1);
    List<BigInteger> moduli = new ArrayList<>(List.of(
        BigInteger.ONE, BigInteger.valueOf(9), BigInteger.valueOf(15), BigInteger.valueOf(21),
        P.multiply(BigInteger.valueOf(3)), Q.multiply(Q).shiftRight(1023).setBit(0)));
    for (int i = 0; i < 20; i++) {
      moduli.add(new BigInteger(1 + rnd.nextInt(1024), rnd).setBit(0));
    }
    for (BigInteger n : moduli) {
      if (n.bitLength() > 1025) {
        continue;
      }
      for (BigInteger a : inputs(n, rnd, 10)) {
        assertThat(Jacobi.symbol(Mont57.toLimbs(a), Mont57.toLimbs(n)))
            .as("(%s / %s) seed %d", a.toString(16), n.toString(16), SEED + 1)
            .isEqualTo(reference(a, n));
      }
    }
  }
}
