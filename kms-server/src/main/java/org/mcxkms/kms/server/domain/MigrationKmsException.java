package org.mcxkms.kms.server.domain;

/** A Migration KMS was refused; {@link #reason()} says why. Nothing was stored. */
public final class MigrationKmsException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a Migration KMS was refused. */
  public enum Reason {
    /** The KMS URI, URL or TLS pin is malformed (see {@code MigrationKms}). */
    INVALID,
    /** The KMS URI is this KMS's own. */
    OWN_KMS,
    /** The KMS URI is listed already (remove it first). */
    ALREADY_LISTED,
    /** The list holds the most entries a certificate cache may carry. */
    TOO_MANY
  }

  private final Reason reason;

  public MigrationKmsException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
