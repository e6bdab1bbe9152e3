package org.mcxkms.kms.protocol.security;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.mcxkms.crypto.SecretBytes;

/**
 * One XML Encryption algorithm (identified by its {@code EncryptionMethod} URI) that protects key
 * material under a 256-bit TrK. Implementations must authenticate the ciphertext (a wrong key or
 * an altered ciphertext fails with an exception) and accept any plaintext length the Annex D key
 * elements need (32, 65, 257 octets).
 *
 * <p>Bundled: {@link #aes256KeyWrapPad()} (default) and {@link #aes256Gcm()}.
 */
public interface KeyWrapAlgorithm {
  /** RFC 5649 AES-256 key wrap with padding (XML Encryption 1.1); our default for key material. */
  String KW_AES256_PAD = "http://www.w3.org/2009/xmlenc11#kw-aes-256-pad";
  /** AES-256-GCM (XML Encryption 1.1); the alternative key material cipher. */
  String AES256_GCM = "http://www.w3.org/2009/xmlenc11#aes256-gcm";

  /** The {@code xenc:EncryptionMethod/@Algorithm} URI. */
  String uri();

  /** Encrypts {@code plaintext} under {@code kek}. */
  byte[] encrypt(SecretBytes kek, SecretBytes plaintext, SecureRandom random);

  /**
   * Decrypts and authenticates.
   *
   * @throws GeneralSecurityException if the key is wrong or the ciphertext was altered or is malformed
   */
  SecretBytes decrypt(SecretBytes kek, byte[] ciphertext) throws GeneralSecurityException;

  /** RFC 5649 AES key wrap with padding, AES-256: {@value #KW_AES256_PAD}. */
  static KeyWrapAlgorithm aes256KeyWrapPad() {
    return AesKeyWrapPad.INSTANCE;
  }

  /** AES-256-GCM, 96-bit IV, 128-bit tag: {@value #AES256_GCM}. */
  static KeyWrapAlgorithm aes256Gcm() {
    return AesGcm.INSTANCE;
  }
}
