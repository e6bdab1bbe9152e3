package org.mcxkms.crypto.internal.sakke;

/**
 * The Jacobi symbol (a/n) by the binary algorithm: strip factors of two from a (each odd count
 * flips the sign when n = 3 or 5 mod 8), then, with a odd, swap so that a &gt;= n (reciprocity
 * flips the sign when both are 3 mod 4) and subtract. Every round removes at least one bit, and no
 * round needs a division.
 *
 * <p><b>Variable time</b>: the running time and memory accesses depend on a and n. Call it only on
 * public values or on blinded ones: for a secret a, {@code (a s^2 / p) = (a / p)} with a fresh
 * uniform s != 0 turns a into a uniform element of its class (square, non-square or zero), so the
 * time depends on nothing but the answer (see {@link Subgroup}).
 */
final class Jacobi {
  private Jacobi() {}

  private static final int LIMBS = Mont57.LIMBS;
  private static final int BITS = Mont57.BITS;
  private static final long MASK = Mont57.MASK;

  /**
   * (a/n) for normalised 57-bit limbs, n odd and positive, 0 &lt;= a &lt; 2^1026: 1, -1, or 0 when
   * gcd(a, n) &gt; 1. Neither argument is modified.
   */
  static int symbol(long[] a0, long[] n0) {
    if ((n0[0] & 1) == 0) {
      throw new IllegalArgumentException("n must be odd");
    }
    long[] a = a0.clone();
    long[] n = n0.clone();
    int la = length(a, LIMBS);
    int ln = length(n, LIMBS);
    int j = 1;
    while (la > 0) {
      // a = a / 2^tz
      int limb = 0;
      while (a[limb] == 0) {
        limb++;
      }
      int tz = limb * BITS + Long.numberOfTrailingZeros(a[limb]);
      if (tz > 0) {
        la = shiftRight(a, la, tz);
        long n8 = n[0] & 7;
        if ((tz & 1) != 0 && (n8 == 3 || n8 == 5)) {
          j = -j;
        }
      }
      // a odd: make a >= n, then a = a - n (even, or zero when a = n)
      if (compare(a, la, n, ln) < 0) {
        long[] t = a;
        a = n;
        n = t;
        int lt = la;
        la = ln;
        ln = lt;
        if ((a[0] & 3) == 3 && (n[0] & 3) == 3) {
          j = -j;
        }
      }
      la = subtract(a, la, n, ln);
    }
    return ln == 1 && n[0] == 1 ? j : 0;
  }

  /** Number of limbs up to the most significant non-zero one. */
  private static int length(long[] x, int len) {
    while (len > 0 && x[len - 1] == 0) {
      len--;
    }
    return len;
  }

  /** x = x / 2^s for x of la limbs, s &lt; 57 la; returns the new length. */
  private static int shiftRight(long[] x, int la, int s) {
    int limbs = s / BITS;
    int bits = s % BITS;
    int out = la - limbs;
    if (bits == 0) {
      System.arraycopy(x, limbs, x, 0, out);
    } else {
      for (int i = 0; i < out; i++) {
        long hi = i + limbs + 1 < la ? x[i + limbs + 1] : 0;
        x[i] = ((x[i + limbs] >>> bits) | (hi << (BITS - bits))) & MASK;
      }
    }
    for (int i = out; i < la; i++) {
      x[i] = 0;
    }
    return length(x, out);
  }

  /** Sign of x - y. */
  private static int compare(long[] x, int lx, long[] y, int ly) {
    if (lx != ly) {
      return lx < ly ? -1 : 1;
    }
    for (int i = lx - 1; i >= 0; i--) {
      if (x[i] != y[i]) {
        return x[i] < y[i] ? -1 : 1;
      }
    }
    return 0;
  }

  /** x = x - y for x &gt;= y; returns the new length of x. */
  private static int subtract(long[] x, int lx, long[] y, int ly) {
    long c = 0;
    int i = 0;
    for (; i < ly; i++) {
      long v = x[i] - y[i] + c;
      x[i] = v & MASK;
      c = v >> BITS;
    }
    for (; c != 0 && i < lx; i++) {
      long v = x[i] + c;
      x[i] = v & MASK;
      c = v >> BITS;
    }
    return length(x, lx);
  }
}
