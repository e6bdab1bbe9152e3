package org.mcxkms.crypto;

import java.security.GeneralSecurityException;

/**
 * Key material decoded correctly but does not belong to the identifier and KMS public key it was
 * issued for (RFC 6507 5.1.2 for SSK/PVT, RFC 6508 6.1.2 for the RSK).
 */
public final class KeyValidationException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  public KeyValidationException(String message) {
    super(message);
  }
}
