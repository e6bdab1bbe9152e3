package org.mcxkms.mcx.media;

import java.util.Arrays;

/**
 * An RTP packet without CSRCs or extension (RFC 3550 5.1), as the media plane sends G.711:
 * <pre>
 *  0                   1                   2                   3
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * |                            payload ...                        |
 * </pre>
 */
public record RtpPacket(boolean marker, int payloadType, int sequence, long timestamp, int ssrc, byte[] payload) {
  public static final int HEADER = 12;
  /** PCMU (RFC 3551 6). */
  public static final int PT_PCMU = 0;

  public RtpPacket {
    if (payloadType < 0 || payloadType > 127 || sequence < 0 || sequence > 0xFFFF || timestamp < 0 || timestamp > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("RTP field out of range");
    }
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The packet's octets, with {@code spare} octets of room after it for SRTP's tag and MKI. */
  public byte[] encode(int spare) {
    byte[] b = new byte[HEADER + payload.length + spare];
    b[0] = (byte) 0x80;
    b[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
    b[2] = (byte) (sequence >> 8);
    b[3] = (byte) sequence;
    for (int i = 0; i < 4; i++) {
      b[4 + i] = (byte) (timestamp >> (24 - 8 * i));
      b[8 + i] = (byte) (ssrc >> (24 - 8 * i));
    }
    System.arraycopy(payload, 0, b, HEADER, payload.length);
    return b;
  }

  /** Reads a plain RTP packet; CSRCs and a header extension are skipped. */
  public static RtpPacket decode(byte[] b, int len) {
    if (len < HEADER || (b[0] & 0xC0) != 0x80) {
      throw new IllegalArgumentException("not an RTP version 2 packet");
    }
    int off = HEADER + 4 * (b[0] & 0x0F);
    if ((b[0] & 0x10) != 0) {
      if (len < off + 4) {
        throw new IllegalArgumentException("RTP header extension past the end");
      }
      off += 4 + 4 * (((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF));
    }
    if (off > len) {
      throw new IllegalArgumentException("RTP header past the end");
    }
    int seq = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    long ts = ((long) (b[4] & 0xFF) << 24) | ((b[5] & 0xFF) << 16) | ((b[6] & 0xFF) << 8) | (b[7] & 0xFF);
    int ssrc = ((b[8] & 0xFF) << 24) | ((b[9] & 0xFF) << 16) | ((b[10] & 0xFF) << 8) | (b[11] & 0xFF);
    return new RtpPacket((b[1] & 0x80) != 0, b[1] & 0x7F, seq, ts, ssrc, Arrays.copyOfRange(b, off, len));
  }

  /** RTP/RTCP demultiplexing on one port (RFC 5761 4): RTCP packet types 192..223 in octet 1. */
  public static boolean isRtcp(byte[] b, int len) {
    if (len < 2) {
      return false;
    }
    int pt = b[1] & 0xFF;
    return pt >= 192 && pt <= 223;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RtpPacket p && p.marker == marker && p.payloadType == payloadType && p.sequence == sequence
        && p.timestamp == timestamp && p.ssrc == ssrc && Arrays.equals(p.payload, payload);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(payload) * 31 + sequence;
  }
}
