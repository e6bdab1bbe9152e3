package org.mcxkms.kms.server.seal;

/**
 * The sealed master secrets cannot be opened: wrong passphrase or key file, a damaged, truncated or
 * tampered seal, or a missing key or token ({@link TokenException}). The server refuses to start. The message says which and never
 * contains key material.
 */
public class SealException extends Exception {
  private static final long serialVersionUID = 1L;

  public SealException(String message) {
    super(message);
  }
}
