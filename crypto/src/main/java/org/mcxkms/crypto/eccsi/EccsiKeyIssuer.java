package org.mcxkms.crypto.eccsi;

/** KMS role: issues SSK/PVT for an identifier (RFC 6507 5.1.1). */
public interface EccsiKeyIssuer {
  /**
   * Issues the SSK and PVT for {@code identifier} (in MCX, the 32-octet UID). The result has been
   * checked with the client-side validation of RFC 6507 5.1.2 before it is returned.
   */
  IssuedEccsiKey issue(byte[] identifier);
}
