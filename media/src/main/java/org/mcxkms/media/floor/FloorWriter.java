package org.mcxkms.media.floor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.mcxkms.media.floor.FloorField.Duration;
import org.mcxkms.media.floor.FloorField.FloorIndicator;
import org.mcxkms.media.floor.FloorField.FloorPriority;
import org.mcxkms.media.floor.FloorField.GrantedPartyIdentity;
import org.mcxkms.media.floor.FloorField.MessageSequenceNumber;
import org.mcxkms.media.floor.FloorField.MessageType;
import org.mcxkms.media.floor.FloorField.PermissionToRequest;
import org.mcxkms.media.floor.FloorField.RejectCause;
import org.mcxkms.media.floor.FloorField.Source;
import org.mcxkms.media.floor.FloorField.Ssrc;
import org.mcxkms.media.floor.FloorField.TrackInfo;
import org.mcxkms.media.floor.FloorField.Unknown;
import org.mcxkms.media.floor.FloorField.UserId;

/**
 * Writes a floor control message as an RTCP APP packet (TS 24.380 8.2.1, RFC 3550 6.7):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| Subtype |   PT=APP=204  |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 SSRC of sender                                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          name = "MCPT"                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   fields, each padded to 32 bits              |
 * </pre>
 *
 * The P bit is never set: the fields already end on a 32-bit boundary.
 */
public final class FloorWriter {
  private FloorWriter() {}

  public static byte[] write(FloorMessage m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    int subtype = m.type().subtype() | (m.ackRequired() ? FloorMessageType.ACK_REQUIRED_BIT : 0);
    out.write(0x80 | subtype);
    out.write(FloorReader.PT_APP);
    out.write(0);
    out.write(0);
    putInt(out, m.ssrc());
    out.writeBytes(FloorReader.NAME);
    for (FloorField f : m.fields()) {
      byte[] v = value(f);
      out.write(f.id());
      out.write(v.length);
      out.writeBytes(v);
      for (int pad = (4 - (2 + v.length) % 4) % 4; pad > 0; pad--) {
        out.write(0);
      }
    }
    byte[] b = out.toByteArray();
    int words = b.length / 4 - 1;
    b[2] = (byte) (words >>> 8);
    b[3] = (byte) words;
    return b;
  }

  private static byte[] value(FloorField f) {
    ByteArrayOutputStream v = new ByteArrayOutputStream(16);
    if (f instanceof FloorPriority p) {
      v.write(p.priority());
      v.write(0);
    } else if (f instanceof Duration d) {
      putShort(v, d.seconds());
    } else if (f instanceof RejectCause r) {
      putShort(v, r.cause());
      v.writeBytes(r.phrase().getBytes(StandardCharsets.UTF_8));
    } else if (f instanceof GrantedPartyIdentity g) {
      v.writeBytes(g.identity().getBytes(StandardCharsets.UTF_8));
    } else if (f instanceof PermissionToRequest p) {
      putShort(v, p.value());
    } else if (f instanceof UserId u) {
      v.writeBytes(u.uri().getBytes(StandardCharsets.UTF_8));
    } else if (f instanceof MessageSequenceNumber s) {
      putShort(v, s.value());
    } else if (f instanceof Source s) {
      putShort(v, s.value());
    } else if (f instanceof TrackInfo t) {
      byte[] pt = t.participantType().getBytes(StandardCharsets.UTF_8);
      v.write(t.queueingCapability());
      v.write(pt.length);
      v.writeBytes(pt);
      for (int pad = (4 - pt.length % 4) % 4; pad > 0; pad--) {
        v.write(0);
      }
      for (int ref : t.references()) {
        putInt(v, ref);
      }
    } else if (f instanceof MessageType t) {
      v.write(t.acknowledgedSubtype());
      v.write(0);
    } else if (f instanceof FloorIndicator i) {
      putShort(v, i.bits());
    } else if (f instanceof Ssrc s) {
      putInt(v, s.ssrc());
      putShort(v, 0);
    } else if (f instanceof Unknown u) {
      v.writeBytes(u.value());
    }
    return v.toByteArray();
  }

  private static void putShort(ByteArrayOutputStream o, int v) {
    o.write(v >>> 8);
    o.write(v);
  }

  private static void putInt(ByteArrayOutputStream o, int v) {
    o.write(v >>> 24);
    o.write(v >>> 16);
    o.write(v >>> 8);
    o.write(v);
  }
}
