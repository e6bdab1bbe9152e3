package org.mcxkms.kms.protocol.security;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM as XML Encryption 1.1 defines it ({@value KeyWrapAlgorithm#AES256_GCM}): CipherValue =
 * 96-bit random IV || ciphertext || 128-bit tag, no additional authenticated data.
 */
final class AesGcm extends JdkKeyWrap {
  static final AesGcm INSTANCE = new AesGcm();
  private static final int IV = 12;
  private static final int TAG = 16;

  private AesGcm() {}

  @Override
  public String uri() {
    return KeyWrapAlgorithm.AES256_GCM;
  }

  @Override
  byte[] encryptOctets(byte[] kek, byte[] plaintext, SecureRandom random) throws GeneralSecurityException {
    byte[] iv = new byte[IV];
    random.nextBytes(iv);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(TAG * 8, iv));
    byte[] out = new byte[IV + plaintext.length + TAG];
    System.arraycopy(iv, 0, out, 0, IV);
    c.doFinal(plaintext, 0, plaintext.length, out, IV);
    return out;
  }

  @Override
  byte[] decryptOctets(byte[] kek, byte[] ciphertext) throws GeneralSecurityException {
    if (ciphertext.length < IV + TAG) {
      throw new GeneralSecurityException("an AES-GCM CipherValue has at least " + (IV + TAG) + " octets");
    }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(TAG * 8, ciphertext, 0, IV));
    return c.doFinal(ciphertext, IV, ciphertext.length - IV);
  }
}
