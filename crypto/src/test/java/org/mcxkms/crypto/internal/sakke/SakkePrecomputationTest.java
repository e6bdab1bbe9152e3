package org.mcxkms.crypto.internal.sakke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mcxkms.crypto.internal.sakke.Rfc6508AppendixATest.B;
import static org.mcxkms.crypto.internal.sakke.Rfc6508AppendixATest.H;
import static org.mcxkms.crypto.internal.sakke.Rfc6508AppendixATest.RBX;
import static org.mcxkms.crypto.internal.sakke.Rfc6508AppendixATest.RBY;
import static org.mcxkms.crypto.internal.sakke.Rfc6508AppendixATest.SSV;
import static org.mcxkms.crypto.internal.sakke.Rfc6508AppendixATest.concat;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.DecapsulationException;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.sakke.Sakke;
import org.mcxkms.crypto.sakke.SakkeEncapsulator;
import org.mcxkms.crypto.sakke.SakkeEncapsulatorCache;
import org.mcxkms.crypto.sakke.SakkeKmsKey;
import org.mcxkms.crypto.sakke.SakkeReceiverKey;

/**
 * The prepared paths (a receiver's tables built ahead, a sender's per-receiver table, the bounded
 * cache of those) give exactly the RFC 6508 Appendix A encapsulated data and the same results as
 * the one-shot path on random keys, identifiers and SSVs.
 */
class SakkePrecomputationTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static SecretBytes secret(byte[] b) {
    return SecretBytes.copyOf(b, SecretAccess.get());
  }

  @Test
  void preparedAndCachedEncapsulationGiveTheRfc6508Vector() throws Exception {
    SakkeKmsKey kms = Rfc6508AppendixATest.kms();
    byte[] expected = concat(new byte[] {4}, RBX, RBY, H);
    assertThat(Sakke.preparedEncapsulator(kms.publicKey(), B).encapsulate(secret(SSV))).isEqualTo(expected);
    SakkeEncapsulatorCache cache = new SakkeEncapsulatorCache(4);
    assertThat(cache.encapsulator(kms.publicKey(), B).encapsulate(secret(SSV))).isEqualTo(expected);
    assertThat(cache.encapsulator(kms.publicKey(), B.clone()).encapsulate(secret(SSV))).isEqualTo(expected);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void preparedReceiverDecapsulatesTheRfc6508Vector() throws Exception {
    SakkeKmsKey kms = Rfc6508AppendixATest.kms();
    SakkeReceiverKey rk = Sakke.rskValidator(kms.publicKey()).validate(B, kms.rskIssuer().issue(B)).prepare();
    byte[] data = concat(new byte[] {4}, RBX, RBY, H);
    assertThat(rk.decapsulator().decapsulate(data).toByteArray(SecretAccess.get())).isEqualTo(SSV);
    // R altered in its last octet is no longer on the curve or no longer matches: rejected
    byte[] tampered = data.clone();
    tampered[256] ^= 1;
    assertThatThrownBy(() -> rk.decapsulator().decapsulate(tampered)).isInstanceOf(Exception.class);
  }

  @Test
  void allPathsAgreeOnRandomInputs() throws Exception {
    SakkeKmsKey kms = SakkeKmsKey.generate(RANDOM);
    SakkeEncapsulatorCache cache = new SakkeEncapsulatorCache(2);
    for (int n = 0; n < 4; n++) {
      byte[] id = new byte[1 + RANDOM.nextInt(40)];
      RANDOM.nextBytes(id);
      SakkeReceiverKey lazy = Sakke.rskValidator(kms.publicKey()).validate(id, kms.rskIssuer().issue(id));
      SakkeReceiverKey prepared = Sakke.rskValidator(kms.publicKey()).validate(id, kms.rskIssuer().issue(id)).prepare();
      SakkeEncapsulator oneShot = Sakke.encapsulator(kms.publicKey(), id);
      SakkeEncapsulator withTable = Sakke.preparedEncapsulator(kms.publicKey(), id);
      SakkeEncapsulator cached = cache.encapsulator(kms.publicKey(), id);
      for (int k = 0; k < 2; k++) {
        byte[] ssv = new byte[Sakke.SSV_LENGTH];
        RANDOM.nextBytes(ssv);
        byte[] expected = oneShot.encapsulate(secret(ssv));
        assertThat(withTable.encapsulate(secret(ssv))).isEqualTo(expected);
        assertThat(cached.encapsulate(secret(ssv))).isEqualTo(expected);
        assertThat(prepared.decapsulator().decapsulate(expected).toByteArray(SecretAccess.get())).isEqualTo(ssv);
        assertThat(lazy.decapsulator().decapsulate(expected).toByteArray(SecretAccess.get())).isEqualTo(ssv);
      }
    }
    assertThat(cache.size()).isEqualTo(2); // bounded: the least recently used receivers were evicted
  }

  @Test
  void preparedReceiverRejectsAnEncapsulationToSomeoneElse() throws Exception {
    SakkeKmsKey kms = SakkeKmsKey.generate(RANDOM);
    byte[] me = "sip:me@example.org".getBytes();
    byte[] other = "sip:other@example.org".getBytes();
    SakkeReceiverKey rk = Sakke.rskValidator(kms.publicKey()).validate(me, kms.rskIssuer().issue(me)).prepare();
    byte[] data = Sakke.preparedEncapsulator(kms.publicKey(), other).encapsulate(secret(Arrays.copyOf(SSV, 16)));
    assertThatThrownBy(() -> rk.decapsulator().decapsulate(data)).isInstanceOf(DecapsulationException.class);
  }

  @Test
  void cacheRejectsANonPositiveBound() {
    assertThatThrownBy(() -> new SakkeEncapsulatorCache(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
