package org.mcxkms.media.srtp;

/** The send path refused a packet; the caller's input or the session state is at fault. */
public final class SrtpProtectException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What was wrong. */
  public enum Reason {
    /** Not an RTP/RTCP packet of version 2, or its header runs past its length. */
    MALFORMED,
    /** The buffer cannot hold the protected packet, or it exceeds the policy's maximum size. */
    BUFFER_TOO_SMALL,
    /** This packet index was already protected: sending it again would reuse a GCM IV. */
    INDEX_REUSED,
    /** The SRTP index (2^48) or SRTCP index (2^31) of the stream is used up: a new key is needed. */
    INDEX_EXHAUSTED,
    /** No key is active for sending, or the active key has expired. */
    NO_ACTIVE_KEY,
    /** The session's table of streams is full. */
    TOO_MANY_STREAMS,
    /** The JDK cipher failed. */
    CRYPTO_FAILURE
  }

  private final Reason reason;

  public SrtpProtectException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public SrtpProtectException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
