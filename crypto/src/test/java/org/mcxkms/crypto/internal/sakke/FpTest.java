package org.mcxkms.crypto.internal.sakke;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** F_p arithmetic (radix 2^57 Montgomery) and the safegcd inverse, against BigInteger. */
class FpTest {
  static final BigInteger P = ParameterSet1.P;
  static final BigInteger Q = ParameterSet1.Q;
  static final long SEED = 0x5A4BE1L;

  /** Edge values plus seeded random ones; all canonical in [0, p). */
  static List<BigInteger> samples(long seed, int randomCount) {
    List<BigInteger> v = new ArrayList<>();
    BigInteger allOnes = BigInteger.ONE.shiftLeft(1024).subtract(BigInteger.ONE);
    v.add(BigInteger.ZERO);
    v.add(BigInteger.ONE);
    v.add(BigInteger.TWO);
    v.add(P.subtract(BigInteger.ONE));
    v.add(P.subtract(BigInteger.TWO));
    v.add(P.shiftRight(1));
    v.add(allOnes.mod(P)); // all 64-bit limbs 0xFFFF... before reduction
    v.add(BigInteger.ONE.shiftLeft(1023).subtract(BigInteger.ONE)); // 1023 ones: below p
    v.add(BigInteger.ONE.shiftLeft(57 * 17).subtract(BigInteger.ONE)); // 17 full 57-bit limbs
    v.add(BigInteger.ONE.shiftLeft(57).subtract(BigInteger.ONE));
    v.add(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    Random rnd = new Random(seed);
    for (int i = 0; i < randomCount; i++) {
      v.add(new BigInteger(1024, rnd).mod(P));
    }
    return v;
  }

  /** A Montgomery element whose limbs hold value + p (the redundant upper half of [0, 2p)). */
  static long[] redundant(BigInteger v) {
    long[] m = Fp.fromBigInteger(v);
    Fp.canonical(m, m);
    long[] r = Fp.create();
    long[] c = new long[Fp.LIMBS];
    for (int j = 0; j < Fp.LIMBS; j++) {
      long s = m[j] + Fp.MOD.n[j] + (j > 0 ? c[j - 1] : 0);
      r[j] = s & Mont57.MASK;
      c[j] = s >>> Mont57.BITS;
    }
    assertThat(Mont57.toBigInteger(r)).isLessThan(P.shiftLeft(1));
    return r;
  }

  @Test
  void multiplicationSquaringAndAdditiveOpsMatchBigInteger() {
    Fp f = new Fp();
    List<BigInteger> xs = samples(SEED, 120);
    List<BigInteger> ys = samples(SEED + 1, 120);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < xs.size(); i++) {
      BigInteger x = xs.get(i);
      BigInteger y = ys.get(ys.size() - 1 - i);
      for (int variant = 0; variant < 2; variant++) {
        long[] a = variant == 0 ? Fp.fromBigInteger(x) : redundant(x);
        long[] b = variant == 0 ? Fp.fromBigInteger(y) : redundant(y);
        long[] r = Fp.create();
        f.mul(r, a, b);
        check(failures, f, "mul", i, r, x.multiply(y).mod(P));
        f.sqr(r, a);
        check(failures, f, "sqr", i, r, x.multiply(x).mod(P));
        Fp.add(r, a, b);
        check(failures, f, "add", i, r, x.add(y).mod(P));
        Fp.sub(r, a, b);
        check(failures, f, "sub", i, r, x.subtract(y).mod(P));
        Fp.neg(r, a);
        check(failures, f, "neg", i, r, x.negate().mod(P));
        long eq = Fp.equal(a, Fp.fromBigInteger(x));
        if (eq != -1L) {
          failures.add("equal " + i);
        }
        if (Fp.isZero(a) != (x.signum() == 0 ? -1L : 0L)) {
          failures.add("isZero " + i);
        }
      }
    }
    assertThat(failures).as("seed %d", SEED).isEmpty();
  }

  private static void check(List<String> failures, Fp f, String op, int i, long[] r, BigInteger want) {
    BigInteger limbs = Mont57.toBigInteger(r);
    if (limbs.compareTo(P.shiftLeft(1)) >= 0) {
      failures.add(op + " #" + i + " left [0, 2p)");
    }
    for (long l : r) {
      if (l < 0 || l > Mont57.MASK) {
        failures.add(op + " #" + i + " limb not normalised");
        return;
      }
    }
    if (!f.toBigInteger(r).equals(want)) {
      failures.add(op + " #" + i);
    }
  }

  @Test
  void inverseMatchesBigIntegerIncludingZero() {
    Fp f = new Fp();
    List<String> failures = new ArrayList<>();
    int i = 0;
    for (BigInteger x : samples(SEED + 2, 60)) {
      long[] r = Fp.create();
      f.inv(r, redundant(x));
      BigInteger want = x.signum() == 0 ? BigInteger.ZERO : x.modInverse(P);
      if (!f.toBigInteger(r).equals(want)) {
        failures.add("inv #" + i + " of " + x.toString(16));
      }
      i++;
    }
    assertThat(failures).as("seed %d", SEED + 2).isEmpty();
  }

  @Test
  void safeGcdInvertsModuloQToo() {
    SafeGcd gcd = new SafeGcd(Q);
    Random rnd = new Random(SEED + 3);
    List<BigInteger> xs = new ArrayList<>(List.of(BigInteger.ONE, BigInteger.TWO, Q.subtract(BigInteger.ONE)));
    for (int i = 0; i < 60; i++) {
      xs.add(new BigInteger(1022, rnd).mod(Q));
    }
    for (BigInteger x : xs) {
      long[] out = new long[Mont57.LIMBS];
      gcd.invert(out, Mont57.toLimbs(x));
      assertThat(Mont57.toBigInteger(out)).as("x=%s seed %d", x.toString(16), SEED + 3).isEqualTo(x.modInverse(Q));
    }
  }

  @Test
  void octetsRoundTripAndRangeCheck() {
    Fp f = new Fp();
    for (BigInteger x : samples(SEED + 4, 40)) {
      long[] a = Fp.fromBigInteger(x);
      byte[] enc = new byte[130];
      f.toBytes(a, enc, 1);
      byte[] want = new byte[128];
      byte[] raw = x.toByteArray();
      int n = Math.min(raw.length, 128);
      System.arraycopy(raw, raw.length - n, want, 128 - n, n);
      assertThat(Arrays.copyOfRange(enc, 1, 129)).isEqualTo(want);
      long[] back = Fp.create();
      assertThat(f.fromBytes(back, enc, 1)).isEqualTo(-1L);
      assertThat(f.toBigInteger(back)).isEqualTo(x);
    }
    for (BigInteger bad : List.of(P, P.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(1024).subtract(BigInteger.ONE))) {
      byte[] enc = new byte[128];
      byte[] raw = bad.toByteArray();
      int n = Math.min(raw.length, 128);
      System.arraycopy(raw, raw.length - n, enc, 128 - n, n);
      assertThat(f.fromBytes(Fp.create(), enc, 0)).as(bad.toString(16)).isZero();
    }
  }

  @Test
  void powerByPublicExponentsMatchesBigInteger() {
    Fp f = new Fp();
    Random rnd = new Random(SEED + 5);
    List<BigInteger> exps = new ArrayList<>(List.of(
        BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3), BigInteger.valueOf(31), BigInteger.valueOf(32),
        BigInteger.valueOf(33), BigInteger.ONE.shiftLeft(100), BigInteger.ONE.shiftLeft(100).add(BigInteger.ONE),
        P.add(BigInteger.ONE).shiftRight(2), P.subtract(BigInteger.ONE).shiftRight(1), P.subtract(BigInteger.TWO)));
    for (int i = 0; i < 6; i++) {
      exps.add(new BigInteger(1 + rnd.nextInt(1024), rnd).setBit(0).add(BigInteger.ONE)); // even and odd
    }
    List<BigInteger> xs = samples(SEED + 6, 4);
    for (BigInteger e : exps) {
      for (BigInteger x : xs) {
        long[] r = Fp.create();
        f.pow(r, redundant(x), e);
        assertThat(f.toBigInteger(r)).as("%s^%s seed %d", x.toString(16), e.toString(16), SEED + 5).isEqualTo(x.modPow(e, P));
      }
    }
  }
}
