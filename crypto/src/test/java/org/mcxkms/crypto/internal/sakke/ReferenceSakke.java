package org.mcxkms.crypto.internal.sakke;

import static org.mcxkms.crypto.internal.sakke.ParameterSet1.P;
import static org.mcxkms.crypto.internal.sakke.ParameterSet1.Q;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.InvalidEncodingException.Problem;
import org.mcxkms.crypto.internal.Octets;

/**
 * A direct, unoptimised transcription of RFC 6508 with BigInteger affine arithmetic (test scope).
 * It is the readable statement of the algorithms and the independent oracle the fast engine is
 * checked against: it shares no arithmetic with it (BigInteger, affine, binary Miller loop over
 * the bits of q - 1 with R as the Miller point, f^c by repeated multiplication).
 *
 * <p>Points are {@code BigInteger[]{x, y}}; {@code null} is the point at infinity.
 */
public final class ReferenceSakke {
  private ReferenceSakke() {}

  public static final BigInteger[] BASE = {ParameterSet1.PX, ParameterSet1.PY};
  private static final BigInteger THREE = BigInteger.valueOf(3);

  // ---- curve E: y^2 = x^3 - 3x over F_p ----

  public static boolean onCurve(BigInteger x, BigInteger y) {
    return y.multiply(y).subtract(x.pow(3).subtract(x.multiply(THREE))).mod(P).signum() == 0;
  }

  public static BigInteger[] add(BigInteger[] a, BigInteger[] b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    BigInteger lambda;
    if (a[0].equals(b[0])) {
      if (a[1].add(b[1]).mod(P).signum() == 0) {
        return null;
      }
      lambda = a[0].pow(2).multiply(THREE).subtract(THREE).multiply(a[1].shiftLeft(1).modInverse(P)).mod(P);
    } else {
      lambda = b[1].subtract(a[1]).multiply(b[0].subtract(a[0]).modInverse(P)).mod(P);
    }
    BigInteger x3 = lambda.pow(2).subtract(a[0]).subtract(b[0]).mod(P);
    BigInteger y3 = lambda.multiply(a[0].subtract(x3)).subtract(a[1]).mod(P);
    return new BigInteger[] {x3, y3};
  }

  public static BigInteger[] multiply(BigInteger k, BigInteger[] point) {
    BigInteger[] r = null;
    for (int i = k.bitLength() - 1; i >= 0; i--) {
      r = add(r, r);
      if (k.testBit(i)) {
        r = add(r, point);
      }
    }
    return r;
  }

  // ---- F_p^2 = F_p[i], i^2 = -1; elements are {re, im} ----

  static BigInteger[] f2mul(BigInteger[] a, BigInteger[] b) {
    return new BigInteger[] {
      a[0].multiply(b[0]).subtract(a[1].multiply(b[1])).mod(P),
      a[0].multiply(b[1]).add(a[1].multiply(b[0])).mod(P)
    };
  }

  static BigInteger[] f2pow(BigInteger[] a, BigInteger e) {
    BigInteger[] r = {BigInteger.ONE, BigInteger.ZERO};
    for (int i = e.bitLength() - 1; i >= 0; i--) {
      r = f2mul(r, r);
      if (e.testBit(i)) {
        r = f2mul(r, a);
      }
    }
    return r;
  }

  /** The PF_p representative b/a of [a + i b] (RFC 6508 2.1). */
  static BigInteger toPf(BigInteger[] v) {
    return v[1].multiply(v[0].modInverse(P)).mod(P);
  }

  /**
   * The Tate-Lichtenbaum pairing &lt;R, Q&gt; of RFC 6508 3.2: Miller loop over the bits of q-1,
   * lines through multiples of R evaluated at the distorted point psi(Q) = (-Qx, i Qy), vertical
   * lines dropped (they are F_p values, which vanish in PF_p), then the power c = (p+1)/q = 4.
   */
  public static BigInteger pairing(BigInteger[] r, BigInteger[] q) {
    BigInteger[] v = {BigInteger.ONE, BigInteger.ZERO};
    BigInteger[] c = r;
    BigInteger e = Q.subtract(BigInteger.ONE);
    for (int i = e.bitLength() - 2; i >= 0; i--) {
      v = f2mul(f2mul(v, v), line(c, c, q));
      c = add(c, c);
      if (e.testBit(i)) {
        v = f2mul(v, line(c, r, q));
        c = add(c, r);
      }
    }
    v = f2pow(v, BigInteger.valueOf(4));
    return toPf(v);
  }

  /** The line through a and b (tangent if equal) evaluated at psi(q): (Y - a_y) - lambda (X - a_x). */
  private static BigInteger[] line(BigInteger[] a, BigInteger[] b, BigInteger[] q) {
    BigInteger lambda;
    if (a[0].equals(b[0]) && a[1].equals(b[1])) {
      lambda = a[0].pow(2).multiply(THREE).subtract(THREE).multiply(a[1].shiftLeft(1).modInverse(P)).mod(P);
    } else {
      lambda = b[1].subtract(a[1]).multiply(b[0].subtract(a[0]).modInverse(P)).mod(P);
    }
    BigInteger re = a[1].negate().subtract(lambda.multiply(q[0].negate().subtract(a[0]))).mod(P);
    return new BigInteger[] {re, q[1]};
  }

  /** g^r in PF_p: (1 + i g)^r in F_p^2, mapped back to its representative (RFC 6508 2.1). */
  public static BigInteger pfPow(BigInteger g, BigInteger r) {
    return toPf(f2pow(new BigInteger[] {BigInteger.ONE, g}, r));
  }

  /** HashToIntegerRange(s, n, SHA-256) of RFC 6508 5.1. */
  public static BigInteger hashToIntegerRange(byte[] s, BigInteger n) {
    MessageDigest md = Octets.sha256();
    byte[] a = md.digest(s);
    byte[] h = new byte[32];
    int l = (n.subtract(BigInteger.ONE).bitLength() + 255) / 256; // ceil(lg(n)/256)
    byte[] v = new byte[32 * l];
    for (int i = 0; i < l; i++) {
      h = md.digest(h);
      md.update(h);
      md.update(a);
      System.arraycopy(md.digest(), 0, v, 32 * i, 32);
    }
    return new BigInteger(1, v).mod(n);
  }

  // ---- encodings ----

  public static byte[] encode(BigInteger[] point) {
    return Octets.concat(
        new byte[] {0x04},
        Octets.fixed(point[0], ParameterSet1.FIELD_LENGTH),
        Octets.fixed(point[1], ParameterSet1.FIELD_LENGTH));
  }

  /** Strict decoding: length, 0x04 prefix, coordinates below p, on E, optionally of order q. */
  public static BigInteger[] decode(byte[] enc, String field, boolean requireOrderQ)
      throws InvalidEncodingException {
    if (enc == null) {
      throw new InvalidEncodingException(field, Problem.NULL);
    }
    if (enc.length != ParameterSet1.POINT_LENGTH) {
      throw new InvalidEncodingException(
          field,
          Problem.WRONG_LENGTH,
          "expected " + ParameterSet1.POINT_LENGTH + " octets, got " + enc.length);
    }
    if (enc[0] != 0x04) {
      throw new InvalidEncodingException(field, Problem.WRONG_PREFIX);
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(enc, 1, 129));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(enc, 129, 257));
    if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
      throw new InvalidEncodingException(field, Problem.COORDINATE_TOO_LARGE);
    }
    if (!onCurve(x, y)) {
      throw new InvalidEncodingException(field, Problem.NOT_ON_CURVE);
    }
    BigInteger[] point = {x, y};
    if (requireOrderQ && multiply(Q, point) != null) {
      throw new InvalidEncodingException(field, Problem.WRONG_ORDER);
    }
    return point;
  }
}
