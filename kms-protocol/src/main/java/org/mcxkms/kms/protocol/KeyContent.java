package org.mcxkms.kms.protocol;

import java.util.Objects;
import org.mcxkms.crypto.SecretBytes;

/**
 * The content of a key element of a {@code KmsKeySet} ({@code UserDecryptKey},
 * {@code UserSigningKeySSK}, {@code UserPubTokenPVT}; schema type {@code abstractKeyContentType}):
 * either the key octets in clear ({@code xsi:type="KeyContentType"}, hexBinary) or an
 * {@code xenc:EncryptedKey} under the transport key ({@code xsi:type="EncKeyContentType"}).
 *
 * <p>Clear octets are held as {@link SecretBytes} for every key element, including the (public)
 * PVT, so one type serves all three; {@link #toString()} never shows them.
 */
public final class KeyContent {
  private final SecretBytes plain;
  private final EncryptedKey encrypted;

  private KeyContent(SecretBytes plain, EncryptedKey encrypted) {
    this.plain = plain;
    this.encrypted = encrypted;
  }

  /** Key octets sent in clear ({@code KeyContentType}). */
  public static KeyContent plain(SecretBytes octets) {
    return new KeyContent(Objects.requireNonNull(octets, "key octets"), null);
  }

  /** Key octets encrypted under the TrK ({@code EncKeyContentType}). */
  public static KeyContent encrypted(EncryptedKey encryptedKey) {
    return new KeyContent(null, Objects.requireNonNull(encryptedKey, "EncryptedKey"));
  }

  public boolean isEncrypted() {
    return encrypted != null;
  }

  /**
   * The clear key octets.
   *
   * @throws IllegalStateException if the content is encrypted (decrypt it first with
   *     {@code TransportProtection})
   */
  public SecretBytes plain() {
    if (plain == null) {
      throw new IllegalStateException("key content is encrypted; decrypt it with the TrK first");
    }
    return plain;
  }

  /**
   * The encrypted form.
   *
   * @throws IllegalStateException if the content is in clear
   */
  public EncryptedKey encrypted() {
    if (encrypted == null) {
      throw new IllegalStateException("key content is not encrypted");
    }
    return encrypted;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KeyContent k)) {
      return false;
    }
    return plain != null ? plain.equalsSecretBytes(k.plain) : encrypted.equals(k.encrypted);
  }

  @Override
  public int hashCode() {
    return plain != null ? plain.length() : encrypted.hashCode();
  }

  @Override
  public String toString() {
    return plain != null ? "KeyContent[plain, " + plain.length() + " octets, redacted]" : "KeyContent[" + encrypted + "]";
  }
}
