package org.mcxkms.crypto.sakke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.DecapsulationException;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.InvalidEncodingException.Problem;
import org.mcxkms.crypto.KeyValidationException;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.Uid;

/**
 * Seeded property loops over the public SAKKE API (RFC 6508, Parameter Set 1): random KMS master
 * keys, UIDs and SSVs go through RSK issuance, validation, encapsulation and decapsulation; the
 * encapsulation equals an independent fixed-length computation; tampered RSKs and encapsulations
 * are rejected; malformed points get a typed error naming the field.
 *
 * <p>SAKKE is slow until the fast engine lands, so the loops are short by default: raise them with
 * -Dmcxkms.test.sakkeCases=N (round trips) and -Dmcxkms.test.sakkeFlips=N (tampering positions per
 * case); fix the seed with -Dmcxkms.test.seed=S.
 */
class SakkePropertyTest {
  private static final long SEED = Long.getLong("mcxkms.test.seed", 0x5a66eL);
  private static final int CASES = Integer.getInteger("mcxkms.test.sakkeCases", 3);
  private static final int FLIPS = Integer.getInteger("mcxkms.test.sakkeFlips", 3);

  static final String Z_FIELD = "SAKKE public key Z";
  static final String RSK_FIELD = "RSK";
  static final String R_FIELD = "SAKKE R";
  static final String SED_FIELD = "SAKKE encapsulated data";

  static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] randomUid(Random rnd) {
    return Uid.format2("sip:u" + rnd.nextInt(1 << 30) + "@example.org", "kms.example.org",
        KeyPeriodPolicy.of(1 + rnd.nextInt(1 << 26), 0), rnd.nextInt(5000)).toByteArray();
  }

  private static SecretBytes secret(byte[] b) {
    return SecretBytes.copyOf(b, SecretAccess.get());
  }

  @Test
  void issueValidateEncapsulateDecapsulate() throws Exception {
    Random rnd = new Random(SEED);
    SecureRandom keys = seeded(SEED);
    List<String> failures = new ArrayList<>();
    for (int c = 0; c < CASES; c++) {
      SakkeKmsKey kms = SakkeKmsKey.generate(keys);
      SakkeKmsKey restored = SakkeKmsKey.fromMasterSecret(secret(kms.masterSecret().toByteArray(SecretAccess.get())));
      assertThat(restored.publicKey()).isEqualTo(kms.publicKey());
      SakkePublicKey z = SakkePublicKey.decode(kms.publicKey().toByteArray());
      byte[] uid = randomUid(rnd);
      Rsk issued = kms.rskIssuer().issue(uid);
      Rsk received = Rsk.decode(secret(issued.toSecretBytes().toByteArray(SecretAccess.get())));
      SakkeReceiverKey receiver = Sakke.rskValidator(z).validate(uid, received);

      byte[] ssv = new byte[Sakke.SSV_LENGTH];
      rnd.nextBytes(ssv);
      byte[] sed = Sakke.encapsulator(z, uid).encapsulate(secret(ssv));
      assertThat(sed).hasSize(Sakke.ENCAPSULATED_LENGTH);
      if (!Arrays.equals(sed, IndependentSakke.encapsulate(z.toByteArray(), uid, ssv))) {
        failures.add("case " + c + ": encapsulation differs from the independent RFC 6508 computation");
      }
      SecretBytes out = receiver.decapsulator().decapsulate(sed);
      if (!Arrays.equals(out.toByteArray(SecretAccess.get()), ssv)) {
        failures.add("case " + c + ": decapsulation did not return the SSV");
      }
    }
    assertThat(failures).as("seed %d", SEED).isEmpty();
  }

  @Test
  void tamperedRskOrEncapsulationIsRejected() throws Exception {
    Random rnd = new Random(SEED + 1);
    SecureRandom keys = seeded(SEED + 1);
    SakkeKmsKey kms = SakkeKmsKey.generate(keys);
    byte[] uid = randomUid(rnd);
    Rsk rsk = kms.rskIssuer().issue(uid);
    RskValidator validator = Sakke.rskValidator(kms.publicKey());
    SakkeReceiverKey receiver = validator.validate(uid, rsk);
    List<String> accepted = new ArrayList<>();

    // RSK: flips in the prefix and the coordinates (almost all leave the curve: cheap rejections),
    // and one valid RSK of another identifier
    byte[] rskBytes = rsk.toSecretBytes().toByteArray(SecretAccess.get());
    for (int f = 0; f < FLIPS; f++) {
      int bit = f == 0 ? rnd.nextInt(8) : 8 + rnd.nextInt(8 * 256);
      byte[] bad = rskBytes.clone();
      bad[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
      try {
        validator.validate(uid, Rsk.decode(secret(bad)));
        accepted.add("RSK bit " + bit);
      } catch (InvalidEncodingException | KeyValidationException expected) {
        // rejected
      }
    }
    byte[] other = uid.clone();
    other[5] ^= 0x10;
    assertThatThrownBy(() -> validator.validate(other, rsk)).isInstanceOf(KeyValidationException.class);

    // encapsulated data: flips in R (prefix, coordinates) and in H
    byte[] ssv = new byte[16];
    rnd.nextBytes(ssv);
    byte[] sed = Sakke.encapsulator(kms.publicKey(), uid).encapsulate(secret(ssv));
    int[] bits = new int[FLIPS + 2];
    bits[0] = rnd.nextInt(8); // prefix
    bits[1] = 8 * 257 + rnd.nextInt(128); // H
    for (int f = 2; f < bits.length; f++) {
      bits[f] = 8 + rnd.nextInt(8 * 256);
    }
    for (int bit : bits) {
      byte[] bad = sed.clone();
      bad[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
      try {
        receiver.decapsulator().decapsulate(bad);
        accepted.add("encapsulation bit " + bit);
      } catch (InvalidEncodingException | DecapsulationException expected) {
        // rejected: off-curve R, or the recomputed R does not match (RFC 6508 6.2.2 step 5)
      }
    }
    // the same data sent to another identifier's key fails too
    SakkeReceiverKey otherReceiver = validator.validate(other, kms.rskIssuer().issue(other));
    assertThatThrownBy(() -> otherReceiver.decapsulator().decapsulate(sed)).isInstanceOf(DecapsulationException.class);
    assertThat(accepted).as("seed %d", SEED).isEmpty();
  }

  interface Decoder {
    void decode(byte[] b) throws Exception;
  }

  private static void rejects(Decoder d, byte[] input, String field, Problem problem) {
    assertThatThrownBy(() -> d.decode(input)).isInstanceOfSatisfying(InvalidEncodingException.class, e -> {
      assertThat(e.field()).isEqualTo(field);
      assertThat(e.problem()).isEqualTo(problem);
    });
  }

  private static void pointRules(Decoder d, byte[] good, String field) {
    rejects(d, new byte[256], field, Problem.WRONG_LENGTH);
    rejects(d, Arrays.copyOf(good, 258), field, Problem.WRONG_LENGTH);
    for (int prefix : new int[] {0x00, 0x02, 0x03, 0x06, 0xFF}) {
      byte[] b = good.clone();
      b[0] = (byte) prefix;
      rejects(d, b, field, Problem.WRONG_PREFIX);
    }
    byte[] off = good.clone();
    off[256] ^= 1;
    rejects(d, off, field, Problem.NOT_ON_CURVE);
    byte[] xIsP = good.clone();
    System.arraycopy(IndependentSakke.fixed(IndependentSakke.P, 128), 0, xIsP, 1, 128);
    rejects(d, xIsP, field, Problem.COORDINATE_TOO_LARGE);
    byte[] yTooLarge = good.clone();
    Arrays.fill(yTooLarge, 129, 257, (byte) 0xFF);
    rejects(d, yTooLarge, field, Problem.COORDINATE_TOO_LARGE);
  }

  @Test
  void malformedPointsAreRejectedWithTheirFieldName() throws Exception {
    SakkeKmsKey kms = SakkeKmsKey.generate(seeded(SEED + 2));
    byte[] z = kms.publicKey().toByteArray();
    pointRules(SakkePublicKey::decode, z, Z_FIELD);
    rejects(SakkePublicKey::decode, null, Z_FIELD, Problem.NULL);
    // (0, 0) lies on y^2 = x^3 - 3x but has order 2: not a KMS public key
    byte[] order2 = new byte[257];
    order2[0] = 4;
    rejects(SakkePublicKey::decode, order2, Z_FIELD, Problem.WRONG_ORDER);

    byte[] uid = randomUid(new Random(SEED + 2));
    byte[] rsk = kms.rskIssuer().issue(uid).toSecretBytes().toByteArray(SecretAccess.get());
    pointRules(b -> Rsk.decode(secret(b)), rsk, RSK_FIELD);
    rejects(b -> Rsk.decode(null), null, RSK_FIELD, Problem.NULL);

    byte[] sed = Sakke.encapsulator(kms.publicKey(), uid).encapsulate(secret(new byte[16]));
    SakkeDecapsulator receiver = Sakke.rskValidator(kms.publicKey()).validate(uid, Rsk.decode(secret(rsk))).decapsulator();
    rejects(receiver::decapsulate, null, SED_FIELD, Problem.NULL);
    rejects(receiver::decapsulate, new byte[272], SED_FIELD, Problem.WRONG_LENGTH);
    rejects(receiver::decapsulate, new byte[274], SED_FIELD, Problem.WRONG_LENGTH);
    Decoder asR = r -> {
      byte[] data = sed.clone();
      System.arraycopy(r, 0, data, 0, 257);
      receiver.decapsulate(data);
    };
    for (int prefix : new int[] {0x00, 0x02, 0x03}) {
      byte[] b = Arrays.copyOf(sed, 257);
      b[0] = (byte) prefix;
      rejects(asR, b, R_FIELD, Problem.WRONG_PREFIX);
    }
    byte[] off = Arrays.copyOf(sed, 257);
    off[100] ^= 8;
    rejects(asR, off, R_FIELD, Problem.NOT_ON_CURVE);
    byte[] xIsP = Arrays.copyOf(sed, 257);
    System.arraycopy(IndependentSakke.fixed(IndependentSakke.P, 128), 0, xIsP, 1, 128);
    rejects(asR, xIsP, R_FIELD, Problem.COORDINATE_TOO_LARGE);
  }

  /**
   * R = (0, 0) lies on the curve but has order 2, so it can never be a valid encapsulation. It
   * must be refused with a typed error, never an arithmetic exception from inside the pairing.
   */
  @Test
  void decapsulatingAPointOfOrderTwoIsATypedRejection() throws Exception {
    SakkeKmsKey kms = SakkeKmsKey.generate(seeded(SEED + 4));
    byte[] uid = randomUid(new Random(SEED + 4));
    SakkeReceiverKey receiver = Sakke.rskValidator(kms.publicKey()).validate(uid, kms.rskIssuer().issue(uid));
    byte[] data = new byte[Sakke.ENCAPSULATED_LENGTH];
    data[0] = 4;
    assertThatThrownBy(() -> receiver.decapsulator().decapsulate(data))
        .isInstanceOfAny(InvalidEncodingException.class, DecapsulationException.class);
  }

  @Test
  void secretsNeverPrint() throws Exception {
    SakkeKmsKey kms = SakkeKmsKey.generate(seeded(SEED + 3));
    byte[] uid = randomUid(new Random(SEED + 3));
    Rsk rsk = kms.rskIssuer().issue(uid);
    String zHex = HexFormat.of().formatHex(kms.masterSecret().toByteArray(SecretAccess.get()));
    String rskHex = HexFormat.of().formatHex(rsk.toSecretBytes().toByteArray(SecretAccess.get()), 1, 40);
    for (Object o : new Object[] {kms, rsk, kms.masterSecret(), rsk.toSecretBytes()}) {
      assertThat(o.toString()).doesNotContain(zHex.substring(0, 32)).doesNotContain(rskHex).containsIgnoringCase("redacted");
    }
  }
}
