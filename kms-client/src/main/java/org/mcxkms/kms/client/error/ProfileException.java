package org.mcxkms.kms.client.error;

/**
 * The key profile could not be opened, read or written. A profile that is truncated, altered or
 * written by another program is reported with its {@link Reason} and never half-read.
 */
public final class ProfileException extends KmsClientException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** There is no profile in the directory. */
    NOT_FOUND,
    /** A profile already exists where a new one was to be created. */
    ALREADY_EXISTS,
    /** The passphrase or keystore key is not the one the profile was sealed with. */
    WRONG_KEY,
    /** The file ends before the length its header announces (for example a torn copy). */
    TRUNCATED,
    /** The file fails authentication: altered, or parts of two files put together. */
    TAMPERED,
    /** The file is not a profile, or its header is malformed. */
    CORRUPT,
    /** A profile format version this library does not know. */
    UNSUPPORTED_VERSION,
    /** The file system refused a read, write, rename or lock. */
    IO,
    /** Another process or thread held the profile lock longer than the lock timeout. */
    LOCKED,
    /** A key or setting given to the profile is not acceptable. */
    INVALID_ARGUMENT
  }

  private final Reason reason;

  public ProfileException(Reason reason, String message) {
    this(reason, message, null);
  }

  public ProfileException(Reason reason, String message, Throwable cause) {
    super(Problem.PROFILE, message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
