package org.mcxkms.kms.server.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;

class SealerTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static Kek kek(int seed) {
    byte[] k = new byte[32];
    new Random(seed).nextBytes(k);
    return Kek.of(SecretBytes.copyOf(k, SecretAccess.get()));
  }

  private static SecretBytes secret() {
    byte[] s = new byte[160];
    new Random(42).nextBytes(s);
    return SecretBytes.copyOf(s, SecretAccess.get());
  }

  @Test
  void roundTripAndFreshNonce() throws Exception {
    Sealer sealer = new Sealer(kek(1), RANDOM);
    String a = sealer.seal(secret(), "dom", 1);
    String b = sealer.seal(secret(), "dom", 1);
    assertThat(a).startsWith("v1.").isNotEqualTo(b);
    assertThat(sealer.open(a, "dom", 1, 160).equalsSecretBytes(secret())).isTrue();
    assertThat(a).doesNotContain(java.util.HexFormat.of().formatHex(secret().toByteArray(SecretAccess.get())));
  }

  @Test
  void wrongKeyDomainOrCertificateFailsAuthentication() {
    String sealed = new Sealer(kek(1), RANDOM).seal(secret(), "dom", 1);
    assertThatThrownBy(() -> new Sealer(kek(2), RANDOM).open(sealed, "dom", 1, 160))
        .isInstanceOf(SealException.class).hasMessageContaining("fail authentication");
    assertThatThrownBy(() -> new Sealer(kek(1), RANDOM).open(sealed, "other", 1, 160))
        .isInstanceOf(SealException.class).hasMessageContaining("fail authentication");
    assertThatThrownBy(() -> new Sealer(kek(1), RANDOM).open(sealed, "dom", 2, 160))
        .isInstanceOf(SealException.class).hasMessageContaining("fail authentication");
  }

  @Test
  void keySealsAreBoundToTheirKeyIdAndNeverOpenAsMasterSecrets() throws Exception {
    Sealer sealer = new Sealer(kek(1), RANDOM);
    byte[] k = new byte[32];
    new Random(5).nextBytes(k);
    SecretBytes key = SecretBytes.copyOf(k, SecretAccess.get());
    String sealed = sealer.sealKey(key, "dom", "ink.1");
    assertThat(sealer.openKey(sealed, "dom", "ink.1", 32).equalsSecretBytes(key)).isTrue();
    assertThatThrownBy(() -> sealer.openKey(sealed, "dom", "ink.2", 32)).isInstanceOf(SealException.class);
    assertThatThrownBy(() -> sealer.openKey(sealed, "other", "ink.1", 32)).isInstanceOf(SealException.class);
    String master = sealer.seal(key, "dom", 1);
    assertThatThrownBy(() -> sealer.openKey(master, "dom", "1", 32)).isInstanceOf(SealException.class);
  }

  @Test
  void everySingleBitFlipIsDetected() {
    Sealer sealer = new Sealer(kek(1), RANDOM);
    String sealed = sealer.seal(secret(), "dom", 1);
    byte[] raw = Base64.getUrlDecoder().decode(sealed.substring(3));
    long seed = 7;
    Random r = new Random(seed);
    for (int i = 0; i < 64; i++) {
      byte[] t = raw.clone();
      int bit = r.nextInt(t.length * 8);
      t[bit / 8] ^= (byte) (1 << (bit % 8));
      String tampered = "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(t);
      assertThatThrownBy(() -> sealer.open(tampered, "dom", 1, 160))
          .as("bit %d (seed %d)", bit, seed)
          .isInstanceOf(SealException.class);
    }
  }

  @Test
  void truncatedOrMalformedSealIsRefused() {
    Sealer sealer = new Sealer(kek(1), RANDOM);
    String sealed = sealer.seal(secret(), "dom", 1);
    assertThatThrownBy(() -> sealer.open(sealed.substring(0, sealed.length() - 4), "dom", 1, 160))
        .isInstanceOf(SealException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> sealer.open("v2." + sealed.substring(3), "dom", 1, 160))
        .isInstanceOf(SealException.class);
    assertThatThrownBy(() -> sealer.open("v1.***", "dom", 1, 160)).isInstanceOf(SealException.class);
    assertThatThrownBy(() -> sealer.open(null, "dom", 1, 160)).isInstanceOf(SealException.class);
  }

  @Test
  void argon2idIsDeterministicInPassphraseAndSalt() {
    byte[] salt = new byte[16];
    KdfParams p = new KdfParams(256, 1, 1, salt);
    assertThat(KdfParams.decode(p.encode()).encode()).isEqualTo(p.encode());
    String a = Kek.fromPassphrase("correct horse".toCharArray(), p).checkValue("d");
    assertThat(Kek.fromPassphrase("correct horse".toCharArray(), p).checkValue("d")).isEqualTo(a);
    assertThat(Kek.fromPassphrase("correct horsf".toCharArray(), p).checkValue("d")).isNotEqualTo(a);
    salt[0] = 1;
    assertThat(Kek.fromPassphrase("correct horse".toCharArray(), new KdfParams(256, 1, 1, salt)).checkValue("d"))
        .isNotEqualTo(a);
    assertThat(kek(1).toString()).doesNotContainPattern("[0-9a-f]{8}");
  }

  @Test
  void weakKdfParametersAreRejected() {
    assertThatThrownBy(() -> new KdfParams(256, 1, 1, new byte[8])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KdfParams.decode("argon2id;v=16;m=256;t=1;p=1;salt=00000000000000000000000000000000"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void forgedKdfParametersThatWouldStallAStartAreRejected() {
    String salt = "00000000000000000000000000000000";
    assertThatThrownBy(() -> KdfParams.decode("argon2id;v=19;m=2147483647;t=1;p=1;salt=" + salt))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    assertThatThrownBy(() -> KdfParams.decode("argon2id;v=19;m=65536;t=100000;p=1;salt=" + salt))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    assertThatThrownBy(() -> KdfParams.decode("argon2id;v=19;m=65536;t=3;p=255;salt=" + salt))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    assertThatThrownBy(() -> KdfParams.decode("argon2id;v=19;m=65536;t=3;p=1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lack salt");
    assertThat(KdfParams.decode("argon2id;v=19;m=" + KdfParams.MAX_MEMORY_KIB + ";t=3;p=1;salt=" + salt).memoryKib())
        .isEqualTo(KdfParams.MAX_MEMORY_KIB);
  }
}
