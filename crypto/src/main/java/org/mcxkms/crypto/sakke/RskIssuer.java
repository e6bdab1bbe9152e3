package org.mcxkms.crypto.sakke;

/** KMS role: issues the RSK for an identifier (RFC 6508 6.1.1). */
public interface RskIssuer {
  /**
   * Returns K = [(a + z)^-1]P for identifier {@code a} (in MCX, the UID), after checking
   * [a + z]K = P.
   */
  Rsk issue(byte[] identifier);
}
