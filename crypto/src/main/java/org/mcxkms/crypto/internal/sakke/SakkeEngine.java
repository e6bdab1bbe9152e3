package org.mcxkms.crypto.internal.sakke;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.mcxkms.crypto.DecapsulationException;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.InvalidEncodingException.Problem;
import org.mcxkms.crypto.KeyValidationException;
import org.mcxkms.crypto.internal.Octets;

/**
 * The SAKKE operations of RFC 6508 for Parameter Set 1, on the fast arithmetic of this package.
 * The public types in {@code org.mcxkms.crypto.sakke} call these; nothing else should.
 *
 * <h2>What is constant-time</h2>
 * <ul>
 *   <li>{@link #publicKey}: [z]P by the P comb, z never branches or indexes.
 *   <li>{@link #issueRsk}: a + z mod q, its inverse (safegcd), [k]P by the comb, conversion to
 *       affine (safegcd) and the issuer check are all constant time in z. The identifier a is public.
 *       The only secret-dependent outcome is the refusal when a + z = 0 mod q.
 *   <li>{@link #validateRsk}: the order-q check of K (a square root by a public exponent, then a
 *       variable-time Jacobi symbol of a value blinded by a fresh random square, whose running
 *       time depends only on whether K is accepted, see {@link Subgroup}), [a]K (public NAF
 *       digits, constant-time field operations), the evaluation of the lines of P and Z at
 *       psi([a]K) and psi(K) and the comparison with g are constant time in K. Whether the RSK is
 *       accepted is public.
 *   <li>{@link #encapsulate}: r = HashToIntegerRange(SSV || b), r b mod q, [r b]P + [r]Z by a joint
 *       comb, g^r by the norm-1 comb of g, the two inversions (safegcd) and the mask are constant time
 *       in SSV and r. The identifier b and Z are public.
 *   <li>{@link #decapsulate}: R and H are public; the pairing with the RSK lines, w^-1 (safegcd), the
 *       mask, the SSV, r and the recomputation [r]([b]P + Z) (comb of the receiver's fixed point)
 *       are constant time in the RSK, w, SSV and r. The comparison of the recomputed R with the
 *       received one is constant time; its outcome is public.
 * </ul>
 * Variable-time code sees only public data: point decoding rejections (which check failed), the
 * identifier reduced mod q, the building of the Z_T comb table, and the blinded input of the
 * Jacobi symbol in the order-q check (uniform in its class, so only the accept bit shows).
 */
public final class SakkeEngine {
  private SakkeEngine() {}

  /** Octets of the SSV (n = 128). */
  public static final int SSV_LENGTH = ParameterSet1.SSV_LENGTH;
  /** Octets of the Encapsulated Data 04 || Rx || Ry || H. */
  public static final int ENCAPSULATED_LENGTH = SakkePoint.ENCODED_LENGTH + SSV_LENGTH;

  /** The base point P. */
  public static final SakkePoint BASE =
      new SakkePoint(Fp.fromBigInteger(ParameterSet1.PX), Fp.fromBigInteger(ParameterSet1.PY));

  /**
   * Process-wide precomputation, each built on first use (class initialisation is thread-safe and
   * runs once): the comb of P (about 15 ms to build, warm), the comb of g (4 ms) and the Miller
   * lines of P (14 ms, only for RSK validation).
   */
  private static final class Tables {
    static final PointTable P = BASE.table();
    static final long[] G_VALUE = Fp.fromBigInteger(ParameterSet1.G);
  }

  private static final class GTable {
    static final GtTable G = new GtTable(ParameterSet1.G);
  }

  private static final class PLines {
    static final MillerLines P_LINES = BASE.lines();
  }

  /**
   * The F_p multiplication kernel this process uses: "vector" (512-bit vectors, needs
   * {@code --add-modules jdk.incubator.vector}) or "scalar" (see {@code Fp}). For reports.
   */
  public static String fieldKernel() {
    return Fp.kernel();
  }

  // ---- RFC 6508 5.1 HashToIntegerRange ----

  /**
   * v = v_1 || ... || v_l of HashToIntegerRange(s, n, SHA-256) (RFC 6508 5.1), before the final
   * reduction: A = H(s), h_0 = 0^32, h_i = H(h_(i-1)), v_i = H(h_i || A).
   */
  static byte[] hashToIntegerRangeOctets(byte[] s, int l) {
    MessageDigest md = Octets.sha256();
    byte[] a = md.digest(s);
    byte[] h = new byte[32];
    byte[] v = new byte[32 * l];
    for (int i = 0; i < l; i++) {
      h = md.digest(h);
      md.update(h);
      md.update(a);
      System.arraycopy(md.digest(), 0, v, 32 * i, 32);
    }
    Arrays.fill(a, (byte) 0);
    return v;
  }

  /** HashToIntegerRange(s, q): l = ceil(lg(q)/256) = 4, reduced mod q in constant time. */
  static long[] hashToScalar(byte[] s) {
    byte[] v = hashToIntegerRangeOctets(s, 4);
    long[] r = Fq.reduce(v);
    Arrays.fill(v, (byte) 0);
    return r;
  }

  /** HashToIntegerRange(w as 128 octets, 2^128): l = 1, the low 16 octets of v_1. */
  static byte[] mask(byte[] w128) {
    byte[] v = hashToIntegerRangeOctets(w128, 1);
    byte[] m = Arrays.copyOfRange(v, 32 - SSV_LENGTH, 32);
    Arrays.fill(v, (byte) 0);
    return m;
  }

  /** The identifier as an integer (big-endian octets, RFC 6508 2.2) reduced mod q. Public. */
  static long[] identifierScalar(byte[] identifier) {
    return Fq.fromBigInteger(new BigInteger(1, identifier));
  }

  // ---- KMS side ----

  /**
   * Whether 128 octets encode a KMS Master Secret z in [2, q-1] (RFC 6508 6.1.1 draws z from
   * there). Constant time in z; only the answer is public.
   */
  public static boolean isValidMasterSecret(byte[] z) {
    if (z.length != Fp.BYTES) {
      return false;
    }
    long[] v = Fq.create();
    for (int k = 0; k < Fp.BYTES; k++) {
      int bit = 8 * (Fp.BYTES - 1 - k);
      long b = z[k] & 0xFF;
      int li = bit / Mont57.BITS;
      int sh = bit % Mont57.BITS;
      v[li] |= (b << sh) & Mont57.MASK;
      if (sh > Mont57.BITS - 8) {
        v[li + 1] |= b >>> (Mont57.BITS - sh);
      }
    }
    long belowQ = Mont57.lessThanMask(v, Fq.MOD.n);
    long[] two = Fq.create();
    two[0] = 2;
    long belowTwo = Mont57.lessThanMask(v, two);
    Arrays.fill(v, 0);
    return (belowQ & ~belowTwo) != 0;
  }

  /** A fresh KMS Master Secret: uniform in [2, q-1] by rejection sampling, as 128 octets. */
  public static byte[] generateMasterSecret(SecureRandom random) {
    byte[] z = new byte[Fp.BYTES];
    do {
      random.nextBytes(z);
      z[0] &= 0x3F; // q < 2^1022
    } while (!isValidMasterSecret(z));
    return z;
  }

  /** Z = [z]P for the KMS Master Secret z (128 octets, canonical, in [2, q-1]). */
  public static SakkePoint publicKey(byte[] z) {
    long[] k = Fq.reduce(z);
    Edwards ed = new Edwards(new Fp());
    long[][] j = Tables.P.mul(ed, k, null, null);
    Arrays.fill(k, 0);
    return affineOrFail(ed, j, "[z]P");
  }

  /**
   * K_(a,T) = [(a + z)^-1]P (RFC 6508 6.1.1) with the issuer's check that [a + z]K = P.
   *
   * <p>The check is done in an equivalent, cheaper form: with s = a + z and k = s^-1, (1) s k = 1
   * mod q is verified on the scalars actually used, and (2) K is recomputed as -[q - k]P, whose
   * comb digits are unrelated to those of k, and compared with K. Together they give
   * [a + z]K = [s k]P = P without a 1022-bit multiplication of the variable point K (about ten
   * times the cost), and catch a fault in either derivation.
   *
   * <p>Cost: the second comb is about half of an issuance (0.9 of 1.9 ms on the reference
   * machine). It stays because the cheaper checks are weaker: an on-curve test of K (a few
   * multiplications) catches a glitched field operation, whose error spreads to a point off the
   * curve, but not a skipped addition, a wrong table index or a fault in the digits, which all
   * yield a valid but wrong point; [a + z]K = P itself costs a 1022-bit variable-base
   * multiplication, and the pairing check of RFC 6508 6.1.2 several times that.
   *
   * @throws IllegalArgumentException if a + z = 0 mod q (no RSK exists for a under this z)
   */
  public static SakkePoint issueRsk(byte[] z, byte[] identifier) {
    long[] zs = Fq.reduce(z);
    long[] s = Fq.create();
    Fq.add(s, identifierScalar(identifier), zs);
    Arrays.fill(zs, 0);
    if (Fq.isZero(s) != 0) {
      throw new IllegalArgumentException("identifier + z = 0 mod q: no RSK exists for it under this z");
    }
    long[] k = Fq.create();
    Fq.inv(k, s);
    Fp fp = new Fp();
    Edwards ed = new Edwards(fp);
    long[][] j = Tables.P.mul(ed, k, null, null);
    // issuer check (see above)
    long[] one = Fq.create();
    Fq.mul(one, s, k);
    one[0] ^= 1;
    long scalarOk = Fq.isZero(one);
    long[] qMinusK = Fq.create();
    Fq.neg(qMinusK, k);
    long[][] check = Tables.P.mul(ed, qMinusK, null, null);
    SakkePoint result = affineOrFail(ed, j, "RSK");
    long[] negY = Fp.create();
    Fp.neg(negY, result.y);
    long pointOk = ed.equalsWeierstrass(check, result.x, negY);
    Arrays.fill(s, 0);
    Arrays.fill(k, 0);
    Arrays.fill(qMinusK, 0);
    if ((scalarOk & pointOk) == 0) {
      throw new IllegalStateException("issued RSK failed the issuer check [a+z]K = P");
    }
    return result;
  }

  private static SakkePoint affineOrFail(Edwards ed, long[][] j, String what) {
    long[] x = Fp.create();
    long[] y = Fp.create();
    if (ed.toWeierstrass(x, y, j) != 0) {
      throw new IllegalStateException(what + " is the point at infinity");
    }
    return new SakkePoint(x, y);
  }

  // ---- client side ----

  /**
   * RFC 6508 6.1.2: accepts K only if &lt;[a]P + Z, K&gt; = g, computed as the product
   * &lt;P, [a]K&gt; &lt;Z, K&gt; (bilinearity) with the precomputed Miller lines of the fixed points
   * P and Z, sharing one loop. K is first checked to have order q (two steps of 2-descent,
   * {@link Subgroup}): the pairing check alone would ignore a 4-torsion component of K, and
   * decapsulation uses K as a Miller point, which requires order q.
   */
  public static RskPrecomputation validateRsk(byte[] identifier, SakkePoint z, SakkePoint rsk)
      throws KeyValidationException {
    Fp fp = new Fp();
    if (Subgroup.hasOrderQ(fp, rsk.x, rsk.y) == 0) {
      throw new KeyValidationException("RSK is not in the subgroup of order q (RFC 6508 6.1.2)");
    }
    Fp2 f2 = new Fp2(fp);
    BigInteger a = new BigInteger(1, identifier).mod(ParameterSet1.Q);
    long[][] v;
    if (a.signum() == 0) {
      v = z.lines().evaluate(f2, rsk.x, rsk.y); // [a]P = O
    } else {
      long[][] ak = VariableBase.mul(new Edwards(fp), rsk.x, rsk.y, a); // not O: 0 < a < q
      v = MillerLines.evaluateProduct(f2, PLines.P_LINES, ak[0], ak[1], z.lines(), rsk.x, rsk.y);
    }
    // [A + B i] = [1 + g i]  <=>  B = A g and A != 0
    long[] ag = Fp.create();
    fp.mul(ag, v[0], Tables.G_VALUE);
    long ok = Fp.equal(ag, v[1]) & ~Fp.isZero(v[0]);
    if (ok == 0) {
      throw new KeyValidationException(
          "RSK does not validate for this identifier under this KMS public key (RFC 6508 6.1.2)");
    }
    return new RskPrecomputation(rsk, z, identifier);
  }

  /**
   * [a]P + Z in affine form, or null for the point at infinity. Public values. (The Edwards
   * addition is complete: [a]P = 0, Z or -Z need no special case.)
   */
  static long[][] identifierPoint(byte[] identifier, SakkePoint z) {
    Edwards ed = new Edwards(new Fp());
    long[][] j = Tables.P.mul(ed, identifierScalar(identifier), null, null);
    long[] x = Fp.create();
    long[] y = Fp.create();
    ed.fromWeierstrass(x, y, z.x, z.y);
    ed.add(j, x, y, false);
    if (ed.toWeierstrass(x, y, j) != 0) {
      return null;
    }
    return new long[][] {x, y};
  }

  /**
   * RFC 6508 6.2.1: the 273-octet Encapsulated Data 04 || R_(b,S) || H for the 16-octet SSV,
   * receiver identifier b and KMS public key Z (of order q).
   */
  public static byte[] encapsulate(SakkePoint z, byte[] identifier, byte[] ssv) {
    return encapsulate(z, identifier, null, ssv);
  }

  /**
   * RFC 6508 6.2.1 to a receiver whose Q_b = [b]P + Z_T table is at hand: R = [r]Q_b by that one
   * comb. The same output as {@link #encapsulate(SakkePoint, byte[], byte[])} for the same SSV.
   */
  public static byte[] encapsulate(ReceiverTable receiver, byte[] ssv) {
    return encapsulate(receiver.z(), receiver.identifierView(), receiver, ssv);
  }

  private static byte[] encapsulate(SakkePoint z, byte[] identifier, ReceiverTable receiver, byte[] ssv) {
    if (ssv.length != SSV_LENGTH) {
      throw new IllegalArgumentException("the SSV has " + SSV_LENGTH + " octets, got " + ssv.length);
    }
    byte[] sb = Octets.concat(ssv, identifier);
    long[] r = hashToScalar(sb);
    Arrays.fill(sb, (byte) 0);
    Fp fp = new Fp();
    Edwards ed = new Edwards(fp);
    // R = [r]([b]P + Z) = [r b mod q]P + [r]Z: both bases fixed, one joint comb; or one comb of
    // the receiver's own point when its table is at hand.
    long[][] rp = receiver == null ? recompute(ed, r, identifier, z) : receiver.table().mul(ed, r, null, null);
    long[] x = Fp.create();
    long[] y = Fp.create();
    if (ed.toWeierstrass(x, y, rp) != 0) {
      throw new IllegalArgumentException("no SAKKE encapsulation exists for this identifier under this KMS key");
    }
    byte[] out = new byte[ENCAPSULATED_LENGTH];
    out[0] = 0x04;
    fp.toBytes(x, out, 1);
    fp.toBytes(y, out, 1 + Fp.BYTES);
    byte[] gr = new byte[Fp.BYTES];
    fp.toBytes(GTable.G.powRepresentative(new Fp2(fp), r), gr, 0);
    byte[] m = mask(gr);
    for (int i = 0; i < SSV_LENGTH; i++) {
      out[SakkePoint.ENCODED_LENGTH + i] = (byte) (ssv[i] ^ m[i]);
    }
    Arrays.fill(r, 0);
    Arrays.fill(gr, (byte) 0);
    Arrays.fill(m, (byte) 0);
    return out;
  }

  /** [r b mod q]P + [r]Z as an extended Edwards point (RFC 6508 6.2.1 step 2). */
  private static long[][] recompute(Edwards ed, long[] r, byte[] identifier, SakkePoint z) {
    long[] rb = Fq.create();
    Fq.mul(rb, r, identifierScalar(identifier));
    long[][] j = Tables.P.mul(ed, rb, z.table(), r);
    Arrays.fill(rb, 0);
    return j;
  }

  /**
   * RFC 6508 6.2.2: returns the SSV, or throws if R is malformed or the recomputed R differs.
   */
  public static byte[] decapsulate(
      SakkePoint z, byte[] identifier, RskPrecomputation rsk, byte[] data)
      throws InvalidEncodingException, DecapsulationException {
    return open(z, identifier, rsk, data, false).ssv();
  }

  /**
   * The SSV of a decapsulation, and whether it was only found with g^r hashed without its leading
   * zero octets. Holds a secret: the caller wipes {@code ssv}.
   */
  public record Opened(byte[] ssv, boolean strippedGr) {
    @Override
    public String toString() {
      return "Opened[ssv=redacted, strippedGr=" + strippedGr + "]";
    }
  }

  /**
   * RFC 6508 6.2.2, optionally tolerant of senders that hash g^r (step 3 of 6.2.1) as a minimal
   * big-endian integer instead of the 128 octets RFC 6508 2.2 fixes. The RFC form is tried first;
   * only when it fails the R check (step 5) and w &lt; 2^1016 (its 128-octet form starts with a zero
   * octet) is the mask recomputed over w without its leading zero octets, and the R check then
   * decides again. The R check binds the SSV to R in both forms, so the fallback accepts nothing
   * whose R was not made from that SSV and this identifier.
   *
   * <p>Timing: the fallback runs only for data that failed the RFC form, so its extra time shows
   * that w &lt; 2^1016 for such (rejected or non-conforming) data. For data that passes the RFC
   * form nothing changes.
   */
  public static Opened open(
      SakkePoint z, byte[] identifier, RskPrecomputation rsk, byte[] data, boolean tolerateStrippedGr)
      throws InvalidEncodingException, DecapsulationException {
    if (data == null) {
      throw new InvalidEncodingException("SAKKE encapsulated data", Problem.NULL);
    }
    if (data.length != ENCAPSULATED_LENGTH) {
      throw new InvalidEncodingException(
          "SAKKE encapsulated data",
          Problem.WRONG_LENGTH,
          "expected " + ENCAPSULATED_LENGTH + " octets, got " + data.length);
    }
    SakkePoint r = SakkePoint.decode(Arrays.copyOf(data, SakkePoint.ENCODED_LENGTH), "SAKKE R", false);
    Fp fp = new Fp();
    // w = <R, K> = [A + B i], represented by B / A
    long[][] v = rsk.lines().evaluate(new Fp2(fp), r.x, r.y);
    long[] w = Fp.create();
    fp.inv(w, v[0]);
    fp.mul(w, w, v[1]);
    byte[] wb = new byte[Fp.BYTES];
    fp.toBytes(w, wb, 0);
    Arrays.fill(w, 0);
    try {
      byte[] ssv = attempt(fp, r, identifier, rsk, data, wb);
      if (ssv != null) {
        return new Opened(ssv, false);
      }
      if (tolerateStrippedGr && wb[0] == 0) {
        int k = 0;
        while (k < wb.length && wb[k] == 0) {
          k++;
        }
        byte[] stripped = Arrays.copyOfRange(wb, k, wb.length);
        ssv = attempt(fp, r, identifier, rsk, data, stripped);
        Arrays.fill(stripped, (byte) 0);
        if (ssv != null) {
          return new Opened(ssv, true);
        }
      }
    } finally {
      Arrays.fill(wb, (byte) 0);
    }
    throw new DecapsulationException(
        "SAKKE R does not match the recomputed value (RFC 6508 6.2.2 step 5)");
  }

  /**
   * Steps 3-5 of RFC 6508 6.2.2 with the octets {@code w} hashed into the mask: the SSV if the
   * recomputed [r]([b]P + Z) equals R, else null (the candidate is wiped).
   */
  private static byte[] attempt(
      Fp fp, SakkePoint r, byte[] identifier, RskPrecomputation rsk, byte[] data, byte[] w) {
    byte[] m = mask(w);
    byte[] ssv = new byte[SSV_LENGTH];
    for (int i = 0; i < SSV_LENGTH; i++) {
      ssv[i] = (byte) (data[SakkePoint.ENCODED_LENGTH + i] ^ m[i]);
    }
    Arrays.fill(m, (byte) 0);
    byte[] sb = Octets.concat(ssv, identifier);
    long[] rs = hashToScalar(sb);
    Arrays.fill(sb, (byte) 0);
    Edwards ed = new Edwards(fp);
    long[][] test = rsk.identifierTable().mul(ed, rs, null, null); // [r]([b]P + Z)
    Arrays.fill(rs, 0);
    if (ed.equalsWeierstrass(test, r.x, r.y) == 0) {
      Arrays.fill(ssv, (byte) 0);
      return null;
    }
    return ssv;
  }
}
