package org.mcxkms.mikey.kdf;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The MIKEY PRF of RFC 3830 4.1.2 instantiated with PRF-HMAC-SHA-256 (RFC 6043 6.1.2), the PRF
 * TS 33.180 mandates (HDR PRF func 1).
 *
 * <pre>
 * PRF(inkey, label, L): split inkey into 256-bit pieces s_1..s_n (the last may be shorter);
 *   output = P(s_1, label, m) XOR ... XOR P(s_n, label, m), m = ceil(L / 256), truncated to L bits
 * P(s, label, m) = HMAC(s, A_1 || label) || ... || HMAC(s, A_m || label),
 *   A_0 = label, A_i = HMAC(s, A_(i-1))
 * </pre>
 */
public final class MikeyPrf {
  private MikeyPrf() {}

  private static final int BLOCK = 32;

  /** {@code length} octets of PRF output. */
  public static byte[] prf(byte[] inkey, byte[] label, int length) {
    if (length < 0) {
      throw new IllegalArgumentException("negative PRF output length");
    }
    int m = (length + BLOCK - 1) / BLOCK;
    byte[] out = new byte[length];
    int pieces = Math.max(1, (inkey.length + BLOCK - 1) / BLOCK);
    for (int i = 0; i < pieces; i++) {
      byte[] s = Arrays.copyOfRange(inkey, i * BLOCK, Math.min(inkey.length, (i + 1) * BLOCK));
      byte[] p = p(s, label, m);
      for (int k = 0; k < length; k++) {
        out[k] ^= p[k];
      }
      Arrays.fill(s, (byte) 0);
      Arrays.fill(p, (byte) 0);
    }
    return out;
  }

  private static byte[] p(byte[] s, byte[] label, int m) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(s.length == 0 ? new byte[1] : s, "HmacSHA256"));
      byte[] out = new byte[m * BLOCK];
      byte[] a = label;
      for (int i = 0; i < m; i++) {
        a = mac.doFinal(a);
        mac.update(a);
        mac.update(label);
        mac.doFinal(out, i * BLOCK);
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
    }
  }
}
