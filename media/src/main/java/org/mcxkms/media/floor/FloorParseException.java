package org.mcxkms.media.floor;

/** A floor control message that could not be read, with the precise reason. */
public final class FloorParseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What was wrong. */
  public enum Reason {
    /** Shorter than the 12-octet APP header, or not RTCP version 2. */
    TRUNCATED,
    /** The RTCP length or padding does not match the octets given. */
    BAD_LENGTH,
    /** Not an APP packet (PT 204) named "MCPT". */
    NOT_FLOOR_CONTROL,
    /** A subtype this module does not know. */
    UNKNOWN_TYPE,
    /** A field runs past the end, has the wrong length, or bad text. */
    BAD_FIELD,
    /** The fields do not make a valid message of the type (missing or repeated field). */
    INVALID_MESSAGE
  }

  private final Reason reason;

  public FloorParseException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
