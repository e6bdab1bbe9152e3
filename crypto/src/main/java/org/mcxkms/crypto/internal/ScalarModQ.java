package org.mcxkms.crypto.internal;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.math.raw.Mod;

/**
 * Constant-time arithmetic modulo the P-256 group order q on scalars given as four 64-bit limbs,
 * least significant first, in normal (not Montgomery) form: the ECCSI secrets KSAK, v, SSK and j
 * and the values combined with them (HS, HE, r).
 *
 * <p>Products use {@link Mont256} (4 x 64-bit Montgomery multiplication, branch-free carries and
 * final subtraction): a*b = mont(mont(a, b), R^2). Inversion is Bouncy Castle's constant-time
 * {@link Mod#modOddInverse} (Bernstein-Yang safegcd with a fixed number of steps). Nothing here
 * branches on or indexes memory by a scalar's value, and nothing converts a secret to
 * {@link BigInteger}.
 */
public final class ScalarModQ {
  public static final Mont256 FIELD = new Mont256(P256.Q);
  private static final long[] R2 = FIELD.reduce(Mont256.fromBigInteger(BigInteger.ONE.shiftLeft(512).mod(P256.Q)));
  private static final int[] Q_WORDS = toWords(Mont256.fromBigInteger(P256.Q));

  private ScalarModQ() {}

  /** The 32 big-endian octets at {@code off} as limbs, not reduced. */
  public static long[] fromBytes(byte[] in, int off) {
    return Mont256.fromBytes(in, off);
  }

  /** The 32 big-endian octets as a scalar reduced modulo q (for hash values: HS, HE). */
  public static long[] reduce(byte[] in) {
    if (in.length != 32) {
      throw new IllegalArgumentException("expected 32 octets");
    }
    return FIELD.reduce(Mont256.fromBytes(in, 0));
  }

  public static byte[] toBytes(long[] a) {
    byte[] out = new byte[32];
    Mont256.toBytes(a, out, 0);
    return out;
  }

  /** -1 if 1 &lt;= a &lt; q, else 0. Constant time. */
  public static long inRangeMask(long[] a) {
    return FIELD.lessThanModulusMask(a) & ~Mont256.isZeroMask(a);
  }

  /** -1 if a == 0, else 0. */
  public static long isZeroMask(long[] a) {
    return Mont256.isZeroMask(a);
  }

  /** a * b mod q (inputs reduced). */
  public static long[] mul(long[] a, long[] b) {
    long[] t = new long[4];
    FIELD.mul(a, b, t); // a b / R
    FIELD.mul(t, R2, t); // a b
    return t;
  }

  /** a * b + c mod q (inputs reduced). */
  public static long[] mulAdd(long[] a, long[] b, long[] c) {
    long[] t = mul(a, b);
    FIELD.add(t, c, t);
    return t;
  }

  /** a - b mod q (inputs reduced). */
  public static long[] sub(long[] a, long[] b) {
    long[] t = new long[4];
    FIELD.sub(a, b, t);
    return t;
  }

  /** a^-1 mod q (a reduced); 0 for a = 0. Constant time. */
  public static long[] inverse(long[] a) {
    int[] x = toWords(a);
    int[] z = new int[8];
    Mod.modOddInverse(Q_WORDS, x, z);
    Arrays.fill(x, 0);
    long[] out = new long[4];
    for (int i = 0; i < 4; i++) {
      out[i] = (z[2 * i] & 0xFFFF_FFFFL) | ((long) z[2 * i + 1] << 32);
    }
    Arrays.fill(z, 0);
    return out;
  }

  /** a^-1 mod q for a PUBLIC a (such as HS): Bouncy Castle's faster variable-time safegcd. */
  public static long[] inverseOfPublic(long[] a) {
    int[] z = new int[8];
    if (!Mod.modOddInverseVar(Q_WORDS, toWords(a), z)) {
      throw new ArithmeticException("not invertible modulo q");
    }
    long[] out = new long[4];
    for (int i = 0; i < 4; i++) {
      out[i] = (z[2 * i] & 0xFFFF_FFFFL) | ((long) z[2 * i + 1] << 32);
    }
    return out;
  }

  private static int[] toWords(long[] a) {
    int[] w = new int[8];
    for (int i = 0; i < 4; i++) {
      w[2 * i] = (int) a[i];
      w[2 * i + 1] = (int) (a[i] >>> 32);
    }
    return w;
  }

  /** Overwrites a scalar with zeros. */
  public static void erase(long[] a) {
    Arrays.fill(a, 0);
  }
}
