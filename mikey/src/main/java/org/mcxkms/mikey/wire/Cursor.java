package org.mcxkms.mikey.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A read position over an I_MESSAGE, fed either from an array or, possibly one octet at a time,
 * from a stream. Every read first checks that the octets exist (and, for streams, that the message
 * stays under its maximum length) so no length field from the wire allocates more than that.
 */
final class Cursor {
  private final InputStream in; // null: array mode
  private final int base;
  private final int max;
  private byte[] buf;
  private int limit;
  private int pos;
  private String payload;

  private Cursor(InputStream in, byte[] buf, int limit, int base, int max, String payload) {
    this.in = in;
    this.buf = buf;
    this.limit = limit;
    this.base = base;
    this.max = max;
    this.payload = payload;
  }

  static Cursor of(byte[] data, int baseOffset, String payload) {
    return new Cursor(null, data, data.length, baseOffset, Integer.MAX_VALUE, payload);
  }

  /** A whole message in an array, read under the same maximum length as a stream. */
  static Cursor ofMessage(byte[] data, int maxLength) {
    return new Cursor(null, data, data.length, 0, maxLength, "HDR");
  }

  static Cursor of(InputStream in, int maxLength) {
    return new Cursor(in, new byte[512], 0, 0, maxLength, "HDR");
  }

  void payload(String name) {
    this.payload = name;
  }

  String payload() {
    return payload;
  }

  /** Offset of the next octet from the start of the message. */
  int position() {
    return base + pos;
  }

  MikeyParseException error(String field, int offset, String problem) {
    return new MikeyParseException(payload, field, offset, problem);
  }

  void require(int n, String field) throws MikeyParseException {
    long end = (long) pos + n;
    if (base + end > max) {
      throw error(field, position(), "needs " + n + " octets, which would make the message longer than " + max + " octets");
    }
    if (in == null) {
      if (end > limit) {
        throw error(field, position(), "truncated: needs " + n + " octets, " + (limit - pos) + " remain");
      }
      return;
    }
    while (limit < end) {
      if (buf.length < end) {
        buf = Arrays.copyOf(buf, (int) Math.min(max, Math.max(end, 2L * buf.length)));
      }
      int r = read(buf, limit, (int) (end - limit));
      if (r < 0) {
        throw error(field, position(), "truncated: needs " + n + " octets, " + (limit - pos) + " remain");
      }
      limit += r;
    }
  }

  private int read(byte[] b, int off, int len) {
    try {
      int r;
      do {
        r = in.read(b, off, len);
      } while (r == 0);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int u8(String field) throws MikeyParseException {
    require(1, field);
    return buf[pos++] & 0xFF;
  }

  int u16(String field) throws MikeyParseException {
    require(2, field);
    int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  int u32(String field) throws MikeyParseException {
    return (int) uN(4, field);
  }

  long uN(int n, String field) throws MikeyParseException {
    require(n, field);
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  ByteString bytes(int n, String field) throws MikeyParseException {
    require(n, field);
    ByteString b = ByteString.of(buf, pos, n);
    pos += n;
    return b;
  }

  /** Strict UTF-8: malformed sequences are an error, not replacement characters. */
  String utf8(int n, String field) throws MikeyParseException {
    int at = position();
    require(n, field);
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(buf, pos, n))
          .toString();
      pos += n;
      return s;
    } catch (CharacterCodingException e) {
      throw error(field, at, "is not valid UTF-8");
    }
  }

  /** Octets left (array mode). */
  int remaining() {
    return limit - pos;
  }

  /** True when no octet follows; for streams this reads ahead one octet. */
  boolean exhausted() {
    if (pos < limit) {
      return false;
    }
    if (in == null) {
      return true;
    }
    if (buf.length == limit) {
      buf = Arrays.copyOf(buf, limit + 1);
    }
    int r = read(buf, limit, 1);
    if (r < 0) {
      return true;
    }
    limit += r;
    return false;
  }

  void requireExhausted(String what) throws MikeyParseException {
    if (!exhausted()) {
      throw error("end of " + what, position(), "trailing octets after the " + what);
    }
  }

  /** The octets consumed so far, from the start. */
  byte[] consumed() {
    return Arrays.copyOf(buf, pos);
  }
}
