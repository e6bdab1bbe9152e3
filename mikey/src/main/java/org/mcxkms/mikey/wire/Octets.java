package org.mcxkms.mikey.wire;

import java.io.ByteArrayOutputStream;

/** Big-endian helpers for the writer side. */
final class Octets {
  private Octets() {}

  /** Writes the low {@code n} octets of {@code value}, big-endian. */
  static void writeUnsigned(ByteArrayOutputStream out, long value, int n) {
    for (int i = n - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)));
    }
  }
}
