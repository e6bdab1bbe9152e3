package org.mcxkms.mcx.ue;

import org.mcxkms.mikey.MikeyRejectedException;

/**
 * A key message or call offer a UE refused; nothing was stored. {@link #reason()} says why; the
 * message names the detail without secret values.
 */
public final class KeyRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  public enum Reason {
    /** Not signed by a configured GMS identity (or, for a call, not by the expected caller). */
    NOT_FROM_TRUSTED_SENDER,
    /** Accepted before. */
    REPLAYED,
    /** Addressed to another identity (another member, another callee). */
    NOT_FOR_ME,
    /** The key parameters name other groups than the one it was delivered for. */
    WRONG_GROUP,
    /** The expiry time of the key has passed. */
    EXPIRED,
    /** The key is marked revoked and is not one we hold. */
    REVOKED,
    /** The I_MESSAGE does not parse, does not verify, or is not a key of the expected kind. */
    INVALID
  }

  private final Reason reason;

  public KeyRefusedException(Reason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  public KeyRefusedException(Reason reason, String detail, Throwable cause) {
    super(reason + ": " + detail, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** The UE's reason for a MIKEY refusal. */
  static Reason of(MikeyRejectedException e) {
    return switch (e.reason()) {
      case REPLAY -> Reason.REPLAYED;
      case NOT_FOR_ME -> Reason.NOT_FOR_ME;
      case SENDER_MISMATCH, BAD_SIGNATURE, UNKNOWN_KMS -> Reason.NOT_FROM_TRUSTED_SENDER;
      case KEY_REVOKED -> Reason.REVOKED;
      default -> Reason.INVALID;
    };
  }
}
