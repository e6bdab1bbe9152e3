package org.mcxkms.crypto.eccsi;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.InvalidEncodingException.Problem;
import org.mcxkms.crypto.KeyValidationException;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.internal.Octets;
import org.mcxkms.crypto.internal.P256;
import org.mcxkms.crypto.internal.ScalarModQ;

/**
 * The KMS's ECCSI root key: the KMS Secret Authentication Key KSAK and its KPAK = [KSAK]G
 * (RFC 6507 2.2, 5.1.1). Never printed.
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
    BigInteger k = Eccsi.randomScalar(random);
    return new EccsiKmsKey(Ssk.ofScalar(k).toSecretBytes(), new Kpak(P256.multiplyG(k)));
  }

  /** Restores the key from its 32-octet KSAK (from the sealed store); recomputes KPAK. */
  public static EccsiKmsKey fromKsak(SecretBytes ksak) throws InvalidEncodingException {
    if (ksak == null) {
      throw new InvalidEncodingException("KSAK", Problem.NULL);
    }
    if (ksak.length() != P256.N) {
      throw new InvalidEncodingException("KSAK", Problem.WRONG_LENGTH, "expected 32 octets");
    }
    BigInteger k = scalar(ksak);
    if (k.signum() == 0 || k.compareTo(P256.Q) >= 0) {
      throw new InvalidEncodingException("KSAK", Problem.OUT_OF_RANGE, "must be in [1, q-1]");
    }
    return new EccsiKmsKey(ksak, new Kpak(P256.multiplyG(k)));
  }

  private static BigInteger scalar(SecretBytes s) {
    byte[] b = s.toByteArray(SecretAccess.get());
    try {
      return new BigInteger(1, b);
    } finally {
      java.util.Arrays.fill(b, (byte) 0);
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
   * RFC 6979 3.2 (h1 = SHA-256(identifier), x = KSAK). Every KMS node holding the same KSAK
   * therefore issues the identical SSK/PVT for the same UID, and the KMS need not store them.
   */
  public EccsiKeyIssuer deterministicIssuer() {
    return identifier -> {
      HMacDSAKCalculator drbg = new HMacDSAKCalculator(new SHA256Digest());
      drbg.init(P256.Q, scalar(ksak), Octets.sha256(identifier));
      return issue(identifier, drbg::nextK);
    };
  }

  /** An issuer drawing a fresh random v for every issuance (RFC 6507 5.1.1 as written). */
  public EccsiKeyIssuer randomizedIssuer(SecureRandom random) {
    return identifier -> issue(identifier, () -> Eccsi.randomScalar(random));
  }

  /** Issues with a caller-chosen v; for the RFC 6507 Appendix A known-answer test only. */
  IssuedEccsiKey issueWithEphemeralForTest(byte[] identifier, BigInteger v) {
    return issue(identifier, () -> v);
  }

  private IssuedEccsiKey issue(byte[] identifier, java.util.function.Supplier<BigInteger> vSource) {
    BigInteger k = scalar(ksak);
    while (true) {
      BigInteger v = vSource.get();
      ECPoint pvtPoint = P256.multiplyG(v);
      Pvt pvt = new Pvt(pvtPoint);
      BigInteger hs = new BigInteger(1, Eccsi.hs(kpak, identifier, pvt));
      BigInteger sskValue = ScalarModQ.mulAdd(hs, v, k); // SSK = KSAK + HS * v mod q
      // Discard the (negligibly likely) degenerate results and draw again (RFC 6507 5.1.1).
      if (sskValue.signum() == 0 || hs.mod(P256.Q).signum() == 0) {
        continue;
      }
      Ssk ssk = Ssk.ofScalar(sskValue);
      try {
        EccsiSigningKey.validate(identifier, kpak, ssk, pvt); // check our own output before release
      } catch (KeyValidationException e) {
        throw new IllegalStateException("issued SSK/PVT failed self-validation", e);
      }
      return new IssuedEccsiKey(ssk, pvt);
    }
  }

  @Override
  public String toString() {
    return "EccsiKmsKey[kpak=" + kpak + ", ksak=redacted]";
  }
}
