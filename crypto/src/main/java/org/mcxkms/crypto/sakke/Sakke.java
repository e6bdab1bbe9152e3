package org.mcxkms.crypto.sakke;

import static org.mcxkms.crypto.internal.sakke.ParameterSet1.FIELD_LENGTH;
import static org.mcxkms.crypto.internal.sakke.ParameterSet1.POINT_LENGTH;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import org.mcxkms.crypto.DecapsulationException;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.InvalidEncodingException.Problem;
import org.mcxkms.crypto.KeyValidationException;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.internal.Octets;
import org.mcxkms.crypto.internal.sakke.ParameterSet1;
import org.mcxkms.crypto.internal.sakke.ReferenceSakke;

/** Entry points for SAKKE (RFC 6508) with Parameter Set 1 (RFC 6509), as TS 33.180 uses it. */
public final class Sakke {
  /** Octets of the SSV (n = 128 bits). */
  public static final int SSV_LENGTH = ParameterSet1.SSV_LENGTH;
  /** Octets of the Encapsulated Data: 04 || Rx || Ry || H. */
  public static final int ENCAPSULATED_LENGTH = POINT_LENGTH + SSV_LENGTH;
  /** The IANA "SAKKE Parameter Sets" value of the only supported set. */
  public static final int PARAMETER_SET = 1;

  private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

  private Sakke() {}

  /** Validator of received RSKs under the KMS public key {@code z}. */
  public static RskValidator rskValidator(SakkePublicKey z) {
    return (identifier, rsk) -> {
      byte[] id = identifier.clone();
      BigInteger[] q = ReferenceSakke.add(ReferenceSakke.multiply(new BigInteger(1, id), ReferenceSakke.BASE), z.point());
      if (q == null || !ReferenceSakke.pairing(q, rsk.point()).equals(ParameterSet1.G)) {
        throw new KeyValidationException(
            "RSK does not validate for this identifier under this KMS public key (RFC 6508 6.1.2)");
      }
      return new SakkeReceiverKey(id, z, rsk);
    };
  }

  /** Encapsulator to the receiver {@code identifier} under the KMS public key {@code z}. */
  public static SakkeEncapsulator encapsulator(SakkePublicKey z, byte[] identifier) {
    byte[] b = identifier.clone();
    return ssv -> encapsulate(z, b, ssv);
  }

  private static byte[] encapsulate(SakkePublicKey z, byte[] b, SecretBytes ssv) {
    if (ssv.length() != SSV_LENGTH) {
      throw new IllegalArgumentException("the SSV has " + SSV_LENGTH + " octets, got " + ssv.length());
    }
    byte[] s = ssv.toByteArray(SecretAccess.get());
    try {
      // RFC 6508 6.2.1 steps 1-4.
      BigInteger r = ReferenceSakke.hashToIntegerRange(Octets.concat(s, b), ParameterSet1.Q);
      BigInteger[] rPoint = ReferenceSakke.multiply(r, ReferenceSakke.add(ReferenceSakke.multiply(new BigInteger(1, b), ReferenceSakke.BASE), z.point()));
      BigInteger gr = ReferenceSakke.pfPow(ParameterSet1.G, r);
      byte[] mask = mask(gr);
      byte[] h = new byte[SSV_LENGTH];
      for (int i = 0; i < SSV_LENGTH; i++) {
        h[i] = (byte) (s[i] ^ mask[i]);
      }
      return Octets.concat(ReferenceSakke.encode(rPoint), h);
    } finally {
      Arrays.fill(s, (byte) 0);
    }
  }

  /** HashToIntegerRange(g^r as 128 octets, 2^n) as 16 octets. */
  private static byte[] mask(BigInteger pfValue) {
    BigInteger m = ReferenceSakke.hashToIntegerRange(Octets.fixed(pfValue, FIELD_LENGTH), TWO_128);
    return Octets.fixed(m, SSV_LENGTH);
  }

  /** RFC 6508 6.2.2. */
  static SecretBytes decapsulate(SakkeReceiverKey key, byte[] data)
      throws InvalidEncodingException, DecapsulationException {
    if (data == null) {
      throw new InvalidEncodingException("SAKKE encapsulated data", Problem.NULL);
    }
    if (data.length != ENCAPSULATED_LENGTH) {
      throw new InvalidEncodingException(
          "SAKKE encapsulated data",
          Problem.WRONG_LENGTH,
          "expected " + ENCAPSULATED_LENGTH + " octets, got " + data.length);
    }
    byte[] rEnc = Arrays.copyOfRange(data, 0, POINT_LENGTH);
    BigInteger[] rPoint = ReferenceSakke.decode(rEnc, "SAKKE R", false);
    BigInteger w = ReferenceSakke.pairing(rPoint, key.rsk().point());
    byte[] mask = mask(w);
    byte[] ssv = new byte[SSV_LENGTH];
    for (int i = 0; i < SSV_LENGTH; i++) {
      ssv[i] = (byte) (data[POINT_LENGTH + i] ^ mask[i]);
    }
    byte[] b = key.identifierView();
    BigInteger r = ReferenceSakke.hashToIntegerRange(Octets.concat(ssv, b), ParameterSet1.Q);
    BigInteger[] test = ReferenceSakke.multiply(r, ReferenceSakke.add(ReferenceSakke.multiply(new BigInteger(1, b), ReferenceSakke.BASE), key.publicKey().point()));
    if (test == null || !MessageDigest.isEqual(ReferenceSakke.encode(test), rEnc)) {
      Arrays.fill(ssv, (byte) 0);
      throw new DecapsulationException("SAKKE R does not match the recomputed value (RFC 6508 6.2.2 step 5)");
    }
    SecretBytes out = SecretBytes.copyOf(ssv, SecretAccess.get());
    Arrays.fill(ssv, (byte) 0);
    return out;
  }
}
