package org.mcxkms.crypto.uid;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 32-octet MIKEY-SAKKE UID of an MC identity for one key period (TS 33.180 Annex F.2.1,
 * {@code UserIdFormat} 2). It is the identifier of every ECCSI and SAKKE operation in MCX.
 * A UID is public.
 */
public final class Uid {
  /** Length of a UID in octets (SHA-256 output). */
  public static final int LENGTH = 32;

  private static final byte[] P0 = "MIKEY-SAKKE-UID".getBytes(StandardCharsets.US_ASCII);
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;

  private Uid(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps 32 octets received from elsewhere (a KmsKeySet UserID, an IDRuid payload). */
  public static Uid of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "a UID has " + LENGTH + " octets, got " + (bytes == null ? "none" : bytes.length));
    }
    return new Uid(bytes.clone());
  }

  public static Uid fromHex(String hex) {
    return of(HEX.parseHex(hex));
  }

  /**
   * UID format 2 (TS 33.180 F.2.1): {@code SHA-256(FC || P0 || L0 || ... || P5 || L5)} with
   * FC = 0x00, P0 = "MIKEY-SAKKE-UID", P1 = the user URI, P2 = the KMS URI, P3 = UserKeyPeriod,
   * P4 = UserKeyOffset, P5 = the key period number. Each Li is the 2-octet length of Pi and
   * follows it (TS 33.220 Annex B layout); FC is only a placeholder, the KDF itself is not applied.
   * P1 and P2 are taken verbatim as UTF-8; P3..P5 are minimal-length big-endian integers, zero
   * being one octet 0x00 (the rule all published vectors follow).
   */
  public static Uid format2(String userUri, String kmsUri, KeyPeriodPolicy policy, long periodNumber) {
    return new Uid(sha256(format2Input(userUri, kmsUri, policy, periodNumber)));
  }

  /**
   * The UID of {@code userUri} for the key period that contains {@code time} under {@code policy}
   * (TS 33.180 F.2.1 with P5 = {@link KeyPeriodPolicy#periodNumber(NtpTime)}).
   */
  public static Uid format2At(String userUri, String kmsUri, KeyPeriodPolicy policy, NtpTime time) {
    return format2(userUri, kmsUri, policy, policy.periodNumber(time));
  }

  /** S = FC || P0 || L0 || ... || P5 || L5, the octets that are hashed (TS 33.220 Annex B layout). */
  static byte[] format2Input(String userUri, String kmsUri, KeyPeriodPolicy policy, long periodNumber) {
    requireText(userUri, "user URI (P1)");
    requireText(kmsUri, "KMS URI (P2)");
    if (policy == null) {
      throw new NullPointerException("key period policy");
    }
    if (periodNumber < 0) {
      throw new IllegalArgumentException("key period number must not be negative: " + periodNumber);
    }
    ByteArrayOutputStream s = new ByteArrayOutputStream(128);
    s.write(0x00); // FC: a placeholder, the KDF is not applied
    field(s, P0);
    field(s, userUri.getBytes(StandardCharsets.UTF_8)); // verbatim, no canonicalisation
    field(s, kmsUri.getBytes(StandardCharsets.UTF_8));
    field(s, minimalBigEndian(policy.periodSeconds()));
    field(s, minimalBigEndian(policy.offsetSeconds()));
    field(s, minimalBigEndian(periodNumber));
    return s.toByteArray();
  }

  private static void requireText(String value, String what) {
    if (value == null) {
      throw new NullPointerException(what);
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
  }

  private static void field(ByteArrayOutputStream s, byte[] p) {
    if (p.length > 0xFFFF) {
      throw new IllegalArgumentException("UID parameter longer than 65535 octets");
    }
    s.write(p, 0, p.length);
    s.write(p.length >>> 8);
    s.write(p.length);
  }

  /** Big-endian octets of a non-negative value without leading zero octets; 0 is {@code 00}. */
  static byte[] minimalBigEndian(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative UID integer parameter: " + value);
    }
    int len = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 7) / 8);
    byte[] out = new byte[len];
    for (int i = len - 1; i >= 0; i--) {
      out[i] = (byte) value;
      value >>>= 8;
    }
    return out;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** A copy of the 32 octets. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  public String toHex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Uid other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Uid[" + toHex() + "]";
  }
}
