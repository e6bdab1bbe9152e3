package org.mcxkms.crypto.internal.sakke;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Montgomery multiplication modulo the 1024-bit p of Parameter Set 1 with 512-bit vectors of
 * doubles: the same R = 2^1026 and the same element representation as {@link Mont57} (18 limbs of
 * 57 bits, values in [0, 2p)), so the two kernels can be mixed freely; {@link Fp} uses this one
 * when the JVM runs with {@code --add-modules jdk.incubator.vector} on a CPU with 512-bit vectors.
 *
 * <h2>Why doubles</h2>
 * Java has no vector 64x64-bit high product, but a fused multiply-add of doubles is exact enough to
 * split a product of two 52-bit integers: with a, b &lt; 2^52 and the bias 2^104,
 * x = fma(a, b, 2^104) rounds a b + 2^104 to a multiple of 2^52, so the mantissa of x is the high
 * half h = round(a b / 2^52) and lo = fma(a, b, -(x - 2^104)) = a b - 2^52 h is exact, with
 * |lo| &lt;= 2^51. Adding the bias 1.5 * 2^52 to lo puts it into the binade [2^52, 2^53), whose
 * raw bits are linear in the value. So the raw bits of x and of lo + 1.5 * 2^52 are summed as
 * integers column by column (wrapping) and the known sum of the biases is subtracted at the end
 * (the columns a zero product leaves, measured once). One vector instruction sequence computes 8
 * limb products: 2 FMAs, 2 additions and 2 integer additions, where {@link Mont57} needs two
 * 64-bit multiplications for each single product.
 *
 * <h2>Layout</h2>
 * Operands are re-cut into 20 limbs of 52 bits (1040 bits). Lanes hold columns: column vector v
 * holds columns 8v..8v+7, and row i of a product adds a_i times b shifted up by i lanes, loaded
 * from a zero-padded copy of b at offset -i, so every accumulator stays in one register. The
 * Montgomery reduction is done as two more products with no sequential dependency:
 * m = (T mod 2^1026) * (-p^-1) mod 2^1026 (the low columns only), then (T + m p) / 2^1026 is read
 * off the normalised sum at bit 1026 into 57-bit limbs.
 *
 * <h2>Constant time</h2>
 * Fixed loop counts and indices; every double is an integer below 2^105 or zero, never subnormal,
 * so no floating-point operation takes a slow path; the carry passes use shifts and masks only.
 */
final class VectorMont {
  private VectorMont() {}

  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_512;
  private static final VectorSpecies<Long> L = LongVector.SPECIES_512;
  private static final int N = 20;
  private static final int B = 52;
  private static final long M52 = (1L << B) - 1;
  /** Bits of R: the same R = 2^1026 as {@link Mont57}. */
  private static final int R_BITS = Mont57.BITS * Mont57.LIMBS;
  /** Bits of the top limb of a value mod R: 1026 - 19 * 52. */
  private static final long TOP_MASK = (1L << (R_BITS - (N - 1) * B)) - 1;
  private static final double HI_BIAS = 0x1p104;
  private static final double LO_BIAS = 0x1.8p52;
  /** Zeros in front of b in its padded copy: row i reads from PAD - i. */
  private static final int PAD = 24;
  /** Columns of the accumulators: 6 vectors of 8. */
  private static final int COLUMNS = 48;
  /** Limbs of an unreduced product or of a sum of them (52 bits each but the signed top one). */
  static final int WIDE = 2 * N + 2;

  private static final double[] P_LIMBS = new double[N];
  private static final double[] NINV_PAD = new double[PAD + COLUMNS + 8];
  private static final long[] TWO_P;
  /** The negated column sums of the biases, for a full product and for the low columns. */
  private static final long[] BIAS_FULL;
  private static final long[] BIAS_LOW;

  static {
    BigInteger p = ParameterSet1.P;
    BigInteger r = BigInteger.ONE.shiftLeft(R_BITS);
    BigInteger nInv = r.subtract(p.modInverse(r));
    for (int i = 0; i < N; i++) {
      P_LIMBS[i] = p.shiftRight(B * i).longValue() & M52;
      NINV_PAD[PAD + i] = nInv.shiftRight(B * i).longValue() & M52;
    }
    TWO_P = Mont57.toLimbs(p.shiftLeft(1));
    Scratch s = new Scratch();
    double[] zero = new double[N];
    product(s, zero, s.bpad);
    BIAS_FULL = biases(s);
    productLow(s, zero, s.bpad);
    BIAS_LOW = biases(s);
  }

  private static long[] biases(Scratch s) {
    long[] o = new long[COLUMNS];
    for (int k = 0; k < COLUMNS; k++) {
      o[k] = -(s.l[k] + s.h[k]);
    }
    return o;
  }

  /** Per-computation scratch (plain arrays: loading it needs no vector support). */
  static final class Scratch {
    /** High halves, stored one column up: h[k] belongs to column k. */
    final long[] h = new long[COLUMNS + 1];
    final long[] l = new long[COLUMNS];
    final double[] a = new double[N];
    final double[] bpad = new double[PAD + COLUMNS + 8];
    final double[] mpad = new double[PAD + COLUMNS + 8];
    final long[] w = new long[WIDE];
  }

  /**
   * Whether this kernel can be used here: 512-bit vectors are the preferred shape (on other CPUs
   * the Vector API would fall back to slow scalar code), and a few products agree with
   * {@link Mont57}.
   */
  static boolean usable() {
    if (DoubleVector.SPECIES_PREFERRED.vectorBitSize() < 512) {
      return false;
    }
    Mont57.Modulus mod = new Mont57.Modulus(ParameterSet1.P);
    Random rnd = new Random(1);
    Scratch s = new Scratch();
    long[] t = new long[Mont57.SCRATCH];
    BigInteger twoP = ParameterSet1.P.shiftLeft(1);
    for (int n = 0; n < 8; n++) {
      BigInteger x = n == 0 ? twoP.subtract(BigInteger.ONE) : new BigInteger(1025, rnd).mod(twoP);
      BigInteger y = n == 0 ? x : new BigInteger(1025, rnd).mod(twoP);
      long[] a = Mont57.toLimbs(x);
      long[] b = Mont57.toLimbs(y);
      long[] want = new long[Mont57.LIMBS];
      long[] got = new long[Mont57.LIMBS];
      Mont57.mul(want, a, b, mod, t);
      mul(got, a, b, s);
      Mont57.canonical(want, want, mod);
      Mont57.canonical(got, got, mod);
      if (!Arrays.equals(want, got)) {
        return false;
      }
    }
    return true;
  }

  // ---- the operations, same contracts as in Mont57 ----

  /** r = a b R^-1 mod p in [0, 2p), a and b normalised below 2^1026. r may alias a or b. */
  static void mul(long[] r, long[] a, long[] b, Scratch s) {
    mulWide(s.w, a, b, s);
    reduce(r, s.w, s);
  }

  /**
   * w = a b unreduced: {@link #WIDE} column sums, not normalised (each below 2^58; {@link #redc}
   * normalises once for a whole sum of products), a, b below 2^1026.
   */
  static void mulWide(long[] w, long[] a, long[] b, Scratch s) {
    split(s.a, 0, a);
    split(s.bpad, PAD, b);
    product(s, s.a, s.bpad);
    long[] l = s.l;
    long[] h = s.h;
    for (int k = 0; k < WIDE; k++) {
      w[k] = l[k] + h[k] + BIAS_FULL[k];
    }
  }

  /** w = a + b limb by limb (sums and differences of at most three products). */
  static void addWide(long[] w, long[] a, long[] b) {
    for (int k = 0; k < WIDE; k++) {
      w[k] = a[k] + b[k];
    }
  }

  /** w = a - b limb by limb. */
  static void subWide(long[] w, long[] a, long[] b) {
    for (int k = 0; k < WIDE; k++) {
      w[k] = a[k] - b[k];
    }
  }

  /**
   * r = w R^-1 mod p in [0, 2p) for w a sum or difference of at most three products of
   * {@link #mulWide}, with -2^1026 p &lt; w &lt; 2^1027 p (as {@link Mont57#redc}). w is destroyed.
   */
  static void redc(long[] r, long[] w, Scratch s) {
    reduce(r, w, s);
    // the quotient lies in (-p, 3p): into [0, 2p) as in Mont57.redc
    Mont57.addMasked(r, TWO_P, r[Mont57.LIMBS - 1] >> 63);
    Mont57.subIfAtLeast(r, TWO_P);
  }

  /**
   * r = w / R mod p in (-p, 3p), the top limb of r signed; in [0, 2p) when w is a single product
   * of two values below 2p (then (w + m p) / R &lt; 4p^2 / 2^1026 + p &lt; 2p).
   */
  private static void reduce(long[] r, long[] w, Scratch s) {
    // normalise the low 20 limbs (m depends on them only); the carry joins the column above
    long c = 0;
    for (int k = 0; k < N; k++) {
      long v = w[k] + c;
      w[k] = v & M52;
      c = v >> B;
    }
    w[N] += c;
    // m = (w mod R) (-p^-1) mod R
    double[] a = s.a;
    for (int k = 0; k < N - 1; k++) {
      a[k] = w[k];
    }
    a[N - 1] = w[N - 1] & TOP_MASK;
    productLow(s, a, NINV_PAD);
    double[] m = s.mpad;
    c = 0;
    for (int k = 0; k < N; k++) {
      long v = s.l[k] + s.h[k] + BIAS_LOW[k] + c;
      m[PAD + k] = v & (k < N - 1 ? M52 : TOP_MASK);
      c = v >> B;
    }
    // w + m p, divisible by R; the quotient starts at bit 1026
    product(s, P_LIMBS, m);
    c = 0;
    for (int k = 0; k < WIDE - 1; k++) {
      long v = w[k] + s.l[k] + s.h[k] + BIAS_FULL[k] + c;
      w[k] = v & M52;
      c = v >> B;
    }
    w[WIDE - 1] += s.l[WIDE - 1] + s.h[WIDE - 1] + BIAS_FULL[WIDE - 1] + c;
    join(r, w);
  }

  /** d[off..off+20) = the 57-bit limbs of a (below 2^1026) re-cut into 52-bit limbs. */
  private static void split(double[] d, int off, long[] a) {
    for (int k = 0; k < N - 1; k++) {
      int j = SPLIT_LIMB[k];
      long v = (a[j] >>> SPLIT_SHIFT[k]) | (a[j + 1] << (Mont57.BITS - SPLIT_SHIFT[k]));
      d[off + k] = v & M52;
    }
    d[off + N - 1] = a[Mont57.LIMBS - 1] >>> (B * (N - 1) - Mont57.BITS * (Mont57.LIMBS - 1));
  }

  /** The 57-bit limb where 52-bit limb k starts. */
  private static final int[] SPLIT_LIMB = new int[N];
  /** Bit position of 52-bit limb k in that 57-bit limb. */
  private static final int[] SPLIT_SHIFT = new int[N];

  static {
    for (int k = 0; k < N; k++) {
      SPLIT_LIMB[k] = B * k / Mont57.BITS;
      SPLIT_SHIFT[k] = B * k % Mont57.BITS;
    }
  }

  /**
   * r = the 57-bit limbs of w / 2^1026 (w normalised, its top limb signed); the top limb of r
   * keeps the sign. Arithmetic mod 2^64 in the top limb is exact because the quotient is below
   * 2^1027 in absolute value.
   */
  private static void join(long[] r, long[] w) {
    for (int j = 0; j < Mont57.LIMBS; j++) {
      int bit = R_BITS + Mont57.BITS * j;
      int k = bit / B;
      int sh = bit % B;
      long v = (w[k] >>> sh) + (w[k + 1] << (B - sh));
      if (B - sh + B < 64 && k + 2 < WIDE) {
        v += w[k + 2] << (2 * B - sh);
      }
      r[j] = j < Mont57.LIMBS - 1 ? v & Mont57.MASK : v;
    }
  }

  // ---- the product kernels ----

  /**
   * s.h, s.l = the biased high and low halves of a * b by column (see the class comment), b
   * given as {@code bpad} (its limbs at PAD, zeros around). Rows in three groups, each touching
   * only the column vectors its products reach, the accumulators held in registers.
   */
  static void product(Scratch s, double[] a, double[] bpad) {
    final DoubleVector c1 = DoubleVector.broadcast(D, HI_BIAS);
    final DoubleVector c2 = DoubleVector.broadcast(D, LO_BIAS);
    LongVector h0 = LongVector.zero(L);
    LongVector l0 = LongVector.zero(L);
    LongVector h1 = LongVector.zero(L);
    LongVector l1 = LongVector.zero(L);
    LongVector h2 = LongVector.zero(L);
    LongVector l2 = LongVector.zero(L);
    LongVector h3 = LongVector.zero(L);
    LongVector l3 = LongVector.zero(L);
    LongVector h4 = LongVector.zero(L);
    LongVector l4 = LongVector.zero(L);
    for (int i = 0; i < 8; i++) {
      DoubleVector ai = DoubleVector.broadcast(D, a[i]);
      DoubleVector bv;
      DoubleVector x;
      bv = DoubleVector.fromArray(D, bpad, PAD - i);
      x = ai.fma(bv, c1);
      h0 = h0.add(x.reinterpretAsLongs());
      l0 = l0.add(ai.fma(bv, c1.sub(x)).add(c2).reinterpretAsLongs());
      bv = DoubleVector.fromArray(D, bpad, PAD + 8 - i);
      x = ai.fma(bv, c1);
      h1 = h1.add(x.reinterpretAsLongs());
      l1 = l1.add(ai.fma(bv, c1.sub(x)).add(c2).reinterpretAsLongs());
      bv = DoubleVector.fromArray(D, bpad, PAD + 16 - i);
      x = ai.fma(bv, c1);
      h2 = h2.add(x.reinterpretAsLongs());
      l2 = l2.add(ai.fma(bv, c1.sub(x)).add(c2).reinterpretAsLongs());
      bv = DoubleVector.fromArray(D, bpad, PAD + 24 - i);
      x = ai.fma(bv, c1);
      h3 = h3.add(x.reinterpretAsLongs());
      l3 = l3.add(ai.fma(bv, c1.sub(x)).add(c2).reinterpretAsLongs());
    }
    for (int i = 8; i < 16; i++) {
      DoubleVector ai = DoubleVector.broadcast(D, a[i]);
      DoubleVector bv;
      DoubleVector x;
      bv = DoubleVector.fromArray(D, bpad, PAD + 8 - i);
      x = ai.fma(bv, c1);
      h1 = h1.add(x.reinterpretAsLongs());
      l1 = l1.add(ai.fma(bv, c1.sub(x)).add(c2).reinterpretAsLongs());
      bv = DoubleVector.fromArray(D, bpad, PAD + 16 - i);
      x = ai.fma(bv, c1);
      h2 = h2.add(x.reinterpretAsLongs());
      l2 = l2.add(ai.fma(bv, c1.sub(x)).add(c2).reinterpretAsLongs());
      bv = DoubleVector.fromArray(D, bpad, PAD + 24 - i);
      x = ai.fma(bv, c1);
      h3 = h3.add(x.reinterpretAsLongs());
      l3 = l3.add(ai.fma(bv, c1.sub(x)).add(c2).reinterpretAsLongs());
      bv = DoubleVector.fromArray(D, bpad, PAD + 32 - i);
      x = ai.fma(bv, c1);
      h4 = h4.add(x.reinterpretAsLongs());
      l4 = l4.add(ai.fma(bv, c1.sub(x)).add(c2).reinterpretAsLongs());
    }
    for (int i = 16; i < 20; i++) {
      DoubleVector ai = DoubleVector.broadcast(D, a[i]);
      DoubleVector bv;
      DoubleVector x;
      bv = DoubleVector.fromArray(D, bpad, PAD + 16 - i);
      x = ai.fma(bv, c1);
      h2 = h2.add(x.reinterpretAsLongs());
      l2 = l2.add(ai.fma(bv, c1.sub(x)).add(c2).reinterpretAsLongs());
      bv = DoubleVector.fromArray(D, bpad, PAD + 24 - i);
      x = ai.fma(bv, c1);
      h3 = h3.add(x.reinterpretAsLongs());
      l3 = l3.add(ai.fma(bv, c1.sub(x)).add(c2).reinterpretAsLongs());
      bv = DoubleVector.fromArray(D, bpad, PAD + 32 - i);
      x = ai.fma(bv, c1);
      h4 = h4.add(x.reinterpretAsLongs());
      l4 = l4.add(ai.fma(bv, c1.sub(x)).add(c2).reinterpretAsLongs());
    }
    h0.intoArray(s.h, 1);
    l0.intoArray(s.l, 0);
    h1.intoArray(s.h, 9);
    l1.intoArray(s.l, 8);
    h2.intoArray(s.h, 17);
    l2.intoArray(s.l, 16);
    h3.intoArray(s.h, 25);
    l3.intoArray(s.l, 24);
    h4.intoArray(s.h, 33);
    l4.intoArray(s.l, 32);
  }

  /** As {@link #product}, for the columns below 24 only (a product mod 2^1040 and more). */
  static void productLow(Scratch s, double[] a, double[] bpad) {
    final DoubleVector c1 = DoubleVector.broadcast(D, HI_BIAS);
    final DoubleVector c2 = DoubleVector.broadcast(D, LO_BIAS);
    LongVector h0 = LongVector.zero(L);
    LongVector l0 = LongVector.zero(L);
    LongVector h1 = LongVector.zero(L);
    LongVector l1 = LongVector.zero(L);
    LongVector h2 = LongVector.zero(L);
    LongVector l2 = LongVector.zero(L);
    for (int i = 0; i < 8; i++) {
      DoubleVector ai = DoubleVector.broadcast(D, a[i]);
      DoubleVector bv;
      DoubleVector x;
      bv = DoubleVector.fromArray(D, bpad, PAD - i);
      x = ai.fma(bv, c1);
      h0 = h0.add(x.reinterpretAsLongs());
      l0 = l0.add(ai.fma(bv, c1.sub(x)).add(c2).reinterpretAsLongs());
      bv = DoubleVector.fromArray(D, bpad, PAD + 8 - i);
      x = ai.fma(bv, c1);
      h1 = h1.add(x.reinterpretAsLongs());
      l1 = l1.add(ai.fma(bv, c1.sub(x)).add(c2).reinterpretAsLongs());
      bv = DoubleVector.fromArray(D, bpad, PAD + 16 - i);
      x = ai.fma(bv, c1);
      h2 = h2.add(x.reinterpretAsLongs());
      l2 = l2.add(ai.fma(bv, c1.sub(x)).add(c2).reinterpretAsLongs());
    }
    for (int i = 8; i < 16; i++) {
      DoubleVector ai = DoubleVector.broadcast(D, a[i]);
      DoubleVector bv;
      DoubleVector x;
      bv = DoubleVector.fromArray(D, bpad, PAD + 8 - i);
      x = ai.fma(bv, c1);
      h1 = h1.add(x.reinterpretAsLongs());
      l1 = l1.add(ai.fma(bv, c1.sub(x)).add(c2).reinterpretAsLongs());
      bv = DoubleVector.fromArray(D, bpad, PAD + 16 - i);
      x = ai.fma(bv, c1);
      h2 = h2.add(x.reinterpretAsLongs());
      l2 = l2.add(ai.fma(bv, c1.sub(x)).add(c2).reinterpretAsLongs());
    }
    for (int i = 16; i < 20; i++) {
      DoubleVector ai = DoubleVector.broadcast(D, a[i]);
      DoubleVector bv;
      DoubleVector x;
      bv = DoubleVector.fromArray(D, bpad, PAD + 16 - i);
      x = ai.fma(bv, c1);
      h2 = h2.add(x.reinterpretAsLongs());
      l2 = l2.add(ai.fma(bv, c1.sub(x)).add(c2).reinterpretAsLongs());
    }
    h0.intoArray(s.h, 1);
    l0.intoArray(s.l, 0);
    h1.intoArray(s.h, 9);
    l1.intoArray(s.l, 8);
    h2.intoArray(s.h, 17);
    l2.intoArray(s.l, 16);
  }

}
