package org.mcxkms.crypto.sakke;

import org.mcxkms.crypto.DecapsulationException;
import org.mcxkms.crypto.InvalidEncodingException;

/**
 * Receiver role (RFC 6508 6.2.2) that also accepts data from senders which hash g^r as a minimal
 * big-endian integer, dropping the leading zero octets of the 128-octet form RFC 6508 2.2 fixes
 * (about one message in 153 from such a sender). The RFC form is always tried first; the other only
 * when it fails and w &lt; 2^1016, and the recomputed R (step 5) must match in both cases. Nothing
 * in this library ever sends the short form.
 */
public interface TolerantSakkeDecapsulator {
  /**
   * @throws InvalidEncodingException if the data is not 273 octets or R is not a valid point
   * @throws DecapsulationException if the recomputed R matches in neither form: the SSV is withheld
   */
  SakkeDecapsulation decapsulate(byte[] encapsulatedData)
      throws InvalidEncodingException, DecapsulationException;
}
