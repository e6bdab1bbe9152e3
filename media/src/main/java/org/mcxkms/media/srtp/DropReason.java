package org.mcxkms.media.srtp;

/**
 * Why a received SRTP or SRTCP packet was dropped. The receive path reports a drop as a negative
 * return value ({@link #code()}) so that it neither throws nor allocates; {@link #ofCode(int)}
 * turns the value back into the reason.
 */
public enum DropReason {
  /** Shorter than its header, tag, index and MKI; not version 2; header extension past the end. */
  MALFORMED,
  /** Longer than the session's configured maximum packet size. */
  TOO_LONG,
  /** The MKI names no key of this session. */
  UNKNOWN_MKI,
  /** The MKI names a key whose expiry has passed (TS 33.180 key change). */
  KEY_EXPIRED,
  /** An SSRC this session does not accept, or the session's table of streams is full. */
  UNKNOWN_SSRC,
  /** A packet index already received (RFC 3711 3.3.2). */
  REPLAYED,
  /** A packet index behind the replay window (RFC 3711 3.3.2). */
  TOO_OLD,
  /** The AEAD tag did not verify: tampered, truncated, or protected under another key. */
  AUTH_FAILED,
  /** SRTCP with the E flag clear where the policy requires encryption. */
  NOT_ENCRYPTED,
  /** The caller's buffer, offset and length do not describe a packet. */
  BAD_BUFFER,
  /** The JDK cipher failed for another reason than the tag (should not happen). */
  CRYPTO_FAILURE;

  private static final DropReason[] VALUES = values();

  /** The negative value the receive methods return for this reason. */
  public int code() {
    return -1 - ordinal();
  }

  /** The reason of a negative receive result. */
  public static DropReason ofCode(int code) {
    if (code >= 0 || -1 - code >= VALUES.length) {
      throw new IllegalArgumentException("not a drop code: " + code);
    }
    return VALUES[-1 - code];
  }
}
