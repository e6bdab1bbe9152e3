package org.mcxkms.crypto.internal.sakke;

import java.math.BigInteger;

/**
 * Constant-time modular inversion by the "safegcd" divsteps of Bernstein and Yang ("Fast
 * constant-time gcd computation and modular inversion", TCHES 2019), for odd moduli below 2^1024.
 *
 * <p>State (delta, f, g) starts at (1, N, x). One divstep: if delta &gt; 0 and g is odd, (delta, f, g)
 * becomes (1 - delta, g, (g - f)/2); otherwise (1 + delta, f, (g + (g mod 2) f)/2). After
 * floor((49*1024 + 57)/17) = 2954 divsteps (the paper's Theorem 11.2 for 1024-bit inputs), g = 0 and
 * f = +-gcd = +-1. Alongside, d and e with d*x = f and e*x = g (mod N) are updated by the same
 * linear maps, so x^-1 = +-d at the end.
 *
 * <p>Divsteps run in batches of 62 on the low 64 bits of f and g, recording a 2x2 matrix that is then
 * applied to the full numbers (signed 62-bit limbs). The number of steps is fixed and every step is
 * branch-free, so the running time does not depend on x. After 62 steps the matrix entries satisfy
 * |u| + |v| &lt;= 2^62 and |q| + |r| &lt;= 2^62, which bounds every product below. Instances are
 * immutable and thread-safe; each call works in its own arrays.
 */
final class SafeGcd {
  private static final int L = 17; // 17 x 62 = 1054 bits: 1024-bit values, sign and headroom
  private static final long M62 = (1L << 62) - 1;
  private static final int BATCHES = 48; // 48 x 62 = 2976 >= 2954 divsteps

  private final long[] n62; // modulus in signed-62 limbs
  private final long nInv62; // N^-1 mod 2^62

  SafeGcd(BigInteger modulus) {
    if (!modulus.testBit(0) || modulus.bitLength() > 1024) {
      throw new IllegalArgumentException("modulus must be odd and at most 1024 bits");
    }
    n62 = new long[L];
    for (int i = 0; i < L; i++) {
      n62[i] = modulus.shiftRight(62 * i).longValue() & M62;
    }
    nInv62 = modulus.modInverse(BigInteger.ONE.shiftLeft(62)).longValue();
  }

  /**
   * Returns x^-1 mod N in 57-bit limbs, for x given canonically (in [0, N)) in 57-bit limbs.
   * The inverse of 0 is 0.
   */
  void invert(long[] out57, long[] x57) {
    long[] f = n62.clone();
    long[] g = repack(x57, Mont57.BITS, Mont57.LIMBS, 62, L);
    long[] d = new long[L];
    long[] e = new long[L];
    e[0] = 1;
    long[] t = new long[4];
    long delta = 1;
    for (int b = 0; b < BATCHES; b++) {
      delta = divsteps62(delta, f[0], g[0], t);
      updateDe(d, e, t);
      updateFg(f, g, t);
    }
    // f = +-1: x^-1 = d * sign(f); d is in (-2N, N).
    long fNeg = f[L - 1] >> 63;
    negateIf(d, fNeg); // now in (-2N, 2N)
    addNIf(d, d[L - 1] >> 63);
    addNIf(d, d[L - 1] >> 63);
    subNIfAtLeast(d);
    long[] r = repack(d, 62, L, Mont57.BITS, Mont57.LIMBS);
    System.arraycopy(r, 0, out57, 0, Mont57.LIMBS);
  }

  /** 62 branch-free divsteps on the low 64 bits of f and g; t = {u, v, q, r}. */
  private static long divsteps62(long delta, long f, long g, long[] t) {
    long u = 1;
    long v = 0;
    long q = 0;
    long r = 1;
    for (int i = 0; i < 62; i++) {
      long swap = ((-delta) >> 63) & -(g & 1); // delta > 0 and g odd
      long x = (f ^ g) & swap;
      f ^= x;
      g ^= x;
      x = (u ^ q) & swap;
      u ^= x;
      q ^= x;
      x = (v ^ r) & swap;
      v ^= x;
      r ^= x;
      g = (g ^ swap) - swap;
      q = (q ^ swap) - swap;
      r = (r ^ swap) - swap;
      delta = (delta ^ swap) - swap;
      long odd = -(g & 1);
      g += f & odd;
      q += u & odd;
      r += v & odd;
      delta += 1;
      g >>= 1;
      u <<= 1;
      v <<= 1;
    }
    t[0] = u;
    t[1] = v;
    t[2] = q;
    t[3] = r;
    return delta;
  }

  /** (f, g) = (u f + v g, q f + r g) / 2^62, exactly. */
  private static void updateFg(long[] f, long[] g, long[] t) {
    long u = t[0];
    long v = t[1];
    long q = t[2];
    long r = t[3];
    long fl = 0;
    long fh = 0;
    long gl = 0;
    long gh = 0;
    for (int i = 0; i < L; i++) {
      long fi = f[i];
      long gi = g[i];
      // f accumulator += u*fi + v*gi
      long pl = u * fi;
      long ph = Math.multiplyHigh(u, fi);
      long s = fl + pl;
      fh += ph + carry(fl, pl, s);
      fl = s;
      pl = v * gi;
      ph = Math.multiplyHigh(v, gi);
      s = fl + pl;
      fh += ph + carry(fl, pl, s);
      fl = s;
      // g accumulator += q*fi + r*gi
      pl = q * fi;
      ph = Math.multiplyHigh(q, fi);
      s = gl + pl;
      gh += ph + carry(gl, pl, s);
      gl = s;
      pl = r * gi;
      ph = Math.multiplyHigh(r, gi);
      s = gl + pl;
      gh += ph + carry(gl, pl, s);
      gl = s;
      if (i > 0) {
        f[i - 1] = fl & M62;
        g[i - 1] = gl & M62;
      }
      fl = (fl >>> 62) | (fh << 2);
      fh >>= 62;
      gl = (gl >>> 62) | (gh << 2);
      gh >>= 62;
    }
    f[L - 1] = fl;
    g[L - 1] = gl;
  }

  /**
   * (d, e) = (u d + v e + c_d N, q d + r e + c_e N) / 2^62 with c_d, c_e chosen to make the
   * division exact and keep d, e in (-2N, N) (negative d and e first count as d + N, e + N).
   */
  private void updateDe(long[] d, long[] e, long[] t) {
    long u = t[0];
    long v = t[1];
    long q = t[2];
    long r = t[3];
    long sd = d[L - 1] >> 63;
    long se = e[L - 1] >> 63;
    long md = (u & sd) + (v & se);
    long me = (q & sd) + (r & se);
    long d0 = d[0];
    long e0 = e[0];
    long n0 = n62[0];
    md -= ((u * d0 + v * e0 + md * n0) * nInv62) & M62;
    me -= ((q * d0 + r * e0 + me * n0) * nInv62) & M62;
    long dl = 0;
    long dh = 0;
    long el = 0;
    long eh = 0;
    for (int i = 0; i < L; i++) {
      long di = d[i];
      long ei = e[i];
      long ni = n62[i];
      long pl = u * di;
      long ph = Math.multiplyHigh(u, di);
      long s = dl + pl;
      dh += ph + carry(dl, pl, s);
      dl = s;
      pl = v * ei;
      ph = Math.multiplyHigh(v, ei);
      s = dl + pl;
      dh += ph + carry(dl, pl, s);
      dl = s;
      pl = md * ni;
      ph = Math.multiplyHigh(md, ni);
      s = dl + pl;
      dh += ph + carry(dl, pl, s);
      dl = s;
      pl = q * di;
      ph = Math.multiplyHigh(q, di);
      s = el + pl;
      eh += ph + carry(el, pl, s);
      el = s;
      pl = r * ei;
      ph = Math.multiplyHigh(r, ei);
      s = el + pl;
      eh += ph + carry(el, pl, s);
      el = s;
      pl = me * ni;
      ph = Math.multiplyHigh(me, ni);
      s = el + pl;
      eh += ph + carry(el, pl, s);
      el = s;
      if (i > 0) {
        d[i - 1] = dl & M62;
        e[i - 1] = el & M62;
      }
      dl = (dl >>> 62) | (dh << 2);
      dh >>= 62;
      el = (el >>> 62) | (eh << 2);
      eh >>= 62;
    }
    d[L - 1] = dl;
    e[L - 1] = el;
  }

  /** Carry out of the unsigned addition a + b = s. */
  private static long carry(long a, long b, long s) {
    return ((a & b) | ((a | b) & ~s)) >>> 63;
  }

  private static void negateIf(long[] a, long mask) {
    long c = 0;
    for (int i = 0; i < L - 1; i++) {
      long v = ((a[i] ^ mask) - mask) + c;
      a[i] = v & M62;
      c = v >> 62;
    }
    a[L - 1] = ((a[L - 1] ^ mask) - mask) + c;
  }

  private void addNIf(long[] a, long mask) {
    long c = 0;
    for (int i = 0; i < L - 1; i++) {
      long v = a[i] + (n62[i] & mask) + c;
      a[i] = v & M62;
      c = v >> 62;
    }
    a[L - 1] += (n62[L - 1] & mask) + c;
  }

  private void subNIfAtLeast(long[] a) {
    long[] dd = new long[L];
    long c = 0;
    for (int i = 0; i < L - 1; i++) {
      long v = a[i] - n62[i] + c;
      dd[i] = v & M62;
      c = v >> 62;
    }
    dd[L - 1] = a[L - 1] - n62[L - 1] + c;
    long keep = dd[L - 1] >> 63; // a < N
    for (int i = 0; i < L; i++) {
      a[i] = (a[i] & keep) | (dd[i] & ~keep);
    }
  }

  /** Bit-level change of radix for non-negative values (limbs assumed normalised). */
  static long[] repack(long[] src, int srcBits, int srcLimbs, int dstBits, int dstLimbs) {
    long[] dst = new long[dstLimbs];
    long dstMask = (1L << dstBits) - 1;
    int total = Math.min(srcBits * srcLimbs, dstBits * dstLimbs);
    for (int bit = 0; bit < total; ) {
      int si = bit / srcBits;
      int so = bit % srcBits;
      int di = bit / dstBits;
      int dof = bit % dstBits;
      int take = Math.min(srcBits - so, dstBits - dof);
      long chunk = (src[si] >>> so) & ((1L << take) - 1);
      dst[di] |= chunk << dof;
      bit += take;
    }
    for (int i = 0; i < dstLimbs; i++) {
      dst[i] &= dstMask;
    }
    return dst;
  }
}
