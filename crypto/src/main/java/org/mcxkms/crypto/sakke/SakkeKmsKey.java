package org.mcxkms.crypto.sakke;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.InvalidEncodingException.Problem;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.internal.Octets;
import org.mcxkms.crypto.internal.sakke.ParameterSet1;
import org.mcxkms.crypto.internal.sakke.SakkeEngine;

/**
 * The KMS's SAKKE master key: the KMS Master Secret z in [2, q-1] and Z = [z]P (RFC 6508 2.2,
 * 6.1.1). Never printed.
 */
public final class SakkeKmsKey {
  /** Octets of the encoded master secret z (q has 1022 bits). */
  public static final int MASTER_SECRET_LENGTH = ParameterSet1.FIELD_LENGTH;

  private final SecretBytes z;
  private final SakkePublicKey publicKey;

  private SakkeKmsKey(SecretBytes z, SakkePublicKey publicKey) {
    this.z = z;
    this.publicKey = publicKey;
  }

  public static SakkeKmsKey generate(SecureRandom random) {
    BigInteger z;
    do {
      z = new BigInteger(ParameterSet1.Q.bitLength(), random);
    } while (z.compareTo(BigInteger.TWO) < 0 || z.compareTo(ParameterSet1.Q) >= 0);
    return of(z);
  }

  /** Restores the key from its 128-octet master secret; recomputes Z. */
  public static SakkeKmsKey fromMasterSecret(SecretBytes z) throws InvalidEncodingException {
    if (z == null) {
      throw new InvalidEncodingException("SAKKE master secret", Problem.NULL);
    }
    if (z.length() != MASTER_SECRET_LENGTH) {
      throw new InvalidEncodingException(
          "SAKKE master secret", Problem.WRONG_LENGTH, "expected " + MASTER_SECRET_LENGTH + " octets");
    }
    BigInteger v = scalar(z);
    if (v.compareTo(BigInteger.TWO) < 0 || v.compareTo(ParameterSet1.Q) >= 0) {
      throw new InvalidEncodingException("SAKKE master secret", Problem.OUT_OF_RANGE, "must be in [2, q-1]");
    }
    return of(v);
  }

  private static SakkeKmsKey of(BigInteger z) {
    byte[] enc = Octets.fixed(z, MASTER_SECRET_LENGTH);
    try {
      SecretBytes secret = SecretBytes.copyOf(enc, SecretAccess.get());
      return new SakkeKmsKey(secret, new SakkePublicKey(SakkeEngine.publicKey(enc)));
    } finally {
      java.util.Arrays.fill(enc, (byte) 0);
    }
  }

  private static BigInteger scalar(SecretBytes s) {
    byte[] b = s.toByteArray(SecretAccess.get());
    try {
      return new BigInteger(1, b);
    } finally {
      java.util.Arrays.fill(b, (byte) 0);
    }
  }

  public SakkePublicKey publicKey() {
    return publicKey;
  }

  /** The 128-octet master secret z, for sealing. */
  public SecretBytes masterSecret() {
    return z;
  }

  /**
   * RFC 6508 6.1.1, with the issuer-side check [a + z]K = P before release (see
   * {@link SakkeEngine#issueRsk} for how it is made cheap).
   */
  public RskIssuer rskIssuer() {
    return identifier -> {
      byte[] zb = z.toByteArray(SecretAccess.get());
      try {
        return new Rsk(SakkeEngine.issueRsk(zb, identifier));
      } finally {
        java.util.Arrays.fill(zb, (byte) 0);
      }
    };
  }

  @Override
  public String toString() {
    return "SakkeKmsKey[publicKey=" + publicKey + ", z=redacted]";
  }
}
