package org.mcxkms.mikey.kdf;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The generic key derivation function of TS 33.220 Annex B.2: {@code HMAC-SHA-256(Key, S)} with
 * {@code S = FC || P0 || L0 || P1 || L1 || ...}, each Li the 2-octet length of Pi. TS 33.180
 * Annex F.1 uses it with FC 0x50 (GUK-ID user salt), 0x51/0x52 (signalling keys) and 0x53 (DPCK).
 */
public final class Kdf33220 {
  private Kdf33220() {}

  /** FC values used by TS 33.180 Annex F.1. */
  public static final int FC_GUK_ID_SALT = 0x50;
  public static final int FC_SIGNALLING_CONFIDENTIALITY = 0x51;
  public static final int FC_SIGNALLING_INTEGRITY = 0x52;
  public static final int FC_DPCK = 0x53;

  /** Returns the 32-octet output. The caller erases {@code key} and the output when done. */
  public static byte[] derive(byte[] key, int fc, byte[]... params) {
    if (fc < 0 || fc > 0xFF) {
      throw new IllegalArgumentException("FC is one octet");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((byte) fc);
      for (byte[] p : params) {
        if (p.length > 0xFFFF) {
          throw new IllegalArgumentException("KDF parameter longer than 65535 octets");
        }
        mac.update(p);
        mac.update((byte) (p.length >>> 8));
        mac.update((byte) p.length);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
    }
  }

  /** The low (last) {@code n} octets of the output (TS 33.180 F.1.4/F.1.5 truncation to the key size). */
  public static byte[] deriveLow(byte[] key, int n, int fc, byte[]... params) {
    byte[] out = derive(key, fc, params);
    try {
      return Arrays.copyOfRange(out, out.length - n, out.length);
    } finally {
      Arrays.fill(out, (byte) 0);
    }
  }
}
