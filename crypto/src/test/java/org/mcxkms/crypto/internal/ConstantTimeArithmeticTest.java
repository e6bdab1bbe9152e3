package org.mcxkms.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * Seeded property checks of the constant-time arithmetic against independent implementations:
 * BigInteger for Mont256, P256Field and ScalarModQ, Bouncy Castle's P-256 for P256BaseMul. Edge
 * values (0, 1, m-1, m-k, powers of two, values at or above the modulus) are mixed into the random
 * ones.
 */
class ConstantTimeArithmeticTest {
  private static final long SEED = Long.getLong("mcxkms.test.seed", 0x5eed_c0deL);
  private static final BigInteger P = P256.P;
  private static final BigInteger Q = P256.Q;
  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

  private static BigInteger pick(Random r, BigInteger m) {
    switch (r.nextInt(10)) {
      case 0:
        return BigInteger.ZERO;
      case 1:
        return BigInteger.ONE;
      case 2:
        return m.subtract(BigInteger.ONE);
      case 3:
        return m.subtract(BigInteger.valueOf(r.nextInt(1 << 16) + 1));
      case 4:
        return BigInteger.ONE.shiftLeft(r.nextInt(256)).mod(m);
      case 5:
        return BigInteger.ONE.shiftLeft(32 * r.nextInt(8)).subtract(BigInteger.ONE).mod(m);
      default:
        BigInteger v;
        do {
          v = new BigInteger(256, r);
        } while (v.compareTo(m) >= 0);
        return v;
    }
  }

  @Test
  void mont256AgreesWithBigInteger() {
    Random r = new Random(SEED);
    List<String> failures = new ArrayList<>();
    for (BigInteger m : new BigInteger[] {P, Q}) {
      Mont256 f = new Mont256(m);
      BigInteger rInv = TWO_256.modInverse(m);
      for (int i = 0; i < 20_000; i++) {
        BigInteger a = pick(r, m);
        BigInteger b = pick(r, m);
        long[] x = Mont256.fromBigInteger(a);
        long[] y = Mont256.fromBigInteger(b);
        long[] z = new long[4];
        f.mul(x, y, z);
        check(failures, "mul", Mont256.toBigInteger(z), a.multiply(b).multiply(rInv).mod(m));
        f.add(x, y, z);
        check(failures, "add", Mont256.toBigInteger(z), a.add(b).mod(m));
        f.sub(x, y, z);
        check(failures, "sub", Mont256.toBigInteger(z), a.subtract(b).mod(m));
        BigInteger wide = r.nextBoolean() ? new BigInteger(256, r) : m.add(BigInteger.valueOf(r.nextInt(1000))).min(TWO_256.subtract(BigInteger.ONE));
        check(failures, "reduce", Mont256.toBigInteger(f.reduce(Mont256.fromBigInteger(wide))), wide.mod(m));
        check(failures, "lessThan", BigInteger.valueOf(f.lessThanModulusMask(Mont256.fromBigInteger(wide))),
            BigInteger.valueOf(wide.compareTo(m) < 0 ? -1 : 0));
      }
    }
    assertThat(failures).as("seed %d", SEED).isEmpty();
  }

  @Test
  void montgomeryConversionsRoundTrip() {
    Random r = new Random(SEED + 1);
    List<String> failures = new ArrayList<>();
    for (BigInteger m : new BigInteger[] {P, Q}) {
      Mont256 f = new Mont256(m);
      for (int i = 0; i < 200; i++) {
        BigInteger a = pick(r, m);
        if (a.signum() == 0) {
          continue;
        }
        long[] am = new long[4];
        f.toMont(Mont256.fromBigInteger(a), am);
        check(failures, "toMont", Mont256.toBigInteger(am), a.shiftLeft(256).mod(m));
        long[] back = new long[4];
        f.fromMont(am, back);
        check(failures, "fromMont", Mont256.toBigInteger(back), a);
        check(failures, "one", Mont256.toBigInteger(f.one()), BigInteger.ONE.shiftLeft(256).mod(m));
      }
    }
    assertThat(failures).as("seed %d", SEED).isEmpty();
  }

  @Test
  void p256FieldAgreesWithBigInteger() {
    Random r = new Random(SEED + 2);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      BigInteger a = pick(r, P);
      BigInteger b = pick(r, P);
      int[] x = P256Field.fromBigInteger(a);
      int[] y = P256Field.fromBigInteger(b);
      int[] z = new int[8];
      P256Field.multiply(x, y, z);
      check(failures, "mul", P256Field.toBigInteger(z), a.multiply(b).mod(P));
      P256Field.square(x, z);
      check(failures, "square", P256Field.toBigInteger(z), a.multiply(a).mod(P));
      P256Field.add(x, y, z);
      check(failures, "add", P256Field.toBigInteger(z), a.add(b).mod(P));
      P256Field.subtract(x, y, z);
      check(failures, "sub", P256Field.toBigInteger(z), a.subtract(b).mod(P));
      P256Field.negate(x, z);
      check(failures, "neg", P256Field.toBigInteger(z), a.negate().mod(P));
      BigInteger wide = r.nextInt(4) == 0 ? P.add(BigInteger.valueOf(r.nextInt(1000))).min(TWO_256.subtract(BigInteger.ONE)) : new BigInteger(256, r);
      byte[] raw = wide.toByteArray();
      byte[] enc = new byte[32];
      int n = Math.min(32, raw.length);
      System.arraycopy(raw, raw.length - n, enc, 32 - n, n);
      check(failures, "lessThanP", BigInteger.valueOf(P256Field.lessThanPMask(P256Field.fromBytesUnreduced(enc, 0))),
          BigInteger.valueOf(wide.compareTo(P) < 0 ? -1 : 0));
    }
    assertThat(failures).as("seed %d", SEED).isEmpty();
  }

  /**
   * Arithmetic results are only weakly reduced (below 2^256, maybe above p): long random chains of
   * operations whose inputs are such results, including non-canonical inputs x + p, must still
   * agree with BigInteger.
   */
  @Test
  void p256FieldChainsOnWeaklyReducedValues() {
    Random r = new Random(SEED + 6);
    List<String> failures = new ArrayList<>();
    BigInteger twoTo256 = BigInteger.ONE.shiftLeft(256);
    for (int chain = 0; chain < 300; chain++) {
      BigInteger a = pick(r, P);
      BigInteger b = pick(r, P);
      int[] x;
      if (a.add(P).compareTo(twoTo256) < 0 && r.nextBoolean()) {
        x = fromWide(a.add(P)); // a non-canonical encoding of a
      } else {
        x = P256Field.fromBigInteger(a);
      }
      int[] y = P256Field.fromBigInteger(b);
      for (int step = 0; step < 200; step++) {
        int[] z = new int[8];
        switch (r.nextInt(6)) {
          case 0: P256Field.multiply(x, y, z); a = a.multiply(b).mod(P); break;
          case 1: P256Field.square(x, z); a = a.multiply(a).mod(P); break;
          case 2: P256Field.add(x, y, z); a = a.add(b).mod(P); break;
          case 3: P256Field.subtract(x, y, z); a = a.subtract(b).mod(P); break;
          case 4: P256Field.subtract(y, x, z); a = b.subtract(a).mod(P); break;
          default: P256Field.twice(x, z); a = a.shiftLeft(1).mod(P); break;
        }
        x = z;
        if (r.nextInt(4) == 0) { // swap roles so both operands carry weak values
          int[] t = x; x = y; y = t;
          BigInteger u = a; a = b; b = u;
        }
        if (!P256Field.toBigInteger(x).equals(a) || P256Field.equalMask(x, P256Field.fromBigInteger(a)) != -1) {
          failures.add("chain " + chain + " step " + step);
          break;
        }
      }
    }
    assertThat(failures).as("seed %d", SEED).isEmpty();
  }

  private static int[] fromWide(BigInteger v) {
    int[] z = new int[8];
    for (int i = 0; i < 8; i++) {
      z[i] = v.shiftRight(32 * i).intValue();
    }
    return z;
  }

  @Test
  void scalarModQAgreesWithBigInteger() {
    Random r = new Random(SEED + 3);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      BigInteger a = pick(r, Q);
      BigInteger b = pick(r, Q);
      BigInteger c = pick(r, Q);
      long[] x = Mont256.fromBigInteger(a);
      long[] y = Mont256.fromBigInteger(b);
      long[] z = Mont256.fromBigInteger(c);
      check(failures, "mul", Mont256.toBigInteger(ScalarModQ.mul(x, y)), a.multiply(b).mod(Q));
      check(failures, "mulAdd", Mont256.toBigInteger(ScalarModQ.mulAdd(x, y, z)), a.multiply(b).add(c).mod(Q));
      check(failures, "sub", Mont256.toBigInteger(ScalarModQ.sub(x, y)), a.subtract(b).mod(Q));
      if (a.signum() != 0) {
        check(failures, "inverse", Mont256.toBigInteger(ScalarModQ.inverse(x)), a.modInverse(Q));
        check(failures, "inverseOfPublic", Mont256.toBigInteger(ScalarModQ.inverseOfPublic(x)), a.modInverse(Q));
      }
      check(failures, "inRange", BigInteger.valueOf(ScalarModQ.inRangeMask(x)),
          BigInteger.valueOf(a.signum() > 0 ? -1 : 0));
      byte[] h = new byte[32];
      r.nextBytes(h);
      check(failures, "reduce", Mont256.toBigInteger(ScalarModQ.reduce(h)), new BigInteger(1, h).mod(Q));
    }
    // values at and above q are out of range
    for (BigInteger v : new BigInteger[] {Q, Q.add(BigInteger.ONE), TWO_256.subtract(BigInteger.ONE)}) {
      check(failures, "inRange " + v.toString(16), BigInteger.valueOf(ScalarModQ.inRangeMask(Mont256.fromBigInteger(v))), BigInteger.ZERO);
    }
    assertThat(failures).as("seed %d", SEED).isEmpty();
  }

  @Test
  void fixedBaseMultiplicationAgreesWithBouncyCastle() {
    Random r = new Random(SEED + 4);
    List<BigInteger> scalars = new ArrayList<>();
    for (long small = 1; small <= 70; small++) {
      scalars.add(BigInteger.valueOf(small));
    }
    BigInteger half = BigInteger.valueOf(P256BaseMul.ENTRIES);
    for (int i = 0; i < P256BaseMul.WINDOWS; i++) {
      // digit boundaries of the signed recoding (base 2^WINDOW): half * base^i, that +- 1, base^(i+1) - 1
      BigInteger w = BigInteger.ONE.shiftLeft(P256BaseMul.WINDOW * i);
      for (BigInteger v : new BigInteger[] {w.multiply(half), w.multiply(half).add(BigInteger.ONE),
          w.multiply(half).subtract(BigInteger.ONE), w.shiftLeft(P256BaseMul.WINDOW).subtract(BigInteger.ONE)}) {
        if (v.signum() > 0 && v.compareTo(Q) < 0) {
          scalars.add(v);
        }
      }
    }
    scalars.add(Q.subtract(BigInteger.ONE));
    scalars.add(Q.subtract(BigInteger.TWO));
    scalars.add(Q.shiftRight(1));
    scalars.add(Q.shiftRight(1).add(BigInteger.ONE));
    for (int i = 0; i < 1500; i++) {
      BigInteger k = pick(r, Q);
      if (r.nextInt(3) == 0) {
        k = k.shiftRight(r.nextInt(256));
      }
      if (k.signum() > 0) {
        scalars.add(k);
      }
    }
    List<String> failures = new ArrayList<>();
    for (BigInteger k : scalars) {
      ECPoint expected = P256.G.multiply(k).normalize();
      P256BaseMul.Jacobian ours = P256BaseMul.multiply(Mont256.fromBigInteger(k));
      if (!ours.toEcPoint().equals(expected)) {
        failures.add("k=" + k.toString(16));
      }
      int[][] w = P256.affineWords(expected);
      if (ours.equalsAffineMask(w[0], w[1]) != -1) {
        failures.add("projective equality k=" + k.toString(16));
      }
      w[1][0] ^= 1;
      if (ours.equalsAffineMask(w[0], w[1]) != 0) {
        failures.add("projective inequality k=" + k.toString(16));
      }
      if (!P256Field.toBigInteger(ours.affineX()).equals(expected.getAffineXCoord().toBigInteger())) {
        failures.add("affineX k=" + k.toString(16));
      }
    }
    assertThat(failures).as("seed %d", SEED).isEmpty();
  }

  @Test
  void recodingReconstructsTheScalar() {
    Random r = new Random(SEED + 5);
    for (int i = 0; i < 5000; i++) {
      BigInteger k = new BigInteger(256, r).mod(Q);
      int[] d = P256BaseMul.recode(Mont256.fromBigInteger(k));
      BigInteger sum = BigInteger.ZERO;
      for (int j = d.length - 1; j >= 0; j--) {
        assertThat(d[j]).isBetween(-P256BaseMul.ENTRIES, P256BaseMul.ENTRIES);
        sum = sum.shiftLeft(P256BaseMul.WINDOW).add(BigInteger.valueOf(d[j]));
      }
      assertThat(sum).as("seed %d, k %s", SEED, k.toString(16)).isEqualTo(k);
    }
  }

  private static void check(List<String> failures, String what, BigInteger got, BigInteger expected) {
    if (!got.equals(expected)) {
      failures.add(what + ": got " + got.toString(16) + " expected " + expected.toString(16));
    }
  }
}
