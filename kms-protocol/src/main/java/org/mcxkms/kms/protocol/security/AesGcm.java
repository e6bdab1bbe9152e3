package org.mcxkms.kms.protocol.security;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;

/**
 * AES-256-GCM as XML Encryption 1.1 defines it ({@value KeyWrapAlgorithm#AES256_GCM}): CipherValue =
 * 96-bit random IV || ciphertext || 128-bit tag, no additional authenticated data.
 */
final class AesGcm implements KeyWrapAlgorithm {
  static final AesGcm INSTANCE = new AesGcm();
  private static final int IV = 12;
  private static final int TAG = 16;

  private AesGcm() {}

  @Override
  public String uri() {
    return KeyWrapAlgorithm.AES256_GCM;
  }

  @Override
  public byte[] encrypt(SecretBytes kek, SecretBytes plaintext, SecureRandom random) {
    byte[] k = kek.toByteArray(SecretAccess.get());
    byte[] p = plaintext.toByteArray(SecretAccess.get());
    try {
      byte[] iv = new byte[IV];
      random.nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(TAG * 8, iv));
      byte[] out = new byte[IV + p.length + TAG];
      System.arraycopy(iv, 0, out, 0, IV);
      c.doFinal(p, 0, p.length, out, IV);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    } finally {
      Arrays.fill(k, (byte) 0);
      Arrays.fill(p, (byte) 0);
    }
  }

  @Override
  public SecretBytes decrypt(SecretBytes kek, byte[] ciphertext) throws GeneralSecurityException {
    if (ciphertext.length < IV + TAG) {
      throw new GeneralSecurityException("an AES-GCM CipherValue has at least " + (IV + TAG) + " octets");
    }
    byte[] k = kek.toByteArray(SecretAccess.get());
    byte[] p = null;
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(TAG * 8, ciphertext, 0, IV));
      p = c.doFinal(ciphertext, IV, ciphertext.length - IV);
      return SecretBytes.copyOf(p, SecretAccess.get());
    } finally {
      Arrays.fill(k, (byte) 0);
      if (p != null) {
        Arrays.fill(p, (byte) 0);
      }
    }
  }
}
