package org.mcxkms.mikey;

/**
 * A well-formed I_MESSAGE that the responder refuses. {@link #reason()} says why; the message
 * names the detail without secret values.
 */
public final class MikeyRejectedException extends MikeyException {
  private static final long serialVersionUID = 1L;

  /** Why a message was refused. */
  public enum Reason {
    /** Required content is missing (no initiator or responder identity...). */
    INCOMPLETE,
    /** The responder identity (IDRuidr/IDRr, IDRkmsr) is not this user. */
    NOT_FOR_ME,
    /** The initiator's KMS (IDRkmsi) is not one we trust. */
    UNKNOWN_KMS,
    /** The initiator is not the expected one. */
    SENDER_MISMATCH,
    /** T is outside the freshness window. */
    STALE,
    /** This message was accepted before. */
    REPLAY,
    /** The ECCSI signature does not verify for the initiator. */
    BAD_SIGNATURE,
    /** No RSK is held for the key period the message uses. */
    NO_KEY_FOR_PERIOD,
    /** SAKKE decapsulation failed (RFC 6508 6.2.2). */
    DECAPSULATION_FAILED,
    /** The key ID's purpose tag is not one TS 33.180 defines. */
    UNKNOWN_PURPOSE,
    /** GENERAL EXTENSION 7 does not decrypt, does not parse, or contradicts the header. */
    KEY_PARAMETERS_INVALID,
    /** A GENERIC-ID SPI (the MKI) does not belong to the key ID or GUK-ID of the message. */
    INCONSISTENT_KEY_ID,
    /** The key parameters mark the key revoked (TS 33.180 5.2.4). */
    KEY_REVOKED,
    /** The replay cache is full of unexpired entries; failing closed. */
    REPLAY_CACHE_FULL
  }

  private final Reason reason;

  public MikeyRejectedException(Reason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  public MikeyRejectedException(Reason reason, String detail, Throwable cause) {
    super(reason + ": " + detail, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
