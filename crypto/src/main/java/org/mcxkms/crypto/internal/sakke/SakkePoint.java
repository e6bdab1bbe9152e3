package org.mcxkms.crypto.internal.sakke;

import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.InvalidEncodingException.Problem;

/**
 * An affine point of the Parameter Set 1 curve other than the point at infinity and (0, 0),
 * immutable. It may be secret (an RSK): it never prints its coordinates.
 *
 * <p>A point used as a fixed base (the KMS public key Z_T) builds its comb table and its Miller lines
 * on first use, once each ({@link Lazy}); they are then shared read-only by all threads.
 */
public final class SakkePoint {
  /** Octets of 04 || x || y. */
  public static final int ENCODED_LENGTH = 1 + 2 * Fp.BYTES;

  final long[] x; // canonical Montgomery form
  final long[] y;
  private final Lazy<PointTable> table;
  private final Lazy<MillerLines> lines;

  SakkePoint(long[] x, long[] y) {
    this.x = x.clone();
    this.y = y.clone();
    Fp.canonical(this.x, this.x);
    Fp.canonical(this.y, this.y);
    this.table = new Lazy<>(() -> PointTable.build(this.x, this.y, Comb.WIDE));
    this.lines = new Lazy<>(() -> {
      MillerLines l = MillerLines.compute(this.x, this.y);
      if (l == null) {
        throw new IllegalStateException("point is not of order q");
      }
      return l;
    });
  }

  /**
   * Strict decoding of {@code 04 || x || y} (RFC 6508 2.1, SEC 1 uncompressed): exact length, the
   * 0x04 prefix, both coordinates below p, on the curve, not (0, 0) (order 2); with
   * {@code requireOrderQ}, also of order q. Runs in constant time in the coordinates (they may be
   * an RSK); only which check failed becomes public.
   *
   * @param field the name reported in the exception, e.g. "RSK"
   */
  public static SakkePoint decode(byte[] enc, String field, boolean requireOrderQ)
      throws InvalidEncodingException {
    if (enc == null) {
      throw new InvalidEncodingException(field, Problem.NULL);
    }
    if (enc.length != ENCODED_LENGTH) {
      throw new InvalidEncodingException(
          field, Problem.WRONG_LENGTH, "expected " + ENCODED_LENGTH + " octets, got " + enc.length);
    }
    if (enc[0] != 0x04) {
      throw new InvalidEncodingException(field, Problem.WRONG_PREFIX);
    }
    Fp fp = new Fp();
    long[] x = Fp.create();
    long[] y = Fp.create();
    long inRange = fp.fromBytes(x, enc, 1) & fp.fromBytes(y, enc, 1 + Fp.BYTES);
    if (inRange == 0) {
      throw new InvalidEncodingException(field, Problem.COORDINATE_TOO_LARGE);
    }
    Curve cv = new Curve(fp);
    if (cv.onCurve(x, y) == 0) {
      throw new InvalidEncodingException(field, Problem.NOT_ON_CURVE);
    }
    if ((Fp.isZero(x) & Fp.isZero(y)) != 0) {
      throw new InvalidEncodingException(field, Problem.WRONG_ORDER, "the point (0, 0) has order 2");
    }
    if (requireOrderQ && Subgroup.hasOrderQ(fp, x, y) == 0) {
      throw new InvalidEncodingException(field, Problem.WRONG_ORDER);
    }
    return new SakkePoint(x, y);
  }

  /** The 257-octet encoding {@code 04 || x || y}. */
  public byte[] encode() {
    byte[] out = new byte[ENCODED_LENGTH];
    out[0] = 0x04;
    Fp fp = new Fp();
    fp.toBytes(x, out, 1);
    fp.toBytes(y, out, 1 + Fp.BYTES);
    return out;
  }

  /** The comb table with this point as base (built on first call). The point must have order q. */
  PointTable table() {
    return table.get();
  }

  /** The Miller lines with this point as the Miller point (built on first call). Order q required. */
  MillerLines lines() {
    return lines.get();
  }

  @Override
  public String toString() {
    return "SakkePoint[redacted]";
  }
}
