package org.mcxkms.mikey.kdf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.mikey.wire.ByteString;

/**
 * The key derivations of the TS 33.180 key distribution: GUK-ID (F.1.3), DPCK (F.1.5, FC 0x53),
 * the SRTP/SRTCP master key and salt (7.4 with RFC 3830 4.1.3 and PRF-HMAC-SHA-256) and the MKI.
 */
public final class MikeyKdf {
  private MikeyKdf() {}

  /** RFC 3830 4.1.3 constant for the TEK (the SRTP master key). */
  public static final int CONSTANT_TEK = 0x2AD01C64;
  /** RFC 3830 4.1.3 constant for the master salt. */
  public static final int CONSTANT_SALT = 0x39A2C14B;
  /** RFC 3830 4.1.3 constants for the MIKEY transport keys (for completeness). */
  public static final int CONSTANT_ENCRYPTION = 0x15798CEF;
  public static final int CONSTANT_AUTHENTICATION = 0x1B5C7973;

  public static final int SRTP_MASTER_KEY_LENGTH = 16;
  public static final int SRTP_MASTER_SALT_LENGTH = 12;

  private static final int PURPOSE_MASK = 0xF000_0000;

  /**
   * User Salt of TS 33.180 F.1.3: the low 28 bits of
   * {@code KDF(key = GMK, FC = 0x50, P0 = MC Service ID of the member)}.
   */
  public static int userSalt(SecretBytes gmk, String memberUri) {
    byte[] k = gmk.toByteArray(SecretAccess.get());
    try {
      byte[] low = Kdf33220.deriveLow(k, 4, Kdf33220.FC_GUK_ID_SALT, memberUri.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(low).getInt() & ~PURPOSE_MASK;
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /** GUK-ID = GMK-ID with its low 28 bits XORed with the member's User Salt (TS 33.180 5.2.3, F.1.3). */
  public static int gukId(SecretBytes gmk, int gmkId, String memberUri) {
    return gmkId ^ userSalt(gmk, memberUri);
  }

  /** The receiver recovers the GMK-ID from the GUK-ID the same way (the XOR is its own inverse). */
  public static int gmkIdFromGukId(SecretBytes gmk, int gukId, String memberUri) {
    return gukId ^ userSalt(gmk, memberUri);
  }

  /**
   * DPCK = KDF(key = DPPK, FC = 0x53, P0 = DPPK-ID), truncated to the low 128 bits for a 128-bit
   * DPPK (TS 33.180 F.1.5 as Streamwide implements it; matches its published vector). In the
   * I_MESSAGE the DPPK is the distributed key and the DPPK-ID the CSB ID (E.6.1).
   */
  public static SecretBytes dpck(SecretBytes dppk, int dppkId) {
    byte[] k = dppk.toByteArray(SecretAccess.get());
    byte[] out = null;
    try {
      out = Kdf33220.deriveLow(k, Math.min(32, k.length), Kdf33220.FC_DPCK, ByteString.ofInt(dppkId).toByteArray());
      return SecretBytes.copyOf(out, SecretAccess.get());
    } finally {
      Arrays.fill(k, (byte) 0);
      if (out != null) {
        Arrays.fill(out, (byte) 0);
      }
    }
  }

  /** The RFC 3830 4.1.3 label: {@code constant (4) || CS ID (1) || CSB ID (4) || RAND}. */
  static byte[] label(int constant, int csId, int csbId, ByteString rand) {
    return ByteBuffer.allocate(9 + rand.size())
        .putInt(constant)
        .put((byte) csId)
        .putInt(csbId)
        .put(rand.toByteArray())
        .array();
  }

  /** {@code length} octets of the RFC 3830 4.1.3 derivation from the TGK with {@code constant}. */
  public static SecretBytes derive(SecretBytes tgk, int constant, int csId, int csbId, ByteString rand, int length) {
    if (csId < 0 || csId > 0xFF) {
      throw new IllegalArgumentException("CS ID is one octet");
    }
    byte[] k = tgk.toByteArray(SecretAccess.get());
    byte[] out = null;
    try {
      out = MikeyPrf.prf(k, label(constant, csId, csbId, rand), length);
      return SecretBytes.copyOf(out, SecretAccess.get());
    } finally {
      Arrays.fill(k, (byte) 0);
      if (out != null) {
        Arrays.fill(out, (byte) 0);
      }
    }
  }

  /**
   * SRTP/SRTCP master key (16 octets) and salt (12 octets) for crypto session {@code csId}
   * (TS 33.180 7.4.1/7.4.2): the TGK is the distributed key (GMK, PCK, CSK, MuSiK), the CSB ID is
   * the one in HDR (GUK-ID for a GMK), RAND is the I_MESSAGE RAND.
   */
  public static SrtpKeyMaterial srtp(SecretBytes tgk, int csId, int csbId, ByteString rand, ByteString mki) {
    return new SrtpKeyMaterial(
        csId,
        derive(tgk, CONSTANT_TEK, csId, csbId, rand, SRTP_MASTER_KEY_LENGTH),
        derive(tgk, CONSTANT_SALT, csId, csbId, rand, SRTP_MASTER_SALT_LENGTH),
        mki);
  }

  /** The MKI of a GMK: GMK-ID || GUK-ID (64 bits, as Streamwide sends it as SPI; 7.4.2 UNCONFIRMED). */
  public static ByteString gmkMki(int gmkId, int gukId) {
    return ByteString.of(ByteBuffer.allocate(8).putInt(gmkId).putInt(gukId).array());
  }

  /** The MKI of a PCK, CSK or MuSiK: its 32-bit key ID (TS 33.180 7.4.1). */
  public static ByteString keyIdMki(int keyId) {
    return ByteString.ofInt(keyId);
  }
}
