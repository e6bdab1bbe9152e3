package org.mcxkms.media.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP key derivation of RFC 3711 4.3 with the AES-CM PRF (4.3.3) and key derivation rate 0,
 * the profile TS 33.180 7.5 mandates.
 *
 * <pre>
 * key_id = label || r,  r = index DIV kdr = 0 when kdr = 0       (7 octets, label in octet 0)
 * x      = key_id XOR master_salt                                 (112 bits, right-aligned)
 * out    = AES-CM(master_key, IV = x * 2^16)                      (counter in the low 16 bits)
 * </pre>
 *
 * The 12-octet master salt of AEAD_AES_128_GCM (RFC 7714 12) is zero-padded on the right to the
 * 14 octets of x, as libsrtp does; the label therefore XORs octet 7. SRTCP labels follow RFC 3711
 * with erratum 3712 (same position as SRTP's).
 */
public final class SrtpKdf {
  private SrtpKdf() {}

  public static final int LABEL_RTP_ENCRYPTION = 0x00;
  public static final int LABEL_RTP_AUTH = 0x01;
  public static final int LABEL_RTP_SALT = 0x02;
  public static final int LABEL_RTCP_ENCRYPTION = 0x03;
  public static final int LABEL_RTCP_AUTH = 0x04;
  public static final int LABEL_RTCP_SALT = 0x05;

  /** {@code length} octets for {@code label} from a 16-octet master key and a 12- or 14-octet salt. */
  public static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
    if (masterKey.length != 16) {
      throw new IllegalArgumentException("master key must be 16 octets, was " + masterKey.length);
    }
    if (masterSalt.length != 12 && masterSalt.length != 14) {
      throw new IllegalArgumentException("master salt must be 12 or 14 octets, was " + masterSalt.length);
    }
    if (label < 0 || label > 0xFF || length <= 0 || length > 16 * 0xFFFF) {
      throw new IllegalArgumentException("bad label or length");
    }
    int blocks = (length + 15) / 16;
    byte[] counter = new byte[blocks * 16];
    byte[] stream = new byte[blocks * 16];
    try {
      for (int b = 0; b < blocks; b++) {
        int o = b * 16;
        System.arraycopy(masterSalt, 0, counter, o, masterSalt.length);
        counter[o + 7] ^= (byte) label;
        counter[o + 14] = (byte) (b >>> 8);
        counter[o + 15] = (byte) b;
      }
      SecretKeySpec k = new SecretKeySpec(masterKey, "AES");
      Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, k);
      aes.doFinal(counter, 0, counter.length, stream, 0);
      return Arrays.copyOf(stream, length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES unavailable", e);
    } finally {
      Arrays.fill(stream, (byte) 0);
      Arrays.fill(counter, (byte) 0);
    }
  }
}
