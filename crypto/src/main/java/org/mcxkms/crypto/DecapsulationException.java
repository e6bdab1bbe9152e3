package org.mcxkms.crypto;

import java.security.GeneralSecurityException;

/**
 * A SAKKE encapsulation could not be opened: the recomputed R does not match (RFC 6508 6.2.2
 * step 5), so the SSV must not be used.
 */
public final class DecapsulationException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  public DecapsulationException(String message) {
    super(message);
  }
}
