package org.mcxkms.crypto.internal.sakke;

import java.math.BigInteger;

/**
 * Montgomery arithmetic modulo an odd modulus N below 2^1024, in radix 2^57 with 18 limbs and
 * R = 2^1026. Used for p (the field of Parameter Set 1) and for q (the scalars).
 *
 * <p>Why radix 2^57 rather than 2^64: Java 17 has no add-with-carry and no unsigned 128-bit product
 * in one instruction. With 57-bit limbs a product splits into a 57-bit low part and a 57-bit high
 * part, and up to 128 of those can be summed in a 64-bit column before it can overflow, so the inner
 * loops carry nothing and have no dependency chain. Since R = 2^1026 &gt; 4N, inputs and outputs can
 * stay in [0, 2N) without the final conditional subtraction. (Measured on the reference machine: a
 * 64-bit-limb CIOS with explicit carries ran at about 1.25 us per product, this at about 0.85 us.)
 *
 * <p>Every routine here runs in time and memory-access pattern independent of the limb values.
 * Limbs of inputs must be normalised (each in [0, 2^57)); outputs are normalised.
 */
final class Mont57 {
  private Mont57() {}

  static final int LIMBS = 18;
  static final int BITS = 57;
  static final long MASK = (1L << BITS) - 1;
  /** Scratch size needed by {@link #mul} and {@link #sqr}. */
  static final int SCRATCH = 2 * LIMBS + 1;

  /** Immutable description of a modulus N and its Montgomery constants. */
  static final class Modulus {
    final BigInteger value;
    final long[] n; // N in 18 normalised limbs
    final long[] twoN; // 2N
    final long nInv; // -N^-1 mod 2^57
    final long[] r2; // R^2 mod N, canonical
    final long[] one; // R mod N (1 in Montgomery form), canonical

    Modulus(BigInteger value) {
      if (!value.testBit(0) || value.bitLength() > 1024) {
        throw new IllegalArgumentException("modulus must be odd and at most 1024 bits");
      }
      this.value = value;
      this.n = toLimbs(value);
      this.twoN = toLimbs(value.shiftLeft(1));
      BigInteger b = BigInteger.ONE.shiftLeft(BITS);
      this.nInv = b.subtract(value.modInverse(b)).longValue();
      BigInteger r = BigInteger.ONE.shiftLeft(BITS * LIMBS);
      this.r2 = toLimbs(r.multiply(r).mod(value));
      this.one = toLimbs(r.mod(value));
    }
  }

  /** Non-negative {@code v} below 2^1026 as 18 limbs (public values only: not constant-time). */
  static long[] toLimbs(BigInteger v) {
    long[] r = new long[LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      r[i] = v.shiftRight(BITS * i).longValue() & MASK;
    }
    return r;
  }

  /** The integer held by normalised limbs (for tests and public values). */
  static BigInteger toBigInteger(long[] a) {
    BigInteger r = BigInteger.ZERO;
    for (int i = LIMBS - 1; i >= 0; i--) {
      r = r.shiftLeft(BITS).add(BigInteger.valueOf(a[i]));
    }
    return r;
  }

  /**
   * r = a * b * R^-1 mod N, for a, b in [0, 2N); r in [0, 2N). Operand scanning with lazy columns:
   * row i adds a*b_i into t[i..i+18], then m_i*N, after which column i is 0 mod 2^57 and its
   * carry moves up. r may alias a or b.
   */
  static void mul(long[] r, long[] a, long[] b, Modulus mod, long[] t) {
    final long[] n = mod.n;
    final long nInv = mod.nInv;
    for (int j = 0; j < SCRATCH; j++) {
      t[j] = 0;
    }
    for (int i = 0; i < LIMBS; i++) {
      long bi = b[i];
      long ph = 0;
      for (int j = 0; j < LIMBS; j++) {
        long x = a[j];
        long lo = x * bi;
        long hi = Math.multiplyHigh(x, bi);
        t[i + j] += (lo & MASK) + ph;
        ph = (hi << 7) | (lo >>> BITS);
      }
      t[i + LIMBS] += ph;
      reduceRow(t, i, n, nInv);
    }
    finish(r, t);
  }

  /** r = a^2 * R^-1 mod N: off-diagonal products once, doubled, then the diagonal. */
  static void sqr(long[] r, long[] a, Modulus mod, long[] t) {
    for (int j = 0; j < SCRATCH; j++) {
      t[j] = 0;
    }
    for (int i = 0; i < LIMBS - 1; i++) {
      long ai = a[i];
      long ph = 0;
      for (int j = i + 1; j < LIMBS; j++) {
        long x = a[j];
        long lo = x * ai;
        long hi = Math.multiplyHigh(x, ai);
        t[i + j] += (lo & MASK) + ph;
        ph = (hi << 7) | (lo >>> BITS);
      }
      t[i + LIMBS] += ph;
    }
    // Columns hold at most 18 parts below 2^57 each, so doubling cannot overflow.
    for (int k = 0; k < 2 * LIMBS; k++) {
      t[k] <<= 1;
    }
    for (int i = 0; i < LIMBS; i++) {
      long x = a[i];
      long lo = x * x;
      long hi = Math.multiplyHigh(x, x);
      t[2 * i] += lo & MASK;
      t[2 * i + 1] += (hi << 7) | (lo >>> BITS);
    }
    final long[] n = mod.n;
    final long nInv = mod.nInv;
    for (int i = 0; i < LIMBS; i++) {
      reduceRow(t, i, n, nInv);
    }
    finish(r, t);
  }

  /** Length of an unreduced product (see {@link #mulWide}). */
  static final int WIDE = 2 * LIMBS + 1;

  /**
   * w = a * b, unreduced, as 37 normalised limbs (the top one may later turn negative through
   * {@link #subWide}). a, b normalised, each below 2^1026.
   */
  static void mulWide(long[] w, long[] a, long[] b) {
    for (int j = 0; j < WIDE; j++) {
      w[j] = 0;
    }
    for (int i = 0; i < LIMBS; i++) {
      long bi = b[i];
      long ph = 0;
      for (int j = 0; j < LIMBS; j++) {
        long x = a[j];
        long lo = x * bi;
        long hi = Math.multiplyHigh(x, bi);
        w[i + j] += (lo & MASK) + ph;
        ph = (hi << 7) | (lo >>> BITS);
      }
      w[i + LIMBS] += ph;
    }
    normaliseWide(w);
  }

  /** w = a - b limb by limb, renormalised with signed carries (the top limb carries the sign). */
  static void subWide(long[] w, long[] a, long[] b) {
    for (int j = 0; j < WIDE; j++) {
      w[j] = a[j] - b[j];
    }
    normaliseWide(w);
  }

  private static void normaliseWide(long[] w) {
    long c = 0;
    for (int j = 0; j < WIDE - 1; j++) {
      long v = w[j] + c;
      w[j] = v & MASK;
      c = v >> BITS;
    }
    w[WIDE - 1] += c;
  }

  /**
   * r = w * R^-1 mod N in [0, 2N), for a normalised, possibly negative w with
   * -2^1026 N &lt; w &lt; 2^1027 N: the Montgomery quotient (w + m N)/R then lies in (-N, 3N) and one
   * masked addition or subtraction of 2N brings it into range. w is destroyed.
   */
  static void redc(long[] r, long[] w, Modulus mod) {
    final long[] n = mod.n;
    final long nInv = mod.nInv;
    for (int i = 0; i < LIMBS; i++) {
      reduceRow(w, i, n, nInv);
    }
    long c = 0;
    for (int j = 0; j < LIMBS - 1; j++) {
      long v = w[LIMBS + j] + c;
      r[j] = v & MASK;
      c = v >> BITS;
    }
    r[LIMBS - 1] = w[2 * LIMBS - 1] + w[2 * LIMBS] * (1L << BITS) + c; // negative if the value is
    addMasked(r, mod.twoN, r[LIMBS - 1] >> 63); // now in [0, 3N)
    subIfAtLeast(r, mod.twoN);
  }

  /**
   * Adds m_i * N at row i, with m_i chosen so that column i becomes 0 mod 2^57. Column i is final
   * after the first product, so its carry moves up at once: column i + 1 is then final after the
   * second product and the next row's m can start while this row's other 16 products run. Columns
   * may be negative (signed carries).
   */
  private static void reduceRow(long[] t, int i, long[] n, long nInv) {
    long m = (t[i] * nInv) & MASK;
    long x = n[0];
    long lo = x * m;
    long hi = Math.multiplyHigh(x, m);
    long ph = (hi << 7) | (lo >>> BITS);
    t[i + 1] += (t[i] + (lo & MASK)) >> BITS;
    for (int j = 1; j < LIMBS; j++) {
      x = n[j];
      lo = x * m;
      hi = Math.multiplyHigh(x, m);
      t[i + j] += (lo & MASK) + ph;
      ph = (hi << 7) | (lo >>> BITS);
    }
    t[i + LIMBS] += ph;
  }

  /** Normalises the upper half of t (the result, below 2N &lt; 2^1025) into r. */
  private static void finish(long[] r, long[] t) {
    long c = 0;
    for (int j = 0; j < LIMBS - 1; j++) {
      long v = t[LIMBS + j] + c;
      r[j] = v & MASK;
      c = v >>> BITS;
    }
    r[LIMBS - 1] = t[2 * LIMBS - 1] + c;
  }

  // ---- additive operations (values in [0, 2N) unless stated) ----

  /** r = a + b - (2N if a + b &gt;= 2N). */
  static void add(long[] r, long[] a, long[] b, Modulus mod) {
    long c = 0;
    for (int j = 0; j < LIMBS; j++) {
      long v = a[j] + b[j] + c;
      r[j] = v & MASK;
      c = v >>> BITS;
    }
    subIfAtLeast(r, mod.twoN);
  }

  /** r = a - b + (2N if a &lt; b). */
  static void sub(long[] r, long[] a, long[] b, Modulus mod) {
    long c = 0;
    for (int j = 0; j < LIMBS; j++) {
      long v = a[j] - b[j] + c;
      r[j] = v & MASK;
      c = v >> BITS;
    }
    addMasked(r, mod.twoN, c); // c is 0 or -1 (all ones)
  }

  /** r = -a mod N as a value in [0, 2N): 2N - a, or 0 when a = 0. */
  static void neg(long[] r, long[] a, Modulus mod) {
    long[] tn = mod.twoN;
    long c = 0;
    for (int j = 0; j < LIMBS; j++) {
      long v = tn[j] - a[j] + c;
      r[j] = v & MASK;
      c = v >> BITS;
    }
    subIfAtLeast(r, tn);
  }

  /** Reduces a in [0, 2N) to [0, N). */
  static void canonical(long[] r, long[] a, Modulus mod) {
    if (r != a) {
      System.arraycopy(a, 0, r, 0, LIMBS);
    }
    subIfAtLeast(r, mod.n);
  }

  /** r -= m if r &gt;= m (constant time); r and m normalised, r &lt; 2m. */
  static void subIfAtLeast(long[] r, long[] m) {
    long keep = lessThanMask(r, m);
    long c = 0;
    for (int j = 0; j < LIMBS; j++) {
      long v = r[j] - (m[j] & ~keep) + c;
      r[j] = v & MASK;
      c = v >> BITS;
    }
  }

  /** r += m & mask (mask all ones or zero), dropping the final carry. */
  private static void addMasked(long[] r, long[] m, long mask) {
    long c = 0;
    for (int j = 0; j < LIMBS; j++) {
      long v = r[j] + (m[j] & mask) + c;
      r[j] = v & MASK;
      c = v >>> BITS;
    }
  }

  /** All ones if a == 0 (as limbs), else 0. */
  static long isZeroMask(long[] a) {
    long acc = 0;
    for (int j = 0; j < LIMBS; j++) {
      acc |= a[j];
    }
    return (acc - 1) >> 63; // acc < 2^57, so acc - 1 is negative only for acc == 0
  }

  /** All ones if a &lt; m (both normalised), else 0. */
  static long lessThanMask(long[] a, long[] m) {
    long c = 0;
    for (int j = 0; j < LIMBS; j++) {
      c = (a[j] - m[j] + c) >> BITS;
    }
    return c;
  }

  /** r = a if mask is all ones, unchanged if mask is 0. */
  static void cmov(long[] r, long[] a, long mask) {
    for (int j = 0; j < LIMBS; j++) {
      r[j] ^= (r[j] ^ a[j]) & mask;
    }
  }
}
