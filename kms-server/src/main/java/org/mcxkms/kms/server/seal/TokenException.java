package org.mcxkms.kms.server.seal;

/**
 * The PKCS#11 token holding the seal key cannot be used: the module is missing, the slot holds no
 * token, the PIN is missing or wrong, or the token has no suitable key under the configured label.
 * The message is one line for the operator and never contains the PIN.
 */
public final class TokenException extends SealException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, for callers and tests that act on it. */
  public enum Reason {
    LIBRARY_MISSING,
    NO_TOKEN,
    PIN_MISSING,
    WRONG_PIN,
    PIN_LOCKED,
    KEY_MISSING,
    KEY_UNSUITABLE,
    TOKEN_FAILED
  }

  private final Reason reason;

  public TokenException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
