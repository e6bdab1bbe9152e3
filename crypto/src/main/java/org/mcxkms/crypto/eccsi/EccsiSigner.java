package org.mcxkms.crypto.eccsi;

/** Signs messages with ECCSI (RFC 6507 5.2.1). */
public interface EccsiSigner {
  /** Returns the 129-octet signature {@code r || s || PVT}; a fresh random j is used every time. */
  byte[] sign(byte[] message);
}
