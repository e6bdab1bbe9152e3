package org.mcxkms.mikey.wire;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Immutable public octets (a RAND, a UID, an SPI, a SAKKE encapsulation...), in the manner of
 * Okio's {@code ByteString}: value equality, hex {@link #toString()}, copies in and out. Secret
 * octets never go in here; they stay in {@link org.mcxkms.crypto.SecretBytes}.
 */
public final class ByteString {
  public static final ByteString EMPTY = new ByteString(new byte[0]);
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] data;

  private ByteString(byte[] data) {
    this.data = data;
  }

  /** A copy of {@code bytes}. */
  public static ByteString of(byte... bytes) {
    return bytes.length == 0 ? EMPTY : new ByteString(bytes.clone());
  }

  public static ByteString of(byte[] bytes, int offset, int length) {
    return length == 0 ? EMPTY : new ByteString(Arrays.copyOfRange(bytes, offset, offset + length));
  }

  public static ByteString fromHex(String hex) {
    return new ByteString(HEX.parseHex(hex));
  }

  /** The 4 octets of {@code value}, big-endian. */
  public static ByteString ofInt(int value) {
    return new ByteString(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
  }

  /** Wraps an array nobody else holds. */
  static ByteString adopt(byte[] bytes) {
    return new ByteString(bytes);
  }

  public int size() {
    return data.length;
  }

  public byte getByte(int index) {
    return data[index];
  }

  public byte[] toByteArray() {
    return data.clone();
  }

  /** Internal view, never handed out. */
  byte[] internalArray() {
    return data;
  }

  public String hex() {
    return HEX.formatHex(data);
  }

  /** Constant-time comparison, for values an attacker may probe (UIDs in identity checks). */
  public boolean constantTimeEquals(ByteString other) {
    return other != null && MessageDigest.isEqual(data, other.data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteString other && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return data.length == 0 ? "[]" : "[" + hex() + "]";
  }
}
