package org.mcxkms.crypto.sakke;

import java.security.SecureRandom;
import java.util.Arrays;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.InvalidEncodingException.Problem;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
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

  /** A fresh master secret, uniform in [2, q-1]. */
  public static SakkeKmsKey generate(SecureRandom random) {
    byte[] z = SakkeEngine.generateMasterSecret(random);
    try {
      return of(z);
    } finally {
      Arrays.fill(z, (byte) 0);
    }
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
    byte[] v = z.toByteArray(SecretAccess.get());
    try {
      if (!SakkeEngine.isValidMasterSecret(v)) {
        throw new InvalidEncodingException(
            "SAKKE master secret", Problem.OUT_OF_RANGE, "must be in [2, q-1]");
      }
      return of(v);
    } finally {
      Arrays.fill(v, (byte) 0);
    }
  }

  /** z: 128 octets in [2, q-1] (checked by the caller). */
  private static SakkeKmsKey of(byte[] z) {
    SecretBytes secret = SecretBytes.copyOf(z, SecretAccess.get());
    return new SakkeKmsKey(secret, new SakkePublicKey(SakkeEngine.publicKey(z)));
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
        Arrays.fill(zb, (byte) 0);
      }
    };
  }

  @Override
  public String toString() {
    return "SakkeKmsKey[publicKey=" + publicKey + ", z=redacted]";
  }
}
