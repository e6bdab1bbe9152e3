package org.mcxkms.crypto.sakke;

import java.util.Arrays;
import org.mcxkms.crypto.DecapsulationException;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.internal.sakke.ParameterSet1;
import org.mcxkms.crypto.internal.sakke.RskPrecomputation;
import org.mcxkms.crypto.internal.sakke.SakkeEngine;

/**
 * Entry points for SAKKE (RFC 6508) with Parameter Set 1 (RFC 6509), as TS 33.180 uses it.
 *
 * <p>The arithmetic is {@link SakkeEngine}'s; its class documentation lists, per operation, what
 * runs in constant time.
 */
public final class Sakke {
  /** Octets of the SSV (n = 128 bits). */
  public static final int SSV_LENGTH = ParameterSet1.SSV_LENGTH;
  /** Octets of the Encapsulated Data: 04 || Rx || Ry || H. */
  public static final int ENCAPSULATED_LENGTH = SakkeEngine.ENCAPSULATED_LENGTH;
  /** The IANA "SAKKE Parameter Sets" value of the only supported set. */
  public static final int PARAMETER_SET = 1;

  private Sakke() {}

  /** Validator of received RSKs under the KMS public key {@code z}. */
  public static RskValidator rskValidator(SakkePublicKey z) {
    return (identifier, rsk) -> {
      byte[] id = identifier.clone();
      RskPrecomputation lines = SakkeEngine.validateRsk(id, z.point(), rsk.point());
      return new SakkeReceiverKey(id, z, rsk, lines);
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
      return SakkeEngine.encapsulate(z.point(), b, s);
    } finally {
      Arrays.fill(s, (byte) 0);
    }
  }

  /** RFC 6508 6.2.2. */
  static SecretBytes decapsulate(SakkeReceiverKey key, byte[] data)
      throws InvalidEncodingException, DecapsulationException {
    byte[] ssv =
        SakkeEngine.decapsulate(key.publicKey().point(), key.identifierView(), key.lines(), data);
    SecretBytes out = SecretBytes.copyOf(ssv, SecretAccess.get());
    Arrays.fill(ssv, (byte) 0);
    return out;
  }
}
