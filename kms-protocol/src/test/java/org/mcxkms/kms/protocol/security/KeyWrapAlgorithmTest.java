package org.mcxkms.kms.protocol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;

class KeyWrapAlgorithmTest {
  private static final HexFormat HEX = HexFormat.of();

  /** RFC 5649 section 6: both examples (192-bit KEK), through our wrap/unwrap. */
  @Test
  void rfc5649Vectors() throws Exception {
    byte[] kek = HEX.parseHex("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8");
    String[][] vectors = {
        {"c37b7e6492584340bed12207808941155068f738", "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a"},
        {"466f7250617369", "afbeb0f07dfbf5419200f2ccb50bb24f"},
    };
    for (String[] v : vectors) {
      assertThat(HEX.formatHex(AesKeyWrapPad.wrap(kek, HEX.parseHex(v[0])))).isEqualTo(v[1]);
      assertThat(HEX.formatHex(AesKeyWrapPad.unwrap(kek, HEX.parseHex(v[1])))).isEqualTo(v[0]);
    }
  }

  /** GCM spec (McGrew-Viega) test case 15: AES-256, 96-bit IV, no AAD; CipherValue = IV||C||T. */
  @Test
  void gcmTestCase15InXmlEncLayout() throws Exception {
    SecretBytes key = SecretBytes.copyOf(
        HEX.parseHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"), SecretAccess.get());
    String cipherValue = "cafebabefacedbaddecaf888"
        + "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
        + "c5f61e6393ba7a0abcc9f662898015ad"
        + "b094dac5d93471bdec1a502270e3cc6c";
    SecretBytes p = KeyWrapAlgorithm.aes256Gcm().decrypt(key, HEX.parseHex(cipherValue));
    assertThat(HEX.formatHex(p.toByteArray(SecretAccess.get()))).isEqualTo(
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
  }

  @Test
  void roundTripsEveryKeyLengthAndRejectsWrongKeysAndTampering() throws Exception {
    long seed = new SecureRandom().nextLong();
    Random rnd = new Random(seed);
    SecureRandom random = new SecureRandom();
    for (KeyWrapAlgorithm alg : new KeyWrapAlgorithm[] {KeyWrapAlgorithm.aes256KeyWrapPad(), KeyWrapAlgorithm.aes256Gcm()}) {
      for (int len : new int[] {1, 7, 8, 32, 65, 257, 300}) {
        byte[] kek = new byte[32];
        byte[] material = new byte[len];
        rnd.nextBytes(kek);
        rnd.nextBytes(material);
        SecretBytes k = SecretBytes.copyOf(kek, SecretAccess.get());
        byte[] c = alg.encrypt(k, SecretBytes.copyOf(material, SecretAccess.get()), random);
        String what = alg.uri() + " len " + len + " seed " + seed;
        assertThat(alg.decrypt(k, c).toByteArray(SecretAccess.get())).as(what).isEqualTo(material);

        byte[] other = kek.clone();
        other[rnd.nextInt(32)] ^= (byte) (1 << rnd.nextInt(8));
        assertThatThrownBy(() -> alg.decrypt(SecretBytes.copyOf(other, SecretAccess.get()), c)).as(what)
            .isInstanceOf(GeneralSecurityException.class);
        byte[] flipped = c.clone();
        flipped[rnd.nextInt(c.length)] ^= (byte) (1 << rnd.nextInt(8));
        assertThatThrownBy(() -> alg.decrypt(k, flipped)).as(what).isInstanceOf(GeneralSecurityException.class);
        byte[] truncated = Arrays.copyOf(c, c.length - 8);
        assertThatThrownBy(() -> alg.decrypt(k, truncated)).as(what).isInstanceOf(GeneralSecurityException.class);
      }
    }
  }

  @Test
  void ciphertextSizesOfTheAnnexDKeys() {
    SecretBytes kek = SecretBytes.random(32, new SecureRandom());
    KeyWrapAlgorithm kwp = KeyWrapAlgorithm.aes256KeyWrapPad();
    SecureRandom r = new SecureRandom();
    assertThat(kwp.encrypt(kek, SecretBytes.random(257, r), r)).hasSize(272);
    assertThat(kwp.encrypt(kek, SecretBytes.random(65, r), r)).hasSize(80);
    assertThat(kwp.encrypt(kek, SecretBytes.random(32, r), r)).hasSize(40);
    assertThat(KeyWrapAlgorithm.aes256Gcm().encrypt(kek, SecretBytes.random(257, r), r)).hasSize(12 + 257 + 16);
  }
}
