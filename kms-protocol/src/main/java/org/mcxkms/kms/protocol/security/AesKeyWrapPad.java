package org.mcxkms.kms.protocol.security;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;

/**
 * RFC 5649 AES Key Wrap with Padding under a 256-bit key ({@value KeyWrapAlgorithm#KW_AES256_PAD}), with the
 * JDK's "AES/KWP/NoPadding". Deterministic, authenticated by the alternative initial value and the
 * length indicator; the ciphertext is 8 octets longer than the plaintext rounded up to 8.
 */
final class AesKeyWrapPad implements KeyWrapAlgorithm {
  static final AesKeyWrapPad INSTANCE = new AesKeyWrapPad();

  private AesKeyWrapPad() {}

  @Override
  public String uri() {
    return KeyWrapAlgorithm.KW_AES256_PAD;
  }

  @Override
  public byte[] encrypt(SecretBytes kek, SecretBytes plaintext, SecureRandom random) {
    byte[] k = kek.toByteArray(SecretAccess.get());
    byte[] p = plaintext.toByteArray(SecretAccess.get());
    try {
      return wrap(k, p);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES key wrap failed", e);
    } finally {
      Arrays.fill(k, (byte) 0);
      Arrays.fill(p, (byte) 0);
    }
  }

  @Override
  public SecretBytes decrypt(SecretBytes kek, byte[] ciphertext) throws GeneralSecurityException {
    byte[] k = kek.toByteArray(SecretAccess.get());
    byte[] p = null;
    try {
      p = unwrap(k, ciphertext);
      return SecretBytes.copyOf(p, SecretAccess.get());
    } finally {
      Arrays.fill(k, (byte) 0);
      if (p != null) {
        Arrays.fill(p, (byte) 0);
      }
    }
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
