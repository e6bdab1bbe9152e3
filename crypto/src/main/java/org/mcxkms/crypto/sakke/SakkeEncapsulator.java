package org.mcxkms.crypto.sakke;

import org.mcxkms.crypto.SecretBytes;

/** Sender role: encapsulates an SSV to one receiver identifier (RFC 6508 6.2.1). */
public interface SakkeEncapsulator {
  /**
   * Encapsulates the 16-octet {@code ssv} (in MCX the GMK, PCK, CSK... itself) and returns the
   * 273-octet Encapsulated Data {@code 04 || Rx || Ry || H}.
   */
  byte[] encapsulate(SecretBytes ssv);
}
