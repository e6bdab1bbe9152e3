package org.mcxkms.media.floor;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mcxkms.media.floor.FloorParseException.Reason;

/**
 * Reads one floor control message (TS 24.380 8.2) from an RTCP APP packet; the layout is drawn on
 * {@link FloorWriter}. Every length is checked against the octets given before it is used; a field
 * ID this module does not interpret is kept as {@link FloorField.Unknown}. The only exception is
 * {@link FloorParseException}.
 */
public final class FloorReader {
  private FloorReader() {}

  static final int PT_APP = 204;
  static final byte[] NAME = {'M', 'C', 'P', 'T'};

  public static FloorMessage read(byte[] buf) throws FloorParseException {
    return read(buf, 0, buf.length);
  }

  public static FloorMessage read(byte[] buf, int off, int len) throws FloorParseException {
    if (off < 0 || len < 0 || off > buf.length - len) {
      throw new FloorParseException(Reason.BAD_LENGTH, "offset " + off + " and length " + len + " outside the buffer");
    }
    if (len < 12 || (buf[off] & 0xC0) != 0x80) {
      throw new FloorParseException(Reason.TRUNCATED, "not an RTCP version 2 packet of at least 12 octets (" + len + ")");
    }
    int declared = 4 * (u16(buf, off + 2) + 1);
    if (declared != len) {
      throw new FloorParseException(Reason.BAD_LENGTH, "RTCP length says " + declared + " octets, " + len + " given");
    }
    if ((buf[off + 1] & 0xFF) != PT_APP || !Arrays.equals(buf, off + 8, off + 12, NAME, 0, 4)) {
      throw new FloorParseException(Reason.NOT_FLOOR_CONTROL, "not an APP packet named MCPT");
    }
    int end = off + len;
    if ((buf[off] & 0x20) != 0) {
      int pad = buf[end - 1] & 0xFF;
      if (pad == 0 || pad > len - 12) {
        throw new FloorParseException(Reason.BAD_LENGTH, "padding count " + pad);
      }
      end -= pad;
    }
    int subtype = buf[off] & 0x1F;
    FloorMessageType type = FloorMessageType.ofSubtype(subtype)
        .orElseThrow(() -> new FloorParseException(Reason.UNKNOWN_TYPE, "subtype " + subtype));
    boolean ack = type.mayRequestAck() && (subtype & FloorMessageType.ACK_REQUIRED_BIT) != 0;
    int ssrc = int32(buf, off + 4);
    List<FloorField> fields = new ArrayList<>();
    int p = off + 12;
    while (p < end) {
      if (end - p < 2) {
        throw new FloorParseException(Reason.BAD_FIELD, "field header cut off at octet " + (p - off));
      }
      int id = buf[p] & 0xFF;
      int vlen = buf[p + 1] & 0xFF;
      int v = p + 2;
      if (vlen > end - v) {
        throw new FloorParseException(Reason.BAD_FIELD, "field " + id + " of " + vlen + " octets runs past the end");
      }
      fields.add(field(id, buf, v, vlen));
      int next = v + vlen + (4 - (2 + vlen) % 4) % 4;
      if (next > end) {
        throw new FloorParseException(Reason.BAD_FIELD, "padding of field " + id + " runs past the end");
      }
      p = next;
    }
    try {
      return new FloorMessage(type, ack, ssrc, fields);
    } catch (IllegalArgumentException e) {
      throw new FloorParseException(Reason.INVALID_MESSAGE, e.getMessage());
    }
  }

  private static FloorField field(int id, byte[] b, int v, int len) throws FloorParseException {
    try {
      return switch (id) {
        case FloorField.FLOOR_PRIORITY -> new FloorField.FloorPriority(fixed(id, b, v, len, 2) >>> 8);
        case FloorField.DURATION -> new FloorField.Duration(fixed(id, b, v, len, 2));
        case FloorField.REJECT_CAUSE -> {
          if (len < 2) {
            throw new FloorParseException(Reason.BAD_FIELD, "reject cause of " + len + " octets");
          }
          yield new FloorField.RejectCause(u16(b, v), text(id, b, v + 2, len - 2));
        }
        case FloorField.GRANTED_PARTY_IDENTITY -> new FloorField.GrantedPartyIdentity(text(id, b, v, len));
        case FloorField.PERMISSION_TO_REQUEST -> new FloorField.PermissionToRequest(fixed(id, b, v, len, 2));
        case FloorField.USER_ID -> new FloorField.UserId(text(id, b, v, len));
        case FloorField.MESSAGE_SEQUENCE_NUMBER -> new FloorField.MessageSequenceNumber(fixed(id, b, v, len, 2));
        case FloorField.SOURCE -> new FloorField.Source(fixed(id, b, v, len, 2));
        case FloorField.TRACK_INFO -> trackInfo(b, v, len);
        case FloorField.MESSAGE_TYPE -> new FloorField.MessageType(fixed(id, b, v, len, 2) >>> 8);
        case FloorField.FLOOR_INDICATOR -> new FloorField.FloorIndicator(fixed(id, b, v, len, 2));
        case FloorField.SSRC -> {
          if (len != 6) {
            throw new FloorParseException(Reason.BAD_FIELD, "SSRC field of " + len + " octets, 6 expected");
          }
          yield new FloorField.Ssrc(int32(b, v));
        }
        default -> new FloorField.Unknown(id, Arrays.copyOfRange(b, v, v + len));
      };
    } catch (IllegalArgumentException e) {
      throw new FloorParseException(Reason.BAD_FIELD, "field " + id + ": " + e.getMessage());
    }
  }

  private static FloorField trackInfo(byte[] b, int v, int len) throws FloorParseException {
    if (len < 2) {
      throw new FloorParseException(Reason.BAD_FIELD, "track info of " + len + " octets");
    }
    int ptLen = b[v + 1] & 0xFF;
    int padded = (ptLen + 3) & ~3;
    if (2 + padded > len || (len - 2 - padded) % 4 != 0) {
      throw new FloorParseException(Reason.BAD_FIELD, "track info participant type of " + ptLen + " octets in " + len);
    }
    String pt = text(FloorField.TRACK_INFO, b, v + 2, ptLen);
    List<Integer> refs = new ArrayList<>();
    for (int r = v + 2 + padded; r < v + len; r += 4) {
      refs.add(int32(b, r));
    }
    return new FloorField.TrackInfo(b[v] & 0xFF, pt, refs);
  }

  private static int fixed(int id, byte[] b, int v, int len, int expected) throws FloorParseException {
    if (len != expected) {
      throw new FloorParseException(Reason.BAD_FIELD, "field " + id + " of " + len + " octets, " + expected + " expected");
    }
    return u16(b, v);
  }

  private static String text(int id, byte[] b, int off, int len) throws FloorParseException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, off, len))
          .toString();
    } catch (CharacterCodingException e) {
      throw new FloorParseException(Reason.BAD_FIELD, "field " + id + " is not UTF-8");
    }
  }

  private static int u16(byte[] b, int off) {
    return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
  }

  private static int int32(byte[] b, int off) {
    return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
  }
}
