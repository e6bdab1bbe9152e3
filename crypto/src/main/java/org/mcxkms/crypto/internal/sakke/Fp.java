package org.mcxkms.crypto.internal.sakke;

import java.math.BigInteger;

/**
 * Arithmetic in F_p for the 1024-bit prime of Parameter Set 1 (RFC 6509 Appendix A).
 *
 * <p>An element is a {@code long[18]} holding x*R mod p (Montgomery form, R = 2^1026) in 57-bit
 * limbs, with a value anywhere in [0, 2p): results are reduced to the canonical range only when
 * they are encoded or compared. See {@link Mont57} for the representation.
 *
 * <p>Constant time: every method is free of branches and memory indices that depend on element
 * values, except those marked "public values only" (conversions used for constants, public
 * coordinates and tests).
 *
 * <p>Multiplication runs on one of two kernels with the same representation: {@link VectorMont}
 * (512-bit vectors of doubles) when {@link #VECTOR} is true, else {@link Mont57}. The vector kernel
 * needs the JVM option {@code --add-modules jdk.incubator.vector} and a CPU whose preferred vector
 * shape is 512 bits; {@code -Dmcxkms.sakke.vector=false} turns it off.
 *
 * <p>An instance owns scratch space and is not thread-safe: each computation creates its own.
 * Outputs may alias inputs everywhere.
 */
final class Fp {
  static final int LIMBS = Mont57.LIMBS;
  /** Octets of an encoded element (RFC 6508: 128-octet big-endian). */
  static final int BYTES = 128;
  static final Mont57.Modulus MOD = new Mont57.Modulus(ParameterSet1.P);
  private static final SafeGcd GCD = new SafeGcd(ParameterSet1.P);
  private static final long[] STANDARD_ONE = Mont57.toLimbs(BigInteger.ONE);
  /** R^3 mod p: multiplying a standard-form inverse of x*R by it gives x^-1 * R. */
  private static final long[] R3 =
      Mont57.toLimbs(
          BigInteger.ONE.shiftLeft(3 * Mont57.BITS * LIMBS).mod(ParameterSet1.P));

  /** Whether multiplications run on {@link VectorMont} (fixed for the life of the process). */
  static final boolean VECTOR = vectorKernel();

  private final long[] t = new long[Mont57.SCRATCH];
  private final long[] u = new long[LIMBS];
  private final VectorMont.Scratch vs = VECTOR ? new VectorMont.Scratch() : null;

  private static boolean vectorKernel() {
    if (!Boolean.parseBoolean(System.getProperty("mcxkms.sakke.vector", "true"))
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return false;
    }
    try {
      return VectorMont.usable();
    } catch (LinkageError e) {
      return false;
    }
  }

  /** The kernel in use, for benchmark reports: "vector" or "scalar". */
  static String kernel() {
    return VECTOR ? "vector" : "scalar";
  }

  /** An unreduced product, for lazy reduction (long enough for either kernel's layout). */
  static long[] wide() {
    return new long[Math.max(Mont57.WIDE, VectorMont.WIDE)];
  }

  /** w = a * b without reduction (a, b below 4p: sums of two elements are allowed). */
  void mulWide(long[] w, long[] a, long[] b) {
    if (VECTOR) {
      VectorMont.mulWide(w, a, b, vs);
    } else {
      Mont57.mulWide(w, a, b, t);
    }
  }

  /** w = a + b for unreduced products (see {@link Mont57#addWide}). */
  static void addWide(long[] w, long[] a, long[] b) {
    if (VECTOR) {
      VectorMont.addWide(w, a, b);
    } else {
      Mont57.addWide(w, a, b);
    }
  }

  /** w = a - b for unreduced products (see {@link Mont57#subWide}). */
  static void subWide(long[] w, long[] a, long[] b) {
    if (VECTOR) {
      VectorMont.subWide(w, a, b);
    } else {
      Mont57.subWide(w, a, b);
    }
  }

  /** r = w / R mod p in [0, 2p) (see {@link Mont57#redc}); w is destroyed. */
  void redc(long[] r, long[] w) {
    if (VECTOR) {
      VectorMont.redc(r, w, vs);
    } else {
      Mont57.redc(r, w, MOD);
    }
  }

  /** r = a + b without reduction: below 4p, still fits the limbs (for products only). */
  static void addNoReduce(long[] r, long[] a, long[] b) {
    long c = 0;
    for (int j = 0; j < LIMBS; j++) {
      long v = a[j] + b[j] + c;
      r[j] = v & Mont57.MASK;
      c = v >>> Mont57.BITS;
    }
  }

  static long[] create() {
    return new long[LIMBS];
  }

  /** 1 in Montgomery form. */
  static long[] one() {
    return MOD.one.clone();
  }

  static void copy(long[] r, long[] a) {
    System.arraycopy(a, 0, r, 0, LIMBS);
  }

  void mul(long[] r, long[] a, long[] b) {
    if (VECTOR) {
      VectorMont.mul(r, a, b, vs);
    } else {
      Mont57.mul(r, a, b, MOD, t);
    }
  }

  void sqr(long[] r, long[] a) {
    if (VECTOR) {
      VectorMont.mul(r, a, a, vs);
    } else {
      Mont57.sqr(r, a, MOD, t);
    }
  }

  static void add(long[] r, long[] a, long[] b) {
    Mont57.add(r, a, b, MOD);
  }

  static void sub(long[] r, long[] a, long[] b) {
    Mont57.sub(r, a, b, MOD);
  }

  static void neg(long[] r, long[] a) {
    Mont57.neg(r, a, MOD);
  }

  /** r = 2a. */
  static void twice(long[] r, long[] a) {
    Mont57.add(r, a, a, MOD);
  }

  /** r = a if mask is all ones; unchanged if 0. */
  static void cmov(long[] r, long[] a, long mask) {
    Mont57.cmov(r, a, mask);
  }

  /** Reduces to the canonical range [0, p) (still in Montgomery form). */
  static void canonical(long[] r, long[] a) {
    Mont57.canonical(r, a, MOD);
  }

  /** All ones if a = 0 in F_p, else 0. */
  static long isZero(long[] a) {
    long[] c = create();
    canonical(c, a);
    return Mont57.isZeroMask(c);
  }

  /** All ones if a = b in F_p, else 0. */
  static long equal(long[] a, long[] b) {
    long[] d = create();
    sub(d, a, b);
    return isZero(d);
  }

  /** r = a^-1 (0 for a = 0), in constant time (safegcd). */
  void inv(long[] r, long[] a) {
    canonical(u, a);
    GCD.invert(u, u); // (a R)^-1 in standard form
    mul(r, u, R3); // (a R)^-1 * R^3 / R = a^-1 R
  }

  /** Window of {@link #pow}: 16 odd powers. */
  private static final int POW_WINDOW = 5;

  /**
   * r = a^e for a public exponent e &gt; 0, by a sliding window over the odd powers a, a^3, ...,
   * a^31. Constant time in a: the sequence of squarings and multiplications and the table indices
   * come from the bits of the public e only.
   */
  void pow(long[] r, long[] a, BigInteger e) {
    if (e.signum() <= 0) {
      throw new IllegalArgumentException("exponent must be positive");
    }
    long[][] odd = new long[1 << (POW_WINDOW - 1)][];
    long[] a2 = create();
    sqr(a2, a);
    odd[0] = a.clone();
    for (int i = 1; i < odd.length; i++) {
      odd[i] = create();
      mul(odd[i], odd[i - 1], a2);
    }
    long[] acc = null;
    int i = e.bitLength() - 1;
    while (i >= 0) {
      if (!e.testBit(i)) {
        sqr(acc, acc); // acc is set: the top bit of e is 1
        i--;
        continue;
      }
      // the longest window e[i..j] of at most POW_WINDOW bits that ends with a 1
      int j = Math.max(i - POW_WINDOW + 1, 0);
      while (!e.testBit(j)) {
        j++;
      }
      int win = 0;
      for (int b = i; b >= j; b--) {
        win = (win << 1) | (e.testBit(b) ? 1 : 0);
      }
      if (acc == null) {
        acc = odd[win >> 1].clone();
      } else {
        for (int b = i; b >= j; b--) {
          sqr(acc, acc);
        }
        mul(acc, acc, odd[win >> 1]);
      }
      i = j - 1;
    }
    copy(r, acc);
  }

  /** Montgomery form of v in [0, p). Public values only. */
  static long[] fromBigInteger(BigInteger v) {
    if (v.signum() < 0 || v.compareTo(ParameterSet1.P) >= 0) {
      throw new IllegalArgumentException("not a canonical element of F_p");
    }
    long[] r = Mont57.toLimbs(v);
    Mont57.mul(r, r, MOD.r2, MOD, new long[Mont57.SCRATCH]);
    return r;
  }

  /** The canonical integer in [0, p) represented by a. Public values only. */
  BigInteger toBigInteger(long[] a) {
    long[] s = create();
    toStandard(s, a);
    return Mont57.toBigInteger(s);
  }

  /** s = canonical standard-form limbs of a. */
  private void toStandard(long[] s, long[] a) {
    mul(s, a, STANDARD_ONE);
    canonical(s, s);
  }

  /** Writes a as 128 big-endian octets at out[off..off+128). */
  void toBytes(long[] a, byte[] out, int off) {
    long[] s = create();
    toStandard(s, a);
    for (int k = 0; k < BYTES; k++) {
      int bit = 8 * (BYTES - 1 - k);
      int li = bit / Mont57.BITS;
      int sh = bit % Mont57.BITS;
      long v = s[li] >>> sh;
      if (sh > Mont57.BITS - 8 && li + 1 < LIMBS) {
        v |= s[li + 1] << (Mont57.BITS - sh);
      }
      out[off + k] = (byte) v;
    }
  }

  /**
   * Reads 128 big-endian octets into r (Montgomery form). Returns all ones if the integer is below
   * p, else 0 (r then holds an unspecified value). The octets may be secret.
   */
  long fromBytes(long[] r, byte[] in, int off) {
    long[] s = create();
    for (int k = 0; k < BYTES; k++) {
      int bit = 8 * (BYTES - 1 - k);
      long b = in[off + k] & 0xFF;
      int li = bit / Mont57.BITS;
      int sh = bit % Mont57.BITS;
      s[li] |= (b << sh) & Mont57.MASK;
      if (sh > Mont57.BITS - 8 && li + 1 < LIMBS) {
        s[li + 1] |= b >>> (Mont57.BITS - sh);
      }
    }
    long ok = Mont57.lessThanMask(s, MOD.n);
    mul(r, s, MOD.r2);
    return ok;
  }
}
