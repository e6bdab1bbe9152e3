package org.mcxkms.media.floor;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One floor control message (TS 24.380 8.2): type, the acknowledgement-required bit, the SSRC of
 * the sender (floor participant or floor control server), and its fields in wire order. The
 * fields a type cannot do without are checked here, so a message that exists can be written.
 */
public record FloorMessage(FloorMessageType type, boolean ackRequired, int ssrc, List<FloorField> fields) {
  private static final Map<FloorMessageType, List<Integer>> MANDATORY = new EnumMap<>(FloorMessageType.class);

  static {
    MANDATORY.put(FloorMessageType.FLOOR_REQUEST, List.of());
    MANDATORY.put(FloorMessageType.FLOOR_GRANTED, List.of(FloorField.DURATION));
    MANDATORY.put(FloorMessageType.FLOOR_TAKEN, List.of(FloorField.MESSAGE_SEQUENCE_NUMBER));
    MANDATORY.put(FloorMessageType.FLOOR_DENY, List.of(FloorField.REJECT_CAUSE));
    MANDATORY.put(FloorMessageType.FLOOR_RELEASE, List.of());
    MANDATORY.put(FloorMessageType.FLOOR_IDLE, List.of(FloorField.MESSAGE_SEQUENCE_NUMBER));
    MANDATORY.put(FloorMessageType.FLOOR_REVOKE, List.of(FloorField.REJECT_CAUSE));
    MANDATORY.put(FloorMessageType.FLOOR_ACK, List.of(FloorField.SOURCE, FloorField.MESSAGE_TYPE));
  }

  public FloorMessage {
    Objects.requireNonNull(type, "type");
    fields = List.copyOf(fields);
    if (ackRequired && !type.mayRequestAck()) {
      throw new IllegalArgumentException(type + " cannot ask for an acknowledgement");
    }
    Set<Integer> seen = new HashSet<>();
    for (FloorField f : fields) {
      if (!seen.add(f.id())) {
        throw new IllegalArgumentException("field " + f.id() + " appears twice in " + type);
      }
    }
    for (int id : MANDATORY.get(type)) {
      if (!seen.contains(id)) {
        throw new IllegalArgumentException(type + " needs field " + id);
      }
    }
  }

  public FloorMessage(FloorMessageType type, int ssrc, FloorField... fields) {
    this(type, false, ssrc, List.of(fields));
  }

  /** The first field of class {@code kind}, if present. */
  public <T extends FloorField> Optional<T> field(Class<T> kind) {
    return fields.stream().filter(kind::isInstance).map(kind::cast).findFirst();
  }

  /** The field IDs {@code type} must carry. */
  public static List<Integer> mandatoryFields(FloorMessageType type) {
    return MANDATORY.get(type);
  }
}
