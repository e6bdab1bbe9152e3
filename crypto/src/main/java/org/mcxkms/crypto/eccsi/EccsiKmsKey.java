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
        selfCheck(ssk, pvt, hs);
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
   * Checks the issued pair before release, so that a computation fault never leaves the KMS.
   * The client's test (RFC 6507 5.1.2) is [SSK]G = KPAK + [HS]PVT, whose [HS]PVT is a
   * variable-base multiplication. Because KPAK = [KSAK]G (this object derives KPAK from KSAK when
   * it is built), that test is equivalent to [(SSK - KSAK) HS^-1]G = PVT, which needs only a
   * fixed-base multiplication and is compared projectively (no inversion). It recomputes v from the
   * released SSK and a fresh read of KSAK, so a fault in PVT = [v]G, in HS, in SSK = KSAK + HS v or
   * in the copy of KSAK used for it makes the check fail. This matters most for the deterministic
   * issuer: two different SSKs released for the same v would reveal KSAK.
   */
  private void selfCheck(Ssk ssk, Pvt pvt, long[] hs) {
    long[] s = ssk.limbs();
    long[] k = Ssk.limbsOf(ksak);
    long[] vCheck = ScalarModQ.mul(ScalarModQ.sub(s, k), ScalarModQ.inverseOfPublic(hs)); // HS is public
    try {
      P256BaseMul.Jacobian point = P256.multiplyG(vCheck);
      if (point.equalsAffineMask(pvt.xWords(), pvt.yWords()) == 0) {
        throw new IllegalStateException("issued SSK/PVT failed the issuer self-check (RFC 6507 5.1.2)");
      }
    } finally {
      ScalarModQ.erase(s);
      ScalarModQ.erase(k);
      ScalarModQ.erase(vCheck);
    }
  }

  @Override
  public String toString() {
    return "EccsiKmsKey[kpak=" + kpak + ", ksak=redacted]";
  }
}
