package org.mcxkms.crypto.sakke;

import java.util.Arrays;
import org.mcxkms.crypto.DecapsulationException;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.internal.sakke.ParameterSet1;
import org.mcxkms.crypto.internal.sakke.ReceiverTable;
import org.mcxkms.crypto.internal.sakke.RskPrecomputation;
import org.mcxkms.crypto.internal.sakke.SakkeEngine;

/**
 * Entry points for SAKKE (RFC 6508) with Parameter Set 1 (RFC 6509), as TS 33.180 uses it.
 *
 * <h2>Timing behaviour</h2>
 * Secrets never decide a branch or a memory index (fixed-window combs read every table entry and
 * keep one by masking; field arithmetic is branch-free; inverses use the constant-time safegcd):
 * <ul>
 *   <li>KMS key generation and RSK issue: constant time in z, (a + z)^-1 and the RSK.
 *   <li>RSK validation: constant time in the RSK; the identifier and Z are public.
 *   <li>Encapsulation: constant time in the SSV, r, g^r and the mask; the receiver identifier and Z
 *       are public.
 *   <li>Decapsulation: constant time in the RSK, w = &lt;R, RSK&gt;, the SSV and r; the received R and
 *       H are public, and so is whether the recomputed R matches.
 *   <li>Tolerant decapsulation: the same for data in the RFC 6508 form; for data that fails it, a
 *       second attempt runs only when w &lt; 2^1016, so its time shows that one fact about w for
 *       such data (see {@link TolerantSakkeDecapsulator}).
 * </ul>
 * Whether an input is accepted or rejected (and which check failed) is public. See
 * {@link SakkeEngine} for the details per step.
 *
 * <h2>Precomputation</h2>
 * Fixed-base tables for P and g and the Miller lines of P are built once per process; a
 * {@link SakkePublicKey} builds its Z table and lines on first use; a {@link SakkeReceiverKey}
 * builds the RSK's Miller lines and a table for [b]P + Z on its first decapsulation (about the cost
 * of four decapsulations), after which each decapsulation does no point arithmetic for the pairing;
 * {@link SakkeReceiverKey#prepare} builds them ahead, once per key period. A sender that
 * encapsulates to the same receivers again can keep their [b]P + Z_T tables
 * ({@link #preparedEncapsulator}, {@link SakkeEncapsulatorCache}); one-shot encapsulation
 * ({@link #encapsulator}) builds nothing per receiver.
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

  /**
   * Encapsulator to the receiver {@code identifier} that first builds the comb table of the
   * receiver's point [b]P + Z_T (about 144 KiB; roughly the cost of two encapsulations), so that
   * each encapsulation is one comb instead of a joint comb on P and Z_T. For a sender that
   * encapsulates to the same receiver many times; see {@link SakkeEncapsulatorCache} for a
   * bounded set of such receivers. The output is the same as {@link #encapsulator}'s for the same
   * SSV.
   *
   * @throws IllegalArgumentException if [b]P + Z_T is the point at infinity (no encapsulation to
   *     this identifier exists)
   */
  public static SakkeEncapsulator preparedEncapsulator(SakkePublicKey z, byte[] identifier) {
    ReceiverTable receiver = new ReceiverTable(z.point(), identifier.clone());
    receiver.build();
    return prepared(receiver);
  }

  /** An encapsulator on {@code receiver}'s table (built on first use when not yet built). */
  static SakkeEncapsulator prepared(ReceiverTable receiver) {
    return ssv -> {
      byte[] s = ssvBytes(ssv);
      try {
        return SakkeEngine.encapsulate(receiver, s);
      } finally {
        Arrays.fill(s, (byte) 0);
      }
    };
  }

  private static byte[] ssvBytes(SecretBytes ssv) {
    if (ssv.length() != SSV_LENGTH) {
      throw new IllegalArgumentException("the SSV has " + SSV_LENGTH + " octets, got " + ssv.length());
    }
    return ssv.toByteArray(SecretAccess.get());
  }

  private static byte[] encapsulate(SakkePublicKey z, byte[] b, SecretBytes ssv) {
    byte[] s = ssvBytes(ssv);
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

  /** RFC 6508 6.2.2, with the fallback of {@link TolerantSakkeDecapsulator}. */
  static SakkeDecapsulation decapsulateTolerant(SakkeReceiverKey key, byte[] data)
      throws InvalidEncodingException, DecapsulationException {
    SakkeEngine.Opened o =
        SakkeEngine.open(key.publicKey().point(), key.identifierView(), key.lines(), data, true);
    SecretBytes out = SecretBytes.copyOf(o.ssv(), SecretAccess.get());
    Arrays.fill(o.ssv(), (byte) 0);
    return new SakkeDecapsulation(out, o.strippedGr());
  }
}
