package org.mcxkms.crypto.eccsi;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.InvalidEncodingException.Problem;
import org.mcxkms.crypto.SignatureVerificationException;
import org.mcxkms.crypto.internal.Octets;
import org.mcxkms.crypto.internal.P256;
import org.mcxkms.crypto.internal.ScalarModQ;

/**
 * Entry points for ECCSI (RFC 6507) over P-256 with SHA-256, as TS 33.180 uses it.
 *
 * <p><b>Constant time, per operation.</b>
 * <ul>
 *   <li>KSAK generation and KPAK = [KSAK]G, SSK/PVT issuance (v, SSK = KSAK + HS v), the issuer
 *       self-check: constant time, see {@link EccsiKmsKey}.
 *   <li>SSK/PVT validation: [SSK]G constant time; KPAK + [HS]PVT is public and variable time, see
 *       {@link EccsiSigningKey}.
 *   <li>Signing (j, J = [j]G, r, s): constant time, see {@link EccsiSigningKey}.
 *   <li>Verification: everything is public, so it uses variable-time Bouncy Castle multi-scalar
 *       multiplication.
 * </ul>
 */
public final class Eccsi {
  /** Signature length: r (32) || s (32) || PVT (65). */
  public static final int SIGNATURE_LENGTH = 2 * P256.N + P256.POINT_LENGTH;

  private Eccsi() {}

  /** Validator of received SSK/PVT under {@code kpak} (client side). */
  public static EccsiKeyValidator keyValidator(Kpak kpak) {
    if (kpak == null) {
      throw new NullPointerException("kpak");
    }
    return (identifier, ssk, pvt) -> EccsiSigningKey.validate(identifier, kpak, ssk, pvt);
  }

  /** Verifier of signatures made by {@code signerId} under {@code kpak}. */
  public static EccsiVerifier verifier(Kpak kpak, byte[] signerId) {
    if (kpak == null || signerId == null) {
      throw new NullPointerException("kpak and signerId are required");
    }
    byte[] id = signerId.clone();
    return (message, signature) -> verify(kpak, id, message, signature);
  }

  /** HS = hash(G || KPAK || ID || PVT) (RFC 6507 5.1.1 step 3, 5.1.2 step 2). */
  static byte[] hs(Kpak kpak, byte[] id, Pvt pvt) {
    return Octets.sha256(P256.encodedG(), kpak.encodedView(), id, pvt.encodedView());
  }

  /** HE = hash(HS || r || M) (RFC 6507 5.2.1 step 3, 5.2.2 step 3); r as 32 octets. */
  static byte[] he(byte[] hs, byte[] r, byte[] message) {
    return Octets.sha256(hs, r, message);
  }

  /**
   * A uniformly random scalar in [1, q-1] by rejection sampling of 32 random octets. The range
   * test is a constant-time mask; a rejection (probability about 2^-32) reveals only that a
   * discarded candidate was out of range.
   */
  static long[] randomScalar(SecureRandom random) {
    byte[] b = new byte[P256.N];
    try {
      while (true) {
        random.nextBytes(b);
        long[] k = ScalarModQ.fromBytes(b, 0);
        if (ScalarModQ.inRangeMask(k) != 0) {
          return k;
        }
      }
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  private static void verify(Kpak kpak, byte[] id, byte[] message, byte[] signature)
      throws InvalidEncodingException, SignatureVerificationException {
    if (message == null) {
      throw new NullPointerException("message");
    }
    if (signature == null) {
      throw new InvalidEncodingException("ECCSI signature", Problem.NULL);
    }
    if (signature.length != SIGNATURE_LENGTH) {
      throw new InvalidEncodingException(
          "ECCSI signature",
          Problem.WRONG_LENGTH,
          "expected " + SIGNATURE_LENGTH + " octets, got " + signature.length);
    }
    byte[] rBytes = Arrays.copyOfRange(signature, 0, P256.N);
    BigInteger r = new BigInteger(1, rBytes);
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, P256.N, 2 * P256.N));
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
                Arrays.copyOfRange(signature, 2 * P256.N, SIGNATURE_LENGTH), "ECCSI signature PVT"));

    ECPoint j = computeJ(kpak, id, message, rBytes, s, pvt);
    // RFC 6507 5.2.2 step 6: accept iff Jx = r (mod p) and Jx != 0.
    if (j.isInfinity()) {
      throw new SignatureVerificationException("ECCSI signature does not verify");
    }
    BigInteger jx = j.getAffineXCoord().toBigInteger();
    if (jx.signum() == 0 || !jx.equals(r)) {
      throw new SignatureVerificationException("ECCSI signature does not verify");
    }
  }

  /**
   * J = [s]([HE]G + [r]Y) with Y = [HS]PVT + KPAK (RFC 6507 5.2.2 steps 2-5), expanded to the
   * single multi-scalar multiplication [s HE]G + [s r HS]PVT + [s r]KPAK so that Y itself is never
   * formed: one interleaved wNAF pass shares its 256 doublings between the three points (the
   * tables for G and KPAK are cached on their long-lived point objects). From a signer's second
   * signature on, Y is cached on the KPAK ({@link SignerPoints}) and J = [s HE]G + [s r]Y, a
   * two-scalar sum. Everything here is public. Returns a normalised point (possibly infinity).
   */
  static ECPoint computeJ(Kpak kpak, byte[] id, byte[] message, byte[] rBytes, BigInteger s, Pvt pvt) {
    byte[] hsBytes = hs(kpak, id, pvt);
    BigInteger hs = new BigInteger(1, hsBytes).mod(P256.Q);
    BigInteger he = new BigInteger(1, he(hsBytes, rBytes, message));
    BigInteger r = new BigInteger(1, rBytes);
    BigInteger a = s.multiply(he).mod(P256.Q);
    BigInteger sr = s.multiply(r).mod(P256.Q);
    ECPoint y = kpak.signerPoints().lookup(kpak, id, pvt, hs);
    if (y != null) { // a signer seen before: J = [s HE]G + [s r]Y with its cached Y
      return (y.isInfinity() ? P256.G.multiply(a) : ECAlgorithms.sumOfTwoMultiplies(P256.G, a, y, sr)).normalize();
    }
    BigInteger b = sr.multiply(hs).mod(P256.Q);
    return ECAlgorithms.sumOfMultiplies(
            new ECPoint[] {P256.G, pvt.point(), kpak.point()}, new BigInteger[] {a, b, sr})
        .normalize();
  }
}
