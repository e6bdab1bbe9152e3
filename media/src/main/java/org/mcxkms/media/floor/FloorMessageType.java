package org.mcxkms.media.floor;

import java.util.Optional;

/**
 * The floor control messages of TS 24.380 8.2.2 (Table 8.2.2-1) this module reads and writes: the
 * 5-bit subtype of the RTCP APP packet named "MCPT". For the types marked so, the top bit of the
 * subtype asks for a Floor Ack; it is not part of the type.
 */
public enum FloorMessageType {
  FLOOR_REQUEST(0b00000, false),
  FLOOR_GRANTED(0b00001, true),
  FLOOR_TAKEN(0b00010, true),
  FLOOR_DENY(0b00011, true),
  FLOOR_RELEASE(0b00100, true),
  FLOOR_IDLE(0b00101, true),
  FLOOR_REVOKE(0b00110, false),
  FLOOR_ACK(0b01010, false);

  /** The acknowledgement-required bit of the subtype (the "x" of Table 8.2.2-1). */
  public static final int ACK_REQUIRED_BIT = 0b10000;

  private final int subtype;
  private final boolean mayRequestAck;

  FloorMessageType(int subtype, boolean mayRequestAck) {
    this.subtype = subtype;
    this.mayRequestAck = mayRequestAck;
  }

  /** The subtype without the acknowledgement bit. */
  public int subtype() {
    return subtype;
  }

  /** Whether the sender may set the acknowledgement-required bit. */
  public boolean mayRequestAck() {
    return mayRequestAck;
  }

  /** The type of a 5-bit subtype, the acknowledgement bit ignored where the type has one. */
  public static Optional<FloorMessageType> ofSubtype(int subtype) {
    for (FloorMessageType t : values()) {
      if (t.subtype == subtype || (t.mayRequestAck && (t.subtype | ACK_REQUIRED_BIT) == subtype)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
