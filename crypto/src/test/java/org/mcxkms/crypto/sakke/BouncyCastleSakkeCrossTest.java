package org.mcxkms.crypto.sakke;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.kems.SAKKEKEMExtractor;
import org.bouncycastle.crypto.kems.SAKKEKEMSGenerator;
import org.bouncycastle.crypto.params.SAKKEPrivateKeyParameters;
import org.bouncycastle.crypto.params.SAKKEPublicKeyParameters;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;

/**
 * Bouncy Castle 1.87's SAKKE (SAKKEKEMSGenerator / SAKKEKEMExtractor) is NOT an RFC 6508 oracle:
 * it hashes the SSV, the identifier and g^r as {@code BigInteger.toByteArray()}, which drops
 * leading zero octets and adds a 0x00 before a set top bit, where the RFC hashes fixed-length
 * octet strings (16, the identifier's own length, 128). So:
 *
 * <ul>
 *   <li>where the encodings coincide (SSV first octet and identifier first octet in 0x01..0x7f,
 *       2^1016 &lt;= g^r &lt; 2^1023) we require BC and us to produce identical encapsulations and
 *       to open each other's;
 *   <li>where they differ (SSV top bit set, identifier first octet &gt;= 0x80, g^r &gt;= 2^1023) we
 *       require our output to equal the independent fixed-length computation and BC's to differ.
 * </ul>
 * We never bend our encoding towards BC's. BC's SAKKE is slow (a BigInteger pairing per
 * extraction), so the loop is short; raise it with -Dmcxkms.test.sakkeCases=N.
 */
class BouncyCastleSakkeCrossTest {
  private static final long SEED = Long.getLong("mcxkms.test.seed", 0xbc5a66eL);
  private static final int CASES = Math.max(1, Integer.getInteger("mcxkms.test.sakkeCases", 3) / 2);
  private static final BigInteger TWO_1016 = BigInteger.ONE.shiftLeft(1016);
  private static final BigInteger TWO_1023 = BigInteger.ONE.shiftLeft(1023);

  /** A "random" source that hands BC the SSV we chose (BC draws it with nextBytes(16)). */
  private static final class FixedSsv extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] ssv;

    FixedSsv(byte[] ssv) {
      this.ssv = ssv.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != ssv.length) {
        throw new IllegalStateException("BC asked for " + bytes.length + " octets");
      }
      System.arraycopy(ssv, 0, bytes, 0, bytes.length);
    }
  }

  private static SAKKEPublicKeyParameters bcPublic(SakkePublicKey z, byte[] id) {
    return new SAKKEPublicKeyParameters(new BigInteger(1, id), IndependentSakke.CURVE.decodePoint(z.toByteArray()));
  }

  private static byte[] bcEncapsulate(SakkePublicKey z, byte[] id, byte[] ssv) {
    SecretWithEncapsulation s = new SAKKEKEMSGenerator(new FixedSsv(ssv)).generateEncapsulated(bcPublic(z, id));
    assertThat(s.getSecret()).isEqualTo(ssv);
    return s.getEncapsulation();
  }

  private static byte[] bcExtract(SakkeKmsKey kms, byte[] id, byte[] sed) {
    BigInteger zSecret = new BigInteger(1, kms.masterSecret().toByteArray(SecretAccess.get()));
    SAKKEPrivateKeyParameters priv = new SAKKEPrivateKeyParameters(zSecret, bcPublic(kms.publicKey(), id));
    return new SAKKEKEMExtractor(priv).extractSecret(sed);
  }

  private static byte[] idWithFirstOctet(Random rnd, int lo, int hi) {
    byte[] id = new byte[32];
    rnd.nextBytes(id);
    id[0] = (byte) (lo + rnd.nextInt(hi - lo + 1));
    return id;
  }

  private static byte[] ssvWithFirstOctet(Random rnd, int lo, int hi) {
    byte[] ssv = new byte[16];
    rnd.nextBytes(ssv);
    ssv[0] = (byte) (lo + rnd.nextInt(hi - lo + 1));
    return ssv;
  }

  private static boolean gPowerFitsBc(byte[] ssv, byte[] id) {
    BigInteger gr = IndependentSakke.gPow(IndependentSakke.r(ssv, id));
    return gr.compareTo(TWO_1016) >= 0 && gr.compareTo(TWO_1023) < 0;
  }

  @Test
  void whereTheEncodingsCoincideBcAndWeAgree() throws Exception {
    Random rnd = new Random(SEED);
    SakkeKmsKey kms = SakkeKmsKey.generate(SakkePropertyTest.seeded(SEED));
    for (int c = 0; c < CASES; c++) {
      byte[] id = idWithFirstOctet(rnd, 0x01, 0x7f);
      byte[] ssv;
      do {
        ssv = ssvWithFirstOctet(rnd, 0x01, 0x7f);
      } while (!gPowerFitsBc(ssv, id));

      byte[] ours = Sakke.encapsulator(kms.publicKey(), id).encapsulate(SecretBytes.copyOf(ssv, SecretAccess.get()));
      byte[] bc = bcEncapsulate(kms.publicKey(), id, ssv);
      assertThat(bc).as("seed %d case %d", SEED, c).isEqualTo(ours);

      // each side opens the other's encapsulation
      assertThat(bcExtract(kms, id, ours)).isEqualTo(ssv);
      SakkeReceiverKey receiver = Sakke.rskValidator(kms.publicKey()).validate(id, kms.rskIssuer().issue(id));
      assertThat(receiver.decapsulator().decapsulate(bc).toByteArray(SecretAccess.get())).isEqualTo(ssv);
    }
  }

  @Test
  void whereTheEncodingsDifferWeFollowRfc6508AndBcDoesNot() throws Exception {
    Random rnd = new Random(SEED + 1);
    SakkeKmsKey kms = SakkeKmsKey.generate(SakkePropertyTest.seeded(SEED + 1));

    // (a) SSV with its top bit set: BC hashes 17 octets (00 || SSV), so its r and R differ
    byte[] id = idWithFirstOctet(rnd, 0x01, 0x7f);
    byte[] topBitSsv = ssvWithFirstOctet(rnd, 0x80, 0xff);
    differs(kms, id, topBitSsv, "SSV with the top bit set");

    // (b) identifier whose first octet is >= 0x80 (about half of all UIDs): BC hashes 00 || b
    differs(kms, idWithFirstOctet(rnd, 0x80, 0xff), ssvWithFirstOctet(rnd, 0x01, 0x7f), "identifier first octet >= 0x80");

    // (c) g^r >= 2^1023: BC hashes 129 octets of g^r, so only the mask, and H, differ
    byte[] ssv;
    do {
      ssv = ssvWithFirstOctet(rnd, 0x01, 0x7f);
    } while (IndependentSakke.gPow(IndependentSakke.r(ssv, id)).compareTo(TWO_1023) < 0);
    byte[] ours = differs(kms, id, ssv, "g^r >= 2^1023");
    byte[] bc = bcEncapsulate(kms.publicKey(), id, ssv);
    assertThat(Arrays.copyOf(bc, 257)).as("R agrees: the SSV and identifier encodings coincide").isEqualTo(Arrays.copyOf(ours, 257));
    assertThat(Arrays.copyOfRange(bc, 257, 273)).as("H differs: BC's g^r encoding has 129 octets").isNotEqualTo(Arrays.copyOfRange(ours, 257, 273));
  }

  /** Asserts ours = the independent RFC computation, BC's differs; returns ours. */
  private static byte[] differs(SakkeKmsKey kms, byte[] id, byte[] ssv, String why) {
    byte[] ours = Sakke.encapsulator(kms.publicKey(), id).encapsulate(SecretBytes.copyOf(ssv, SecretAccess.get()));
    byte[] independent = IndependentSakke.encapsulate(kms.publicKey().toByteArray(), id, ssv);
    assertThat(ours).as("ours follows RFC 6508 (%s)", why).isEqualTo(independent);
    assertThat(bcEncapsulate(kms.publicKey(), id, ssv)).as("BC deviates (%s)", why).isNotEqualTo(ours);
    return ours;
  }
}
