package org.mcxkms.mikey.wire;

/** Construction-time range checks of payload fields (values we write must fit their octets). */
final class Checks {
  private Checks() {}

  static int u8(int v, String field) {
    if (v < 0 || v > 0xFF) {
      throw new IllegalArgumentException(field + " must fit one octet: " + v);
    }
    return v;
  }

  static ByteString maxLength(ByteString b, int max, String field) {
    if (b == null) {
      throw new NullPointerException(field);
    }
    if (b.size() > max) {
      throw new IllegalArgumentException(field + " longer than " + max + " octets: " + b.size());
    }
    return b;
  }
}
