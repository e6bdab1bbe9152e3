package org.mcxkms.crypto.eccsi;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;
import org.mcxkms.crypto.KeyValidationException;
import org.mcxkms.crypto.internal.Octets;
import org.mcxkms.crypto.internal.P256;
import org.mcxkms.crypto.internal.ScalarModQ;

/**
 * A validated ECCSI signing key: SSK and PVT that passed RFC 6507 5.1.2 for one identifier under
 * one KPAK, together with HS. Only obtainable through validation.
 */
public final class EccsiSigningKey {
  private final byte[] identifier;
  private final Kpak kpak;
  private final Ssk ssk;
  private final Pvt pvt;
  private final byte[] hs;

  private EccsiSigningKey(byte[] identifier, Kpak kpak, Ssk ssk, Pvt pvt, byte[] hs) {
    this.identifier = identifier;
    this.kpak = kpak;
    this.ssk = ssk;
    this.pvt = pvt;
    this.hs = hs;
  }

  /** RFC 6507 5.1.2: accept only if [SSK]G = KPAK + [HS]PVT. */
  static EccsiSigningKey validate(byte[] identifier, Kpak kpak, Ssk ssk, Pvt pvt)
      throws KeyValidationException {
    byte[] id = identifier.clone();
    byte[] hs = Eccsi.hs(kpak, id, pvt);
    ECPoint lhs = P256.multiplyG(ssk.scalar()); // secret scalar: constant-time comb
    ECPoint rhs = pvt.point().multiply(new BigInteger(1, hs).mod(P256.Q)).add(kpak.point()).normalize();
    if (!lhs.equals(rhs)) {
      throw new KeyValidationException(
          "SSK/PVT do not validate for this identifier under this KPAK (RFC 6507 5.1.2)");
    }
    return new EccsiSigningKey(id, kpak, ssk, pvt, hs);
  }

  public byte[] identifier() {
    return identifier.clone();
  }

  public Kpak kpak() {
    return kpak;
  }

  public Ssk ssk() {
    return ssk;
  }

  public Pvt pvt() {
    return pvt;
  }

  /** HS = hash(G || KPAK || ID || PVT), kept from validation (RFC 6507 5.1.2 step 4). */
  public byte[] hs() {
    return hs.clone();
  }

  /** A signer drawing each ephemeral j from {@code random}. */
  public EccsiSigner signer(SecureRandom random) {
    return message -> sign(message, random);
  }

  /** Signs with a caller-chosen j; for the RFC 6507 Appendix A known-answer test only. */
  byte[] signWithEphemeralForTest(byte[] message, BigInteger j) {
    return sign(message, () -> j);
  }

  private byte[] sign(byte[] message, SecureRandom random) {
    return sign(message, () -> Eccsi.randomScalar(random));
  }

  /** RFC 6507 5.2.1. */
  private byte[] sign(byte[] message, java.util.function.Supplier<BigInteger> jSource) {
    BigInteger sskScalar = ssk.scalar();
    while (true) {
      BigInteger j = jSource.get();
      ECPoint jPoint = P256.multiplyG(j);
      byte[] r = Octets.fixed(jPoint.getAffineXCoord().toBigInteger(), P256.N);
      BigInteger he = new BigInteger(1, Octets.sha256(hs, r, message));
      BigInteger rInt = new BigInteger(1, r);
      BigInteger t = ScalarModQ.mulAdd(rInt, sskScalar, he); // HE + r * SSK
      if (t.signum() == 0) {
        continue; // step 4: choose another j
      }
      BigInteger s = ScalarModQ.mul(ScalarModQ.inverse(t), j);
      // step 6: s' needs at most N octets for P-256, so s = s'.
      return Octets.concat(r, Octets.fixed(s, P256.N), pvt.encodedView());
    }
  }

  @Override
  public String toString() {
    return "EccsiSigningKey[pvt=" + pvt + ", ssk=redacted]";
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof EccsiSigningKey)) {
      return false;
    }
    EccsiSigningKey k = (EccsiSigningKey) o;
    return Arrays.equals(identifier, k.identifier) && kpak.equals(k.kpak) && pvt.equals(k.pvt) && ssk.equals(k.ssk);
  }

  @Override
  public int hashCode() {
    return pvt.hashCode();
  }
}
