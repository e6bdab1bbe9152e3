package org.mcxkms.kms.client.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Strict big-endian reader of the profile's binary records: every length is checked against what
 * is left and against a maximum before anything is copied; a short or malformed record throws
 * {@link FormatException} naming the field.
 */
public final class BinaryReader {
  /** A record does not have the expected shape. */
  public static final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public FormatException(String message) {
      super(message);
    }
  }

  private final byte[] buf;
  private final int end;
  private int pos;

  public BinaryReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public BinaryReader(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  private void need(int n, String field) throws FormatException {
    if (n < 0 || end - pos < n) {
      throw new FormatException(field + ": needs " + n + " octets, " + (end - pos) + " left");
    }
  }

  public int u8(String field) throws FormatException {
    need(1, field);
    return buf[pos++] & 0xFF;
  }

  public int u16(String field) throws FormatException {
    need(2, field);
    int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  public long u32(String field) throws FormatException {
    need(4, field);
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  public long i64(String field) throws FormatException {
    need(8, field);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  public boolean bool(String field) throws FormatException {
    int v = u8(field);
    if (v > 1) {
      throw new FormatException(field + ": boolean must be 0 or 1, got " + v);
    }
    return v == 1;
  }

  public byte[] raw(int n, String field) throws FormatException {
    need(n, field);
    byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return out;
  }

  /** A 4-octet length (at most {@code max}), then the octets. */
  public byte[] bytes(int max, String field) throws FormatException {
    long n = u32(field);
    if (n > max) {
      throw new FormatException(field + ": length " + n + " exceeds " + max);
    }
    return raw((int) n, field);
  }

  /** Exactly {@code length} octets with a 4-octet length prefix. */
  public byte[] fixedBytes(int length, String field) throws FormatException {
    byte[] b = bytes(length, field);
    if (b.length != length) {
      Arrays.fill(b, (byte) 0);
      throw new FormatException(field + ": expected " + length + " octets, got " + b.length);
    }
    return b;
  }

  public String string(String field) throws FormatException {
    int n = u16(field);
    byte[] b = raw(n, field);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw new FormatException(field + ": not UTF-8");
    }
  }

  public String optString(String field) throws FormatException {
    return bool(field) ? string(field) : null;
  }

  public Instant instant(String field) throws FormatException {
    long s = i64(field);
    long n = u32(field);
    if (n > 999_999_999L) {
      throw new FormatException(field + ": nanoseconds out of range");
    }
    try {
      return Instant.ofEpochSecond(s, n);
    } catch (java.time.DateTimeException e) {
      throw new FormatException(field + ": time out of range");
    }
  }

  public Instant optInstant(String field) throws FormatException {
    return bool(field) ? instant(field) : null;
  }

  public Long optLong(String field) throws FormatException {
    return bool(field) ? i64(field) : null;
  }

  public int remaining() {
    return end - pos;
  }

  public int position() {
    return pos;
  }

  /** Fails unless everything was read. */
  public void expectEnd(String what) throws FormatException {
    if (pos != end) {
      throw new FormatException(what + ": " + (end - pos) + " unexpected trailing octets");
    }
  }
}
