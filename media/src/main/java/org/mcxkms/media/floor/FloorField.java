package org.mcxkms.media.floor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The floor control specific fields of TS 24.380 8.2.3 (Table 8.2.3.1-2): an 8-bit field ID, an
 * 8-bit length of the value, the value, and zero padding to the next 32-bit boundary.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Field ID    |    Length     |  value ...                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+   (padding to 32 bits)        |
 * </pre>
 */
public sealed interface FloorField {
  int FLOOR_PRIORITY = 102;
  int DURATION = 103;
  int REJECT_CAUSE = 104;
  int GRANTED_PARTY_IDENTITY = 106;
  int PERMISSION_TO_REQUEST = 108;
  int USER_ID = 109;
  int MESSAGE_SEQUENCE_NUMBER = 111;
  int SOURCE = 113;
  int TRACK_INFO = 114;
  int MESSAGE_TYPE = 115;
  int FLOOR_INDICATOR = 116;
  int SSRC = 117;

  /** The field ID. */
  int id();

  private static int u8(int v, String name) {
    if (v < 0 || v > 0xFF) {
      throw new IllegalArgumentException(name + " must be 0..255, was " + v);
    }
    return v;
  }

  private static int u16(int v, String name) {
    if (v < 0 || v > 0xFFFF) {
      throw new IllegalArgumentException(name + " must be 0..65535, was " + v);
    }
    return v;
  }

  private static String text(String s, int room, String name) {
    Objects.requireNonNull(s, name);
    if (s.getBytes(StandardCharsets.UTF_8).length > room) {
      throw new IllegalArgumentException(name + " longer than " + room + " octets in UTF-8");
    }
    return s;
  }

  /** Floor Priority (8.2.3.2): 0 lowest to 255 highest, then a spare octet. */
  record FloorPriority(int priority) implements FloorField {
    public FloorPriority {
      u8(priority, "floor priority");
    }

    public int id() {
      return FLOOR_PRIORITY;
    }
  }

  /** Duration (8.2.3.3): seconds the floor is granted for. */
  record Duration(int seconds) implements FloorField {
    public Duration {
      u16(seconds, "duration");
    }

    public int id() {
      return DURATION;
    }
  }

  /**
   * Reject Cause (8.2.3.4): a 16-bit cause (Floor Deny causes of 8.2.6.2, Floor Revoke causes of
   * 8.2.10.2) and an optional reject phrase.
   */
  record RejectCause(int cause, String phrase) implements FloorField {
    public static final int ANOTHER_CLIENT_HAS_PERMISSION = 1;
    public static final int INTERNAL_ERROR = 2;
    public static final int ONLY_ONE_PARTICIPANT = 3;
    public static final int RETRY_AFTER_NOT_EXPIRED = 4;
    public static final int RECEIVE_ONLY = 5;
    public static final int NO_RESOURCES = 6;
    public static final int OTHER = 255;

    public RejectCause {
      u16(cause, "reject cause");
      text(phrase, 253, "reject phrase");
    }

    public int id() {
      return REJECT_CAUSE;
    }
  }

  /** Granted Party's Identity (8.2.3.6): the MCPTT ID of the user holding the floor. */
  record GrantedPartyIdentity(String identity) implements FloorField {
    public GrantedPartyIdentity {
      text(identity, 255, "granted party's identity");
    }

    public int id() {
      return GRANTED_PARTY_IDENTITY;
    }
  }

  /** Permission to Request the Floor (8.2.3.7): 0 not permitted, 1 permitted. */
  record PermissionToRequest(int value) implements FloorField {
    public PermissionToRequest {
      u16(value, "permission to request the floor");
    }

    public int id() {
      return PERMISSION_TO_REQUEST;
    }
  }

  /** User ID (8.2.3.8): the MCPTT ID of the sender. */
  record UserId(String uri) implements FloorField {
    public UserId {
      text(uri, 255, "user ID");
    }

    public int id() {
      return USER_ID;
    }
  }

  /** Message Sequence Number (8.2.3.10). */
  record MessageSequenceNumber(int value) implements FloorField {
    public MessageSequenceNumber {
      u16(value, "message sequence number");
    }

    public int id() {
      return MESSAGE_SEQUENCE_NUMBER;
    }
  }

  /**
   * Source (8.2.3.12): 0 floor participant, 1 participating function, 2 controlling function, 3
   * non-controlling function.
   */
  record Source(int value) implements FloorField {
    public Source {
      u16(value, "source");
    }

    public int id() {
      return SOURCE;
    }
  }

  /**
   * Track Info (8.2.3.13): queueing capability (1 octet), participant type length and participant
   * type (padded to 32 bits), then floor participant references of 32 bits each.
   */
  record TrackInfo(int queueingCapability, String participantType, List<Integer> references) implements FloorField {
    public TrackInfo {
      u8(queueingCapability, "queueing capability");
      text(participantType, 200, "participant type");
      references = List.copyOf(references);
      int ptLen = participantType.getBytes(StandardCharsets.UTF_8).length;
      if (2 + ((ptLen + 3) & ~3) + 4 * references.size() > 255) {
        throw new IllegalArgumentException("track info longer than 255 octets");
      }
    }

    public int id() {
      return TRACK_INFO;
    }
  }

  /** Message Type (8.2.3.14): the subtype of the message a Floor Ack acknowledges, then a spare octet. */
  record MessageType(int acknowledgedSubtype) implements FloorField {
    public MessageType {
      u8(acknowledgedSubtype, "message type");
    }

    public int id() {
      return MESSAGE_TYPE;
    }
  }

  /** Floor Indicator (8.2.3.15): 16 flag bits (A normal, B broadcast, C system, D emergency, E imminent peril ...). */
  record FloorIndicator(int bits) implements FloorField {
    public static final int NORMAL = 0x8000;
    public static final int BROADCAST = 0x4000;
    public static final int SYSTEM = 0x2000;
    public static final int EMERGENCY = 0x1000;
    public static final int IMMINENT_PERIL = 0x0800;

    public FloorIndicator {
      u16(bits, "floor indicator");
    }

    public int id() {
      return FLOOR_INDICATOR;
    }
  }

  /** SSRC (8.2.3.16): the SSRC of the granted floor participant, then 16 spare bits. */
  record Ssrc(int ssrc) implements FloorField {
    public int id() {
      return SSRC;
    }
  }

  /** A field this module does not interpret, kept so that a message round-trips. */
  record Unknown(int fieldId, byte[] value) implements FloorField {
    public Unknown {
      u8(fieldId, "field ID");
      value = value.clone();
      if (value.length > 255) {
        throw new IllegalArgumentException("field value longer than 255 octets");
      }
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    public int id() {
      return fieldId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u && u.fieldId == fieldId && Arrays.equals(u.value, value);
    }

    @Override
    public int hashCode() {
      return fieldId * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Unknown[" + fieldId + ", " + value.length + " octets]";
    }
  }
}
