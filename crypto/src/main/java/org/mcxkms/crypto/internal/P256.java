package org.mcxkms.crypto.internal;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.InvalidEncodingException.Problem;

/**
 * NIST P-256 as ECCSI uses it in MCX (RFC 6507 with N = 32, SHA-256), on Bouncy Castle's
 * specialised {@code SecP256R1Curve} (fixed 256-bit field arithmetic, no BigInteger in the loops).
 *
 * <p>Constant-time: {@link #multiplyG} (every multiplication by a secret scalar) is our own
 * {@link P256BaseMul}: fixed signed windows, full-table masked lookups, branch-free field
 * arithmetic. We no longer use Bouncy Castle's {@code FixedPointCombMultiplier} for secrets: its
 * lookup is constant-time, but it takes the scalar as a {@link BigInteger} and its
 * {@code SecP256R1Field} corrects results with data-dependent branches. Bouncy Castle's curve
 * arithmetic (variable time) is used only on public scalars and points: decoding, the
 * verification equation, and [HS]PVT in key validation.
 */
public final class P256 {
  private static final X9ECParameters X9 = CustomNamedCurves.getByName("secp256r1");

  public static final ECCurve CURVE = X9.getCurve();
  public static final ECPoint G = X9.getG().normalize();
  /** The order q of G (RFC 6507 calls it q). */
  public static final BigInteger Q = X9.getN();
  public static final BigInteger P = CURVE.getField().getCharacteristic();
  /** N in RFC 6507: octets per scalar or coordinate. */
  public static final int N = 32;
  public static final int POINT_LENGTH = 1 + 2 * N;

  private static final byte[] G_ENCODED = G.getEncoded(false);
  private static final int[] B_WORDS = P256Field.fromBigInteger(CURVE.getB().toBigInteger());

  private P256() {}

  /** The 65-octet uncompressed encoding of G, as it enters HS. */
  public static byte[] encodedG() {
    return G_ENCODED.clone();
  }

  /** [k]G for a secret k in [1, q-1] given as limbs (see {@link ScalarModQ}); constant time. */
  public static P256BaseMul.Jacobian multiplyG(long[] k) {
    return P256BaseMul.multiply(k);
  }

  /** The affine coordinates of a public point as field words {x, y}, for projective comparison. */
  public static int[][] affineWords(ECPoint point) {
    ECPoint n = point.normalize();
    return new int[][] {
      P256Field.fromBigInteger(n.getAffineXCoord().toBigInteger()),
      P256Field.fromBigInteger(n.getAffineYCoord().toBigInteger())
    };
  }

  /**
   * -1 if the affine point (x, y) (field words) satisfies y^2 = x^3 - 3x + b, else 0. Constant
   * time (two products, two squarings).
   */
  public static int onCurveMask(int[] x, int[] y) {
    int[] lhs = new int[8];
    int[] rhs = new int[8];
    int[] t = new int[8];
    P256Field.square(y, lhs);
    P256Field.square(x, rhs);
    P256Field.twice(P256Field.one(), t);
    P256Field.add(t, P256Field.one(), t); // 3
    P256Field.subtract(rhs, t, rhs); // x^2 - 3
    P256Field.multiply(rhs, x, rhs); // x^3 - 3x
    P256Field.add(rhs, B_WORDS, rhs);
    return P256Field.equalMask(lhs, rhs);
  }

  /**
   * Strict decoding of an uncompressed point from outside: exact length, 0x04 prefix, both
   * coordinates below p, on the curve. P-256 has cofactor 1, so a point on the curve that is not
   * infinity has order q.
   */
  public static ECPoint decodePoint(byte[] encoded, String field) throws InvalidEncodingException {
    if (encoded == null) {
      throw new InvalidEncodingException(field, Problem.NULL);
    }
    if (encoded.length != POINT_LENGTH) {
      throw new InvalidEncodingException(
          field, Problem.WRONG_LENGTH, "expected " + POINT_LENGTH + " octets, got " + encoded.length);
    }
    if (encoded[0] != 0x04) {
      throw new InvalidEncodingException(field, Problem.WRONG_PREFIX);
    }
    byte[] xb = new byte[N];
    byte[] yb = new byte[N];
    System.arraycopy(encoded, 1, xb, 0, N);
    System.arraycopy(encoded, 1 + N, yb, 0, N);
    BigInteger x = new BigInteger(1, xb);
    BigInteger y = new BigInteger(1, yb);
    if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
      throw new InvalidEncodingException(field, Problem.COORDINATE_TOO_LARGE);
    }
    ECPoint point;
    try {
      point = CURVE.createPoint(x, y);
    } catch (IllegalArgumentException e) {
      throw new InvalidEncodingException(field, Problem.NOT_ON_CURVE);
    }
    if (point.isInfinity()) {
      throw new InvalidEncodingException(field, Problem.INFINITY);
    }
    if (!point.isValid()) {
      throw new InvalidEncodingException(field, Problem.NOT_ON_CURVE);
    }
    return point.normalize();
  }

  /** 65-octet uncompressed encoding. */
  public static byte[] encode(ECPoint point) {
    return point.normalize().getEncoded(false);
  }
}
