package org.mcxkms.kms.client.error;

/**
 * A {@code KmsKeySet} was refused: it does not belong to the identity, period, KMS or certificate
 * it claims, or its SSK/PVT or RSK does not validate (RFC 6507 5.1.2, RFC 6508 6.1.2). Nothing of
 * the response that carried it was stored.
 */
public final class KeyMaterialRejectedException extends KmsClientException {
  private static final long serialVersionUID = 1L;

  /** Which check failed. */
  public enum Check {
    /** {@code UserUri} is not the identity we asked for. */
    USER_URI,
    /** {@code KmsUri} is not the pinned certificate's. */
    KMS_URI,
    /** {@code CertUri} names no certificate we hold. */
    CERTIFICATE,
    /** {@code KeyPeriodNo}, {@code ValidFrom} or {@code ValidTo} is not the period asked for or not consistent. */
    KEY_PERIOD,
    /** {@code UserID} differs from the UID we compute (TS 33.180 F.2.1). */
    USER_ID,
    /** A key element is not a valid encoding (length, point, range). */
    ENCODING,
    /** SSK/PVT fail RFC 6507 5.1.2 under the pinned KPAK. */
    SSK_PVT,
    /** The RSK fails RFC 6508 6.1.2 under the pinned Z. */
    RSK,
    /** The key set is marked Revoked (reported, never stored). */
    REVOKED
  }

  private final String identity;
  private final long period;
  private final Check check;

  public KeyMaterialRejectedException(String identity, long period, Check check, String detail) {
    super(Problem.KEY_REJECTED, "key material of " + clip(identity) + " for key period " + period
        + " rejected (" + check + "): " + detail);
    this.identity = identity;
    this.period = period;
    this.check = check;
  }

  /** The identity ({@code UserUri}) of the refused key set. */
  public String identity() {
    return identity;
  }

  /** The {@code KeyPeriodNo} of the refused key set. */
  public long period() {
    return period;
  }

  public Check check() {
    return check;
  }
}
