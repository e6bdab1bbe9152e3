package org.mcxkms.kms.client.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Big-endian writer of the profile's binary records. The buffer may hold secrets: when it grows,
 * the old array is zeroed, and {@link #erase()} zeroes the final one.
 */
public final class BinaryWriter {
  private byte[] buf = new byte[1024];
  private int size;

  private void ensure(int more) {
    if (size + more > buf.length) {
      byte[] bigger = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      Arrays.fill(buf, (byte) 0);
      buf = bigger;
    }
  }

  public BinaryWriter u8(int v) {
    if (v < 0 || v > 0xFF) {
      throw new IllegalArgumentException("u8 out of range: " + v);
    }
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  public BinaryWriter u16(int v) {
    if (v < 0 || v > 0xFFFF) {
      throw new IllegalArgumentException("u16 out of range: " + v);
    }
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  public BinaryWriter u32(long v) {
    if (v < 0 || v > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("u32 out of range: " + v);
    }
    ensure(4);
    for (int i = 3; i >= 0; i--) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  public BinaryWriter i64(long v) {
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  public BinaryWriter bool(boolean b) {
    return u8(b ? 1 : 0);
  }

  /** Raw octets, no length. */
  public BinaryWriter raw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
    return this;
  }

  /** A 4-octet length, then the octets. */
  public BinaryWriter bytes(byte[] b) {
    u32(b.length);
    return raw(b);
  }

  /** A 2-octet length, then UTF-8. */
  public BinaryWriter string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u16(b.length);
    return raw(b);
  }

  public BinaryWriter optString(String s) {
    bool(s != null);
    return s == null ? this : string(s);
  }

  public BinaryWriter instant(Instant t) {
    i64(t.getEpochSecond());
    return u32(t.getNano());
  }

  public BinaryWriter optInstant(Instant t) {
    bool(t != null);
    return t == null ? this : instant(t);
  }

  public BinaryWriter optLong(Long v) {
    bool(v != null);
    return v == null ? this : i64(v);
  }

  public int size() {
    return size;
  }

  /** A copy of what was written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** Zeroes the buffer. */
  public void erase() {
    Arrays.fill(buf, (byte) 0);
    size = 0;
  }
}
