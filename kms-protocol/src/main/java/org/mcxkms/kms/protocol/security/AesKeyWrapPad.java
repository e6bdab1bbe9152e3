package org.mcxkms.kms.protocol.security;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 5649 AES Key Wrap with Padding under a 256-bit key ({@value KeyWrapAlgorithm#KW_AES256_PAD}),
 * with the JDK's "AES/KWP/NoPadding". Deterministic, authenticated by the alternative initial value
 * and the length indicator; the ciphertext is 8 octets longer than the plaintext rounded up to 8.
 */
final class AesKeyWrapPad extends JdkKeyWrap {
  static final AesKeyWrapPad INSTANCE = new AesKeyWrapPad();

  private AesKeyWrapPad() {}

  @Override
  public String uri() {
    return KeyWrapAlgorithm.KW_AES256_PAD;
  }

  @Override
  byte[] encryptOctets(byte[] kek, byte[] plaintext, SecureRandom random) throws GeneralSecurityException {
    return wrap(kek, plaintext);
  }

  @Override
  byte[] decryptOctets(byte[] kek, byte[] ciphertext) throws GeneralSecurityException {
    return unwrap(kek, ciphertext);
  }

  /** RFC 5649 wrap with an AES key of any size (the tests use the RFC's 192-bit vectors). */
  static byte[] wrap(byte[] kek, byte[] plaintext) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/KWP/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"));
    return c.doFinal(plaintext);
  }

  static byte[] unwrap(byte[] kek, byte[] ciphertext) throws GeneralSecurityException {
    if (ciphertext.length < 16 || ciphertext.length % 8 != 0) {
      throw new GeneralSecurityException("an RFC 5649 ciphertext is a multiple of 8 octets, at least 16");
    }
    Cipher c = Cipher.getInstance("AES/KWP/NoPadding");
    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"));
    return c.doFinal(ciphertext);
  }
}
