package org.mcxkms.mikey;

import java.util.Optional;

/**
 * What a distributed key is for, as carried in the top 4 bits of every 32-bit key identifier
 * (TS 33.180 E.6.11; values from Streamwide, GMK 0 / PCK 1 / CSK 2 confirmed by real messages,
 * 33.180 7.4.1 and 36.579-1). The same numbers are the Key Type of the key parameters (E.6.1).
 */
public enum KeyPurpose {
  /** Group master key: GMS to each member, CSB ID = GUK-ID. */
  GMK(0, 4),
  /** Private call key: calling to called MC client. */
  PCK(1, 0),
  /** Client-server key: client to MCX server (CSK upload) or server to client (key download). */
  CSK(2, 6),
  /** Signalling protection key between servers; not on the KMS path. */
  SPK(3, 6),
  /** Multicast floor control key of a group (UNCONFIRMED: CSB = MKFC-ID, no end-point diversity). */
  MKFC(4, 7),
  /** MBMS subchannel control key (name UNCONFIRMED). */
  MSCCK(5, 7),
  /** Multicast signalling key: MCX server to client (key download). */
  MUSIK(6, 7);

  private final int tag;
  private final int defaultCsId;

  KeyPurpose(int tag, int defaultCsId) {
    this.tag = tag;
    this.defaultCsId = defaultCsId;
  }

  /** The 4-bit purpose tag. */
  public int tag() {
    return tag;
  }

  /**
   * The crypto session the key protects by default (TS 33.180 Table E.1.3-1): 4 MCPTT group call,
   * 0 MCPTT private call (initiator), 6 CSK SRTCP, 7 MuSiK SRTCP. The table has no row for SPK,
   * MKFC or MSCCK; for them 6 and 7 are our choice (UNCONFIRMED), used only when a message's CS ID
   * map names no session.
   */
  public int defaultCsId() {
    return defaultCsId;
  }

  /** Whether the CSB ID is the per-member GUK-ID (end-point diversity, TS 33.180 5.2.3): GMK only. */
  public boolean usesGukId() {
    return this == GMK;
  }

  /** Whether the key parameters carry the MC Group IDs element (E.6.1 table). */
  public boolean carriesGroupIds() {
    return this == GMK || this == MKFC || this == MUSIK;
  }

  public static Optional<KeyPurpose> ofTag(int tag) {
    for (KeyPurpose p : values()) {
      if (p.tag == tag) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The purpose of a key identifier (its top 4 bits). */
  public static Optional<KeyPurpose> ofKeyId(int keyId) {
    return ofTag(keyId >>> 28);
  }

  /** A key ID of this purpose: the tag in the top 4 bits, {@code random28} below. */
  public int keyId(int random28) {
    return (tag << 28) | (random28 & 0x0FFF_FFFF);
  }
}
