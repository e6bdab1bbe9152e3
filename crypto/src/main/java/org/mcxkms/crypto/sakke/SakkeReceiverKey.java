package org.mcxkms.crypto.sakke;

/**
 * A validated SAKKE receiver key: an RSK that passed RFC 6508 6.1.2 for one identifier under one
 * KMS public key. Only obtainable through {@link RskValidator}.
 */
public final class SakkeReceiverKey {
  private final byte[] identifier;
  private final SakkePublicKey publicKey;
  private final Rsk rsk;

  SakkeReceiverKey(byte[] identifier, SakkePublicKey publicKey, Rsk rsk) {
    this.identifier = identifier;
    this.publicKey = publicKey;
    this.rsk = rsk;
  }

  public byte[] identifier() {
    return identifier.clone();
  }

  byte[] identifierView() {
    return identifier;
  }

  public SakkePublicKey publicKey() {
    return publicKey;
  }

  public Rsk rsk() {
    return rsk;
  }

  public SakkeDecapsulator decapsulator() {
    return data -> Sakke.decapsulate(this, data);
  }

  @Override
  public String toString() {
    return "SakkeReceiverKey[rsk=redacted]";
  }
}
