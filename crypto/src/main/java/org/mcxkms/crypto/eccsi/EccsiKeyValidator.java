package org.mcxkms.crypto.eccsi;

import org.mcxkms.crypto.KeyValidationException;

/** Client role: checks received SSK/PVT against the KPAK (RFC 6507 5.1.2). */
public interface EccsiKeyValidator {
  /**
   * Accepts the SSK/PVT only if {@code [SSK]G == KPAK + [HS]PVT} for this identifier, and returns
   * the signing key (keeping HS, which signing needs again).
   */
  EccsiSigningKey validate(byte[] identifier, Ssk ssk, Pvt pvt) throws KeyValidationException;
}
