package org.mcxkms.crypto.internal.sakke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.KeyValidationException;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.internal.Octets;
import org.mcxkms.crypto.sakke.Rsk;
import org.mcxkms.crypto.sakke.Sakke;
import org.mcxkms.crypto.sakke.SakkeKmsKey;
import org.mcxkms.crypto.sakke.SakkePublicKey;
import org.mcxkms.crypto.sakke.SakkeReceiverKey;

/** Whole SAKKE operations against ReferenceSakke, edge identifiers, and concurrent first use. */
class SakkeEngineTest {
  static final BigInteger Q = ParameterSet1.Q;
  static final long SEED = 0x5ACCE1L;

  static SecretBytes secret(byte[] b) {
    return SecretBytes.copyOf(b, SecretAccess.get());
  }

  /** Every output of issue and encapsulation recomputed with the BigInteger reference. */
  @Test
  void randomKeysAndMessagesMatchTheReference() throws Exception {
    Random rnd = new Random(SEED);
    for (int n = 0; n < 2; n++) {
      BigInteger z = new BigInteger(1022, rnd).mod(Q.subtract(BigInteger.TWO)).add(BigInteger.TWO);
      byte[] id = new byte[32];
      rnd.nextBytes(id);
      if (n == 1) {
        id[0] = (byte) 0x80; // top bit set: the integer must still be read unsigned
      }
      byte[] ssv = new byte[16];
      rnd.nextBytes(ssv);
      ssv[0] |= (byte) 0x80;
      SakkeKmsKey kms = SakkeKmsKey.fromMasterSecret(secret(Octets.fixed(z, 128)));
      BigInteger[] zp = ReferenceSakke.multiply(z, ReferenceSakke.BASE);
      assertThat(kms.publicKey().toByteArray()).as("Z, seed %d case %d", SEED, n).isEqualTo(ReferenceSakke.encode(zp));
      BigInteger a = new BigInteger(1, id);
      BigInteger[] k = ReferenceSakke.multiply(a.add(z).modInverse(Q), ReferenceSakke.BASE);
      Rsk rsk = kms.rskIssuer().issue(id);
      assertThat(rsk.toSecretBytes().toByteArray(SecretAccess.get())).as("RSK case %d", n).isEqualTo(ReferenceSakke.encode(k));
      byte[] sed = Sakke.encapsulator(kms.publicKey(), id).encapsulate(secret(ssv));
      BigInteger r = ReferenceSakke.hashToIntegerRange(Octets.concat(ssv, id), Q);
      BigInteger[] rp = ReferenceSakke.multiply(r, ReferenceSakke.add(ReferenceSakke.multiply(a, ReferenceSakke.BASE), zp));
      BigInteger gr = ReferenceSakke.pfPow(ParameterSet1.G, r);
      byte[] mask = Octets.fixed(ReferenceSakke.hashToIntegerRange(Octets.fixed(gr, 128), BigInteger.ONE.shiftLeft(128)), 16);
      byte[] h = new byte[16];
      for (int i = 0; i < 16; i++) {
        h[i] = (byte) (ssv[i] ^ mask[i]);
      }
      assertThat(sed).as("SED case %d", n).isEqualTo(Octets.concat(ReferenceSakke.encode(rp), h));
      SakkeReceiverKey rk = Sakke.rskValidator(kms.publicKey()).validate(id, rsk);
      assertThat(rk.decapsulator().decapsulate(sed).toByteArray(SecretAccess.get())).isEqualTo(ssv);
    }
  }

  @Test
  void identifierThatIsAMultipleOfQ() throws Exception {
    SakkeKmsKey kms = SakkeKmsKey.generate(new SecureRandom());
    byte[] id = Octets.fixed(Q, 128); // a = q = 0 mod q: [a]P is the point at infinity
    Rsk rsk = kms.rskIssuer().issue(id);
    SakkeReceiverKey rk = Sakke.rskValidator(kms.publicKey()).validate(id, rsk);
    byte[] ssv = new byte[16];
    new SecureRandom().nextBytes(ssv);
    byte[] sed = Sakke.encapsulator(kms.publicKey(), id).encapsulate(secret(ssv));
    assertThat(rk.decapsulator().decapsulate(sed).toByteArray(SecretAccess.get())).isEqualTo(ssv);
    // the same RSK under a different identifier must not validate
    assertThatThrownBy(() -> Sakke.rskValidator(kms.publicKey()).validate(new byte[] {1}, rsk))
        .isInstanceOf(KeyValidationException.class);
  }

  @Test
  void identifierEqualToMinusZHasNoRsk() throws Exception {
    BigInteger z = new BigInteger(1022, new Random(SEED + 1)).mod(Q.subtract(BigInteger.TWO)).add(BigInteger.TWO);
    SakkeKmsKey kms = SakkeKmsKey.fromMasterSecret(secret(Octets.fixed(z, 128)));
    byte[] id = Octets.fixed(Q.subtract(z), 128);
    assertThatThrownBy(() -> kms.rskIssuer().issue(id)).isInstanceOf(IllegalArgumentException.class);
    Rsk other = kms.rskIssuer().issue(new byte[] {7});
    assertThatThrownBy(() -> Sakke.rskValidator(kms.publicKey()).validate(id, other))
        .isInstanceOf(KeyValidationException.class);
    assertThatThrownBy(() -> Sakke.encapsulator(kms.publicKey(), id).encapsulate(secret(new byte[16])))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void masterSecretRange() throws Exception {
    List<BigInteger> bad = List.of(BigInteger.ZERO, BigInteger.ONE, Q, Q.add(BigInteger.ONE),
        BigInteger.ONE.shiftLeft(1024).subtract(BigInteger.ONE));
    for (BigInteger v : bad) {
      assertThat(SakkeEngine.isValidMasterSecret(Octets.fixed(v, 128))).as(v.toString(16)).isFalse();
      assertThatThrownBy(() -> SakkeKmsKey.fromMasterSecret(secret(Octets.fixed(v, 128))))
          .isInstanceOf(InvalidEncodingException.class)
          .hasMessageContaining("SAKKE master secret");
    }
    for (BigInteger v : List.of(BigInteger.TWO, Q.subtract(BigInteger.ONE), Q.shiftRight(1))) {
      assertThat(SakkeEngine.isValidMasterSecret(Octets.fixed(v, 128))).as(v.toString(16)).isTrue();
    }
    assertThat(SakkeEngine.isValidMasterSecret(new byte[127])).isFalse();
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 20; i++) {
      byte[] z = SakkeEngine.generateMasterSecret(random);
      BigInteger v = new BigInteger(1, z);
      assertThat(v).isGreaterThanOrEqualTo(BigInteger.TWO).isLessThan(Q);
    }
  }

  /** The lazily built tables and lines of a fresh key are shared correctly by racing threads. */
  @Test
  void concurrentFirstUseOfFreshKeys() throws Exception {
    SakkeKmsKey kms = SakkeKmsKey.generate(new SecureRandom());
    SakkePublicKey z = SakkePublicKey.decode(kms.publicKey().toByteArray()); // fresh, no tables yet
    byte[] id = "tel:+441632960000".getBytes(StandardCharsets.US_ASCII);
    Rsk rsk = kms.rskIssuer().issue(id);
    SakkeReceiverKey rk = Sakke.rskValidator(z).validate(id, rsk);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> jobs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        byte[] ssv = new byte[16];
        new SecureRandom().nextBytes(ssv);
        jobs.add(() -> {
          byte[] sed = Sakke.encapsulator(z, id).encapsulate(secret(ssv));
          return Arrays.equals(rk.decapsulator().decapsulate(sed).toByteArray(SecretAccess.get()), ssv);
        });
      }
      for (Future<Boolean> f : pool.invokeAll(jobs)) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
