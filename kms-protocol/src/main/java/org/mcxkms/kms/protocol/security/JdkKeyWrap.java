package org.mcxkms.kms.protocol.security;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;

/**
 * What the bundled algorithms share: the key and the plaintext leave their {@link SecretBytes}
 * only as arrays handed to a JDK cipher, and those arrays are zeroed whatever happens.
 */
abstract class JdkKeyWrap implements KeyWrapAlgorithm {
  /** Encrypts with the JDK; the arrays are the caller's and are zeroed by it. */
  abstract byte[] encryptOctets(byte[] kek, byte[] plaintext, SecureRandom random) throws GeneralSecurityException;

  /** Decrypts and authenticates with the JDK; the key array is zeroed by the caller. */
  abstract byte[] decryptOctets(byte[] kek, byte[] ciphertext) throws GeneralSecurityException;

  @Override
  public final byte[] encrypt(SecretBytes kek, SecretBytes plaintext, SecureRandom random) {
    byte[] k = kek.toByteArray(SecretAccess.get());
    byte[] p = plaintext.toByteArray(SecretAccess.get());
    try {
      return encryptOctets(k, p, random);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(uri() + " encryption failed", e);
    } finally {
      Arrays.fill(k, (byte) 0);
      Arrays.fill(p, (byte) 0);
    }
  }

  @Override
  public final SecretBytes decrypt(SecretBytes kek, byte[] ciphertext) throws GeneralSecurityException {
    byte[] k = kek.toByteArray(SecretAccess.get());
    byte[] p = null;
    try {
      p = decryptOctets(k, ciphertext);
      return SecretBytes.copyOf(p, SecretAccess.get());
    } finally {
      Arrays.fill(k, (byte) 0);
      if (p != null) {
        Arrays.fill(p, (byte) 0);
      }
    }
  }
}
