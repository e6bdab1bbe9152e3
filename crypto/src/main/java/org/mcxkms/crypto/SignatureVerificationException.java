package org.mcxkms.crypto;

import java.security.GeneralSecurityException;

/** An ECCSI signature does not verify for the claimed signer identifier and KPAK. */
public final class SignatureVerificationException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  public SignatureVerificationException(String message) {
    super(message);
  }
}
