package org.mcxkms.crypto.sakke;

import org.mcxkms.crypto.DecapsulationException;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.SecretBytes;

/** Receiver role: recovers the SSV (RFC 6508 6.2.2). */
public interface SakkeDecapsulator {
  /**
   * @throws InvalidEncodingException if the data is not 273 octets or R is not a valid point
   * @throws DecapsulationException if the recomputed R does not match (step 5): the SSV is withheld
   */
  SecretBytes decapsulate(byte[] encapsulatedData)
      throws InvalidEncodingException, DecapsulationException;
}
