package org.mcxkms.kms.server.auth;

/**
 * The bearer token is missing, invalid or lacks the key-management scope (RFC 6750 3.1). The
 * message is safe to return to the client: it never contains the token.
 */
public final class AuthException extends Exception {
  private static final long serialVersionUID = 1L;

  /** RFC 6750 3.1 error codes, plus "no credentials at all" (no error code). */
  public enum Reason {
    MISSING_TOKEN,
    INVALID_TOKEN,
    INSUFFICIENT_SCOPE
  }

  private final Reason reason;

  public AuthException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
