package org.mcxkms.crypto.eccsi;

import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.SignatureVerificationException;

/** Verifies ECCSI signatures of one signer identifier under one KPAK (RFC 6507 5.2.2). */
public interface EccsiVerifier {
  /**
   * Returns normally only if {@code signature} is a valid signature of {@code message}.
   *
   * @throws InvalidEncodingException if the signature is not 129 octets, r or s is out of range, or
   *     its PVT is not a valid point
   * @throws SignatureVerificationException if it is well formed but does not verify
   */
  void verify(byte[] message, byte[] signature)
      throws InvalidEncodingException, SignatureVerificationException;
}
