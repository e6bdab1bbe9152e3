package org.mcxkms.crypto.eccsi;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.InvalidEncodingException.Problem;
import org.mcxkms.crypto.SignatureVerificationException;
import org.mcxkms.crypto.internal.Octets;
import org.mcxkms.crypto.internal.P256;

/** Entry points for ECCSI (RFC 6507) over P-256 with SHA-256, as TS 33.180 uses it. */
public final class Eccsi {
  /** Signature length: r (32) || s (32) || PVT (65). */
  public static final int SIGNATURE_LENGTH = 2 * P256.N + P256.POINT_LENGTH;

  private Eccsi() {}

  /** Validator of received SSK/PVT under {@code kpak} (client side). */
  public static EccsiKeyValidator keyValidator(Kpak kpak) {
    return (identifier, ssk, pvt) -> EccsiSigningKey.validate(identifier, kpak, ssk, pvt);
  }

  /** Verifier of signatures made by {@code signerId} under {@code kpak}. */
  public static EccsiVerifier verifier(Kpak kpak, byte[] signerId) {
    byte[] id = signerId.clone();
    return (message, signature) -> verify(kpak, id, message, signature);
  }

  /** HS = hash(G || KPAK || ID || PVT) (RFC 6507 5.1.1 step 3, 5.1.2 step 2). */
  static byte[] hs(Kpak kpak, byte[] id, Pvt pvt) {
    return Octets.sha256(P256.encodedG(), kpak.encodedView(), id, pvt.encodedView());
  }

  /** A random scalar in [1, q-1]. */
  static BigInteger randomScalar(SecureRandom random) {
    BigInteger k;
    do {
      k = new BigInteger(P256.Q.bitLength(), random);
    } while (k.signum() == 0 || k.compareTo(P256.Q) >= 0);
    return k;
  }

  private static void verify(Kpak kpak, byte[] id, byte[] message, byte[] signature)
      throws InvalidEncodingException, SignatureVerificationException {
    if (signature == null) {
      throw new InvalidEncodingException("ECCSI signature", Problem.NULL);
    }
    if (signature.length != SIGNATURE_LENGTH) {
      throw new InvalidEncodingException(
          "ECCSI signature",
          Problem.WRONG_LENGTH,
          "expected " + SIGNATURE_LENGTH + " octets, got " + signature.length);
    }
    byte[] rBytes = java.util.Arrays.copyOfRange(signature, 0, P256.N);
    BigInteger r = new BigInteger(1, rBytes);
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(signature, P256.N, 2 * P256.N));
    // r is an x coordinate (so below p, not q); s is reduced modulo q (RFC 6507 5.2.1 steps 2, 5).
    if (r.signum() == 0 || r.compareTo(P256.P) >= 0) {
      throw new InvalidEncodingException("ECCSI signature r", Problem.OUT_OF_RANGE, "must be in [1, p-1]");
    }
    if (s.signum() == 0 || s.compareTo(P256.Q) >= 0) {
      throw new InvalidEncodingException("ECCSI signature s", Problem.OUT_OF_RANGE, "must be in [1, q-1]");
    }
    Pvt pvt =
        new Pvt(
            P256.decodePoint(
                java.util.Arrays.copyOfRange(signature, 2 * P256.N, SIGNATURE_LENGTH),
                "ECCSI signature PVT"));

    // RFC 6507 5.2.2: HS, HE, Y = [HS]PVT + KPAK, J = [s]([HE]G + [r]Y); accept iff Jx = r.
    BigInteger hs = new BigInteger(1, hs(kpak, id, pvt));
    BigInteger he = new BigInteger(1, Octets.sha256(Octets.fixed(hs, P256.N), rBytes, message));
    ECPoint y = pvt.point().multiply(hs.mod(P256.Q)).add(kpak.point());
    // [s]([HE]G + [r]Y) = [s*HE]G + [s*r]Y: one double-scalar multiplication, all values public.
    BigInteger a = s.multiply(he).mod(P256.Q);
    BigInteger b = s.multiply(r).mod(P256.Q);
    ECPoint j = ECAlgorithms.sumOfTwoMultiplies(P256.G, a, y, b).normalize();
    if (j.isInfinity() || j.getAffineXCoord().toBigInteger().signum() == 0) {
      throw new SignatureVerificationException("ECCSI signature does not verify");
    }
    if (!j.getAffineXCoord().toBigInteger().equals(r)) {
      throw new SignatureVerificationException("ECCSI signature does not verify");
    }
  }
}
