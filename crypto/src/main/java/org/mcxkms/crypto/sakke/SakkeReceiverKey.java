package org.mcxkms.crypto.sakke;

import org.mcxkms.crypto.internal.sakke.RskPrecomputation;

/**
 * A validated SAKKE receiver key: an RSK that passed RFC 6508 6.1.2 for one identifier under one
 * KMS public key. Only obtainable through {@link RskValidator}. It holds the precomputed Miller
 * lines of the RSK (made during validation), so each decapsulation needs no point arithmetic for
 * the pairing. Immutable and safe to share between threads.
 */
public final class SakkeReceiverKey {
  private final byte[] identifier;
  private final SakkePublicKey publicKey;
  private final Rsk rsk;
  private final RskPrecomputation lines;

  SakkeReceiverKey(byte[] identifier, SakkePublicKey publicKey, Rsk rsk, RskPrecomputation lines) {
    this.identifier = identifier;
    this.publicKey = publicKey;
    this.rsk = rsk;
    this.lines = lines;
  }

  public byte[] identifier() {
    return identifier.clone();
  }

  byte[] identifierView() {
    return identifier;
  }

  RskPrecomputation lines() {
    return lines;
  }

  public SakkePublicKey publicKey() {
    return publicKey;
  }

  public Rsk rsk() {
    return rsk;
  }

  /**
   * Builds this receiver's decapsulation precomputation now: the Miller lines of the RSK and the
   * comb table of its own point [b]P + Z_T (for the R check of RFC 6508 6.2.2 step 5). Call it
   * once per key period, when the period's key set is installed, so that the first decapsulation
   * on the critical path costs no more than any other; without it the first decapsulation builds
   * both (about the cost of four decapsulations). Idempotent and thread-safe; the results of
   * decapsulation do not change. Returns this key.
   */
  public SakkeReceiverKey prepare() {
    lines.build();
    return this;
  }

  public SakkeDecapsulator decapsulator() {
    return data -> Sakke.decapsulate(this, data);
  }

  /** A decapsulator that also accepts the short g^r hash of some deployed senders. */
  public TolerantSakkeDecapsulator tolerantDecapsulator() {
    return data -> Sakke.decapsulateTolerant(this, data);
  }

  @Override
  public String toString() {
    return "SakkeReceiverKey[rsk=redacted]";
  }
}
