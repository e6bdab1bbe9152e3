package org.mcxkms.crypto.eccsi;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Supplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.mcxkms.crypto.KeyValidationException;
import org.mcxkms.crypto.internal.Mont256;
import org.mcxkms.crypto.internal.Octets;
import org.mcxkms.crypto.internal.P256;
import org.mcxkms.crypto.internal.P256Field;
import org.mcxkms.crypto.internal.ScalarModQ;

/**
 * A validated ECCSI signing key: SSK and PVT that passed RFC 6507 5.1.2 for one identifier under
 * one KPAK, together with HS. Only obtainable through validation.
 *
 * <p><b>Constant time.</b> Validation computes [SSK HS^-1]G with {@link P256BaseMul} and compares
 * it projectively with the public point PVT + [HS^-1]KPAK (computed with Bouncy Castle: HS, PVT
 * and KPAK are public). Signing computes J = [j]G with {@link P256BaseMul}, r = Jx with a constant-time
 * inversion, and s = (HE + r SSK)^-1 j mod q with {@code ScalarModQ} (branch-free Montgomery
 * products, constant-time inversion). The retry on HE + r SSK = 0 (probability 2^-256) is the
 * only branch that depends on a secret.
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

  /** Fixed-base comb for public scalars; Bouncy Castle keeps its table on the KPAK's point. */
  private static final FixedPointCombMultiplier KPAK_COMB = new FixedPointCombMultiplier();

  /**
   * RFC 6507 5.1.2: accept only if [SSK]G = KPAK + [HS]PVT, tested in the equivalent form
   * [SSK HS^-1]G = PVT + [HS^-1]KPAK (both sides multiplied by HS^-1; G, PVT and KPAK have prime
   * order q). Both multiplications are then by fixed bases: [SSK HS^-1]G by our constant-time
   * comb (the scalar is secret), [HS^-1]KPAK by a comb on the KPAK, whose table is built on the
   * first validation under that KPAK and kept with it (HS and KPAK are public, so variable time is
   * fine). The direct form needs a variable-base multiplication [HS]PVT: 256 doublings for a
   * point seen once. HS = 0 mod q (probability 2^-256, never issued) is rejected.
   */
  static EccsiSigningKey validate(byte[] identifier, Kpak kpak, Ssk ssk, Pvt pvt)
      throws KeyValidationException {
    if (identifier == null || kpak == null || ssk == null || pvt == null) {
      throw new NullPointerException("identifier, KPAK, SSK and PVT are required");
    }
    byte[] id = identifier.clone();
    byte[] hs = Eccsi.hs(kpak, id, pvt);
    boolean ok = false;
    BigInteger hsValue = new BigInteger(1, hs).mod(P256.Q);
    if (hsValue.signum() != 0) {
      long[] hsInverse = ScalarModQ.inverseOfPublic(Mont256.fromBigInteger(hsValue));
      // Public side: PVT + [HS^-1]KPAK.
      ECPoint rhs = pvt.point().add(KPAK_COMB.multiply(kpak.point(), Mont256.toBigInteger(hsInverse))).normalize();
      if (!rhs.isInfinity()) { // [SSK HS^-1]G is never infinity for SSK in [1, q-1]
        int[][] w = P256.affineWords(rhs);
        long[] s = ssk.limbs();
        long[] t = ScalarModQ.mul(s, hsInverse);
        try {
          ok = P256.multiplyG(t).equalsAffineMask(w[0], w[1]) != 0; // secret side: constant time
        } finally {
          ScalarModQ.erase(s);
          ScalarModQ.erase(t);
        }
      }
    }
    if (!ok) {
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
    return message -> sign(message, () -> Eccsi.randomScalar(random));
  }

  /** Signs with a caller-chosen j; for the RFC 6507 Appendix A known-answer test only. */
  byte[] signWithEphemeralForTest(byte[] message, BigInteger j) {
    return sign(message, () -> Mont256.fromBigInteger(j));
  }

  /** RFC 6507 5.2.1. */
  private byte[] sign(byte[] message, Supplier<long[]> jSource) {
    if (message == null) {
      throw new NullPointerException("message");
    }
    long[] sskValue = ssk.limbs();
    try {
      while (true) {
        long[] j = jSource.get();
        try {
          byte[] r = new byte[P256.N];
          P256Field.toBytes(P256.multiplyG(j).affineX(), r, 0); // r = Jx (step 2)
          long[] he = ScalarModQ.reduce(Eccsi.he(hs, r, message)); // step 3
          long[] t = ScalarModQ.mulAdd(ScalarModQ.reduce(r), sskValue, he); // HE + r * SSK
          if (ScalarModQ.isZeroMask(t) != 0) {
            continue; // step 4: choose another j
          }
          long[] s = ScalarModQ.mul(ScalarModQ.inverse(t), j); // step 5
          ScalarModQ.erase(t);
          // step 6: s' < q < 2^256 needs at most N octets for P-256, so s = s'.
          return Octets.concat(r, ScalarModQ.toBytes(s), pvt.encodedView());
        } finally {
          ScalarModQ.erase(j);
        }
      }
    } finally {
      ScalarModQ.erase(sskValue);
    }
  }

  @Override
  public String toString() {
    return "EccsiSigningKey[pvt=" + pvt + ", ssk=redacted]";
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof EccsiSigningKey k)) {
      return false;
    }
    return Arrays.equals(identifier, k.identifier) && kpak.equals(k.kpak) && pvt.equals(k.pvt) && ssk.equals(k.ssk);
  }

  @Override
  public int hashCode() {
    return pvt.hashCode();
  }
}
