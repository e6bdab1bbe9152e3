package org.mcxkms.kms.server.domain;

/** An External KMS certificate was refused; {@link #reason()} says why. Nothing was stored. */
public final class ExternalKmsException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a partner certificate was refused. */
  public enum Reason {
    /** Neither a KmsCertificate nor a KmsResponse carrying one (KMS Initialize). */
    UNREADABLE,
    /** The fingerprint the operator approved is not the certificate's. */
    FINGERPRINT_MISMATCH,
    /** ValidTo is in the past. */
    EXPIRED,
    /** The certificate says Revoked. */
    REVOKED,
    /** PubEncKey or PubAuthKey is not a valid point, or the parameter set is not 1. */
    INVALID_KEYS,
    /** The KmsUri is this KMS's own. */
    OWN_KMS,
    /** A certificate for this KmsUri is already imported (remove it first). */
    ALREADY_IMPORTED
  }

  private final Reason reason;

  public ExternalKmsException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
