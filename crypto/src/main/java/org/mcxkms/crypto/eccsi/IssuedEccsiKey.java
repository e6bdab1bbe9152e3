package org.mcxkms.crypto.eccsi;

/** An SSK and its PVT as the KMS releases them. */
public final class IssuedEccsiKey {
  private final Ssk ssk;
  private final Pvt pvt;

  IssuedEccsiKey(Ssk ssk, Pvt pvt) {
    this.ssk = ssk;
    this.pvt = pvt;
  }

  public Ssk ssk() {
    return ssk;
  }

  public Pvt pvt() {
    return pvt;
  }

  @Override
  public String toString() {
    return "IssuedEccsiKey[ssk=redacted, pvt=" + pvt + "]";
  }
}
