package org.mcxkms.crypto.eccsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.KeyValidationException;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.SignatureVerificationException;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.Uid;

/**
 * Seeded property loops over random KMS keys, identities (UIDs of random URIs and key periods) and
 * messages: issue, validate, sign, verify; and every single-bit flip of a signature, PVT or SSK is
 * rejected. Raise the case count with -Dmcxkms.test.eccsiCases=N, fix the seed with
 * -Dmcxkms.test.seed=S.
 */
class EccsiPropertyTest {
  private static final long SEED = Long.getLong("mcxkms.test.seed", 0xecc51L);
  private static final int CASES = Integer.getInteger("mcxkms.test.eccsiCases", 40);

  /** A deterministic SecureRandom for reproducible keys (test only). */
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
    KeyPeriodPolicy policy = KeyPeriodPolicy.of(1 + rnd.nextInt(100_000_000), rnd.nextInt(3) == 0 ? rnd.nextInt(1_000_000) : 0);
    String uri = "sip:user" + rnd.nextInt(1_000_000) + "@example" + rnd.nextInt(100) + ".org";
    return Uid.format2(uri, "kms.example.org", policy, rnd.nextInt(1 << 20)).toByteArray();
  }

  @Test
  void issueValidateSignVerify() throws Exception {
    Random rnd = new Random(SEED);
    SecureRandom keys = seeded(SEED);
    for (int c = 0; c < CASES; c++) {
      EccsiKmsKey kms = EccsiKmsKey.generate(keys);
      byte[] uid = randomUid(rnd);
      IssuedEccsiKey issued = (c % 2 == 0 ? kms.deterministicIssuer() : kms.randomizedIssuer(keys)).issue(uid);
      // the KMS key survives a round trip through its sealed form
      EccsiKmsKey restored = EccsiKmsKey.fromKsak(SecretBytes.copyOf(kms.ksak().toByteArray(SecretAccess.get()), SecretAccess.get()));
      assertThat(restored.kpak()).isEqualTo(kms.kpak());
      // the client decodes what went over the wire and validates it
      Ssk ssk = Ssk.decode(SecretBytes.copyOf(issued.ssk().toSecretBytes().toByteArray(SecretAccess.get()), SecretAccess.get()));
      Pvt pvt = Pvt.decode(issued.pvt().toByteArray());
      Kpak kpak = Kpak.decode(kms.kpak().toByteArray());
      EccsiSigningKey key = Eccsi.keyValidator(kpak).validate(uid, ssk, pvt);
      byte[] message = new byte[rnd.nextInt(300)];
      rnd.nextBytes(message);
      byte[] sig = key.signer(keys).sign(message);
      assertThat(sig).hasSize(Eccsi.SIGNATURE_LENGTH);
      Eccsi.verifier(kpak, uid).verify(message, sig);
      // fresh j per signature
      assertThat(key.signer(keys).sign(message)).isNotEqualTo(sig);
    }
  }

  @Test
  void everyFlippedBitOfASignatureIsRejected() throws Exception {
    Random rnd = new Random(SEED + 1);
    SecureRandom keys = seeded(SEED + 1);
    List<String> accepted = new ArrayList<>();
    for (int c = 0; c < Math.max(2, CASES / 10); c++) {
      EccsiKmsKey kms = EccsiKmsKey.generate(keys);
      byte[] uid = randomUid(rnd);
      IssuedEccsiKey issued = kms.deterministicIssuer().issue(uid);
      EccsiSigningKey key = Eccsi.keyValidator(kms.kpak()).validate(uid, issued.ssk(), issued.pvt());
      byte[] message = ("case " + c).getBytes();
      byte[] sig = key.signer(keys).sign(message);
      EccsiVerifier verifier = Eccsi.verifier(kms.kpak(), uid);
      for (int bit = 0; bit < 8 * sig.length; bit++) {
        byte[] bad = sig.clone();
        bad[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
        try {
          verifier.verify(message, bad);
          accepted.add("case " + c + " bit " + bit);
        } catch (InvalidEncodingException | SignatureVerificationException expected) {
          // rejected, as it must be
        }
      }
      // a flipped message bit, another signer identifier or another KPAK are rejected too
      byte[] otherMessage = message.clone();
      otherMessage[0] ^= 1;
      assertThrowsVerification(() -> verifier.verify(otherMessage, sig));
      byte[] otherUid = uid.clone();
      otherUid[rnd.nextInt(32)] ^= 1;
      assertThrowsVerification(() -> Eccsi.verifier(kms.kpak(), otherUid).verify(message, sig));
      assertThrowsVerification(() -> Eccsi.verifier(EccsiKmsKey.generate(keys).kpak(), uid).verify(message, sig));
    }
    assertThat(accepted).as("seed %d", SEED).isEmpty();
  }

  private interface Action {
    void run() throws Exception;
  }

  private static void assertThrowsVerification(Action a) {
    try {
      a.run();
    } catch (SignatureVerificationException expected) {
      return;
    } catch (Exception e) {
      throw new AssertionError("unexpected " + e, e);
    }
    throw new AssertionError("accepted a signature that must fail");
  }

  @Test
  void everyFlippedBitOfAnSskOrPvtIsRejected() throws Exception {
    Random rnd = new Random(SEED + 2);
    SecureRandom keys = seeded(SEED + 2);
    List<String> accepted = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      EccsiKmsKey kms = EccsiKmsKey.generate(keys);
      byte[] uid = randomUid(rnd);
      IssuedEccsiKey issued = kms.deterministicIssuer().issue(uid);
      EccsiKeyValidator validator = Eccsi.keyValidator(kms.kpak());
      byte[] ssk = issued.ssk().toSecretBytes().toByteArray(SecretAccess.get());
      for (int bit = 0; bit < 8 * ssk.length; bit++) {
        byte[] bad = ssk.clone();
        bad[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
        try {
          validator.validate(uid, Ssk.decode(SecretBytes.copyOf(bad, SecretAccess.get())), issued.pvt());
          accepted.add("case " + c + " SSK bit " + bit);
        } catch (InvalidEncodingException | KeyValidationException expected) {
          // rejected
        }
      }
      byte[] pvt = issued.pvt().toByteArray();
      for (int bit = 0; bit < 8 * pvt.length; bit++) {
        byte[] bad = pvt.clone();
        bad[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
        try {
          validator.validate(uid, issued.ssk(), Pvt.decode(bad));
          accepted.add("case " + c + " PVT bit " + bit);
        } catch (InvalidEncodingException | KeyValidationException expected) {
          // rejected (almost always as "not on the curve")
        }
      }
      // the right keys under another identifier or another KPAK fail validation
      byte[] otherUid = uid.clone();
      otherUid[0] ^= 0x40;
      try {
        validator.validate(otherUid, issued.ssk(), issued.pvt());
        accepted.add("case " + c + " other identifier");
      } catch (KeyValidationException expected) {
        // rejected
      }
      try {
        Eccsi.keyValidator(EccsiKmsKey.generate(keys).kpak()).validate(uid, issued.ssk(), issued.pvt());
        accepted.add("case " + c + " other KPAK");
      } catch (KeyValidationException expected) {
        // rejected
      }
    }
    assertThat(accepted).as("seed %d", SEED).isEmpty();
  }
}
