package org.mcxkms.crypto.eccsi;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Supplier;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.InvalidEncodingException.Problem;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.internal.Mont256;
import org.mcxkms.crypto.internal.Octets;
import org.mcxkms.crypto.internal.P256;
import org.mcxkms.crypto.internal.P256BaseMul;
import org.mcxkms.crypto.internal.P256Field;
import org.mcxkms.crypto.internal.Rfc6979;
import org.mcxkms.crypto.internal.ScalarModQ;

/**
 * The KMS's ECCSI root key: the KMS Secret Authentication Key KSAK and its KPAK = [KSAK]G
 * (RFC 6507 2.2, 5.1.1). Never printed.
 *
 * <p><b>Constant time.</b> [KSAK]G and [v]G use {@link P256BaseMul}; SSK = KSAK + HS v mod q uses
 * {@code ScalarModQ} (4 x 64-bit Montgomery, branch-free); the range checks of KSAK and of the
 * candidates for v are constant-time masks; the deterministic v comes from an HMAC-SHA-256 DRBG
 * (RFC 6979), which runs in fixed time for a fixed-length key. The only branches are the retry
 * when SSK = 0 or HS = 0 mod q (probability about 2^-256) and the self-check's verdict.
 */
public final class EccsiKmsKey {
  private final SecretBytes ksak;
  private final Kpak kpak;

  private EccsiKmsKey(SecretBytes ksak, Kpak kpak) {
    this.ksak = ksak;
    this.kpak = kpak;
  }

  /** A fresh KSAK, uniform in [1, q-1]. */
  public static EccsiKmsKey generate(SecureRandom random) {
    long[] k = Eccsi.randomScalar(random);
    try {
      return new EccsiKmsKey(Ssk.ofScalar(k).toSecretBytes(), new Kpak(P256.multiplyG(k).toEcPoint()));
    } finally {
      ScalarModQ.erase(k);
    }
  }

  /** Restores the key from its 32-octet KSAK (from the sealed store); recomputes KPAK. */
  public static EccsiKmsKey fromKsak(SecretBytes ksak) throws InvalidEncodingException {
    if (ksak == null) {
      throw new InvalidEncodingException("KSAK", Problem.NULL);
    }
    if (ksak.length() != P256.N) {
      throw new InvalidEncodingException("KSAK", Problem.WRONG_LENGTH, "expected 32 octets");
    }
    long[] k = Ssk.limbsOf(ksak);
    try {
      if (ScalarModQ.inRangeMask(k) == 0) {
        throw new InvalidEncodingException("KSAK", Problem.OUT_OF_RANGE, "must be in [1, q-1]");
      }
      return new EccsiKmsKey(ksak, new Kpak(P256.multiplyG(k).toEcPoint()));
    } finally {
      ScalarModQ.erase(k);
    }
  }

  public Kpak kpak() {
    return kpak;
  }

  /** The 32-octet KSAK, for sealing. */
  public SecretBytes ksak() {
    return ksak;
  }

  /**
   * An issuer whose ephemeral v is derived from KSAK and the identifier with the HMAC-DRBG of
   * RFC 6979 3.2 (HMAC-SHA-256, h1 = SHA-256(identifier), x = KSAK). Every KMS node holding the
   * same KSAK therefore issues the identical SSK/PVT for the same UID, and the KMS need not store
   * them. Should a candidate be unusable (SSK = 0 or HS = 0 mod q), the next DRBG output is used.
   */
  public EccsiKeyIssuer deterministicIssuer() {
    return identifier -> {
      byte[] x = ksak.toByteArray(SecretAccess.get());
      Rfc6979 drbg = new Rfc6979(x, Octets.sha256(identifier));
      Arrays.fill(x, (byte) 0);
      try {
        return issue(identifier, drbg::next);
      } finally {
        drbg.destroy();
      }
    };
  }

  /** An issuer drawing a fresh random v for every issuance (RFC 6507 5.1.1 as written). */
  public EccsiKeyIssuer randomizedIssuer(SecureRandom random) {
    return identifier -> issue(identifier, () -> Eccsi.randomScalar(random));
  }

  /** Issues with a caller-chosen v; for the RFC 6507 Appendix A known-answer test only. */
  IssuedEccsiKey issueWithEphemeralForTest(byte[] identifier, BigInteger v) {
    return issue(identifier, () -> Mont256.fromBigInteger(v));
  }

  /** RFC 6507 5.1.1 steps 1-6, then the issuer's self-check. */
  private IssuedEccsiKey issue(byte[] identifier, Supplier<long[]> vSource) {
    byte[] id = identifier.clone();
    while (true) {
      long[] v = vSource.get();
      long[] k = Ssk.limbsOf(ksak);
      long[] sskValue = null;
      try {
        Pvt pvt = new Pvt(P256.multiplyG(v).toAffine()); // PVT = [v]G
        long[] hs = ScalarModQ.reduce(Eccsi.hs(kpak, id, pvt));
        sskValue = ScalarModQ.mulAdd(hs, v, k); // SSK = KSAK + HS * v mod q
        // Discard the (negligibly likely) degenerate results and draw again (RFC 6507 5.1.1).
        if ((ScalarModQ.isZeroMask(sskValue) | ScalarModQ.isZeroMask(hs)) != 0) {
          continue;
        }
        Ssk ssk = Ssk.ofScalar(sskValue);
        if (!passesIssuerCheck(ssk, pvt, hs)) {
          throw new IllegalStateException("issued SSK/PVT failed the issuer check (RFC 6507 5.1.2)");
        }
        return new IssuedEccsiKey(ssk, pvt);
      } finally {
        ScalarModQ.erase(v);
        ScalarModQ.erase(k);
        if (sskValue != null) {
          ScalarModQ.erase(sskValue);
        }
      }
    }
  }

  /**
   * Checks the issued pair before release, so that a computation fault never leaves the KMS: with
   * the deterministic issuer, a faulty pair released next to the correct one for the same
   * identifier (same v, different HS) reveals v and with it KSAK = SSK - HS v.
   *
   * <p>The client's test (RFC 6507 5.1.2) is [SSK]G = KPAK + [HS]PVT, a fixed-base and a
   * variable-base multiplication. Because KPAK = [KSAK]G (this object derives KPAK from KSAK when
   * it is built), it is equivalent to [(KSAK - SSK) HS^-1]G = -PVT, one fixed-base multiplication
   * compared projectively (no inversion). The scalar is recomputed from the released SSK and a
   * fresh read of KSAK, so a fault in PVT = [v]G, in HS, in SSK = KSAK + HS v or in the copy of
   * KSAK makes the comparison fail. It is q - v rather than v, so its signed digits differ from
   * those of v and the second multiplication reads other table entries: a corrupted entry read by
   * the first does not corrupt the second the same way. Finally PVT must lie on the curve, which
   * catches a glitched field operation even where both multiplications would agree.
   * Constant time except for the verdict.
   */
  boolean passesIssuerCheck(Ssk ssk, Pvt pvt, long[] hs) {
    long[] s = ssk.limbs();
    long[] k = Ssk.limbsOf(ksak);
    long[] minusV = ScalarModQ.mul(ScalarModQ.sub(k, s), ScalarModQ.inverseOfPublic(hs)); // HS is public
    try {
      int[] negY = new int[8];
      P256Field.negate(pvt.yWords(), negY);
      P256Field.canonical(negY, negY);
      int ok = P256.multiplyG(minusV).equalsAffineMask(pvt.xWords(), negY);
      ok &= P256.onCurveMask(pvt.xWords(), pvt.yWords());
      return ok != 0;
    } finally {
      ScalarModQ.erase(s);
      ScalarModQ.erase(k);
      ScalarModQ.erase(minusV);
    }
  }

  @Override
  public String toString() {
    return "EccsiKmsKey[kpak=" + kpak + ", ksak=redacted]";
  }
}
