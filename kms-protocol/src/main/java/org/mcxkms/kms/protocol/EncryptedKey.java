package org.mcxkms.kms.protocol;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@code xenc:EncryptedKey} (W3C XML Encryption) as carried in an {@code EncKeyContentType}
 * element: the content of an encrypted {@code UserDecryptKey}, {@code UserSigningKeySSK},
 * {@code UserPubTokenPVT}, {@code NewTransportKey} or {@code NewIntegrityKey}.
 *
 * <ul>
 *   <li>{@link #algorithm()}: {@code EncryptionMethod/@Algorithm};
 *   <li>{@link #keyName()}: {@code ds:KeyInfo/ds:KeyName}, the ID of the TrK it is encrypted under;
 *   <li>{@link #carriedKeyName()}: {@code CarriedKeyName}, for a new TrK/InK the ID of the key it
 *       carries (our choice, see {@link TransportProtection});
 *   <li>{@link #cipherValue()}: {@code CipherData/CipherValue}, decoded from base64.
 * </ul>
 *
 * Ciphertext is not secret; decryption is done by {@link TransportProtection}.
 */
public record EncryptedKey(String algorithm, Optional<String> keyName, Optional<String> carriedKeyName,
    byte[] cipherValue) {
  public EncryptedKey {
    if (algorithm == null || algorithm.isEmpty()) {
      throw new IllegalArgumentException("EncryptionMethod/@Algorithm is missing");
    }
    Objects.requireNonNull(keyName, "keyName");
    Objects.requireNonNull(carriedKeyName, "carriedKeyName");
    Objects.requireNonNull(cipherValue, "CipherValue");
    if (cipherValue.length == 0) {
      throw new IllegalArgumentException("CipherValue is empty");
    }
    cipherValue = cipherValue.clone();
  }

  /**
   * @param algorithm the EncryptionMethod algorithm URI
   * @param keyName ID of the key-encryption key (TrK), or null
   * @param carriedKeyName ID of the carried key (new TrK/InK), or null
   * @param cipherValue the raw ciphertext
   */
  public static EncryptedKey of(String algorithm, String keyName, String carriedKeyName, byte[] cipherValue) {
    return new EncryptedKey(algorithm, Optional.ofNullable(keyName), Optional.ofNullable(carriedKeyName), cipherValue);
  }

  /** A copy of the ciphertext octets. */
  @Override
  public byte[] cipherValue() {
    return cipherValue.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptedKey e && algorithm.equals(e.algorithm) && keyName.equals(e.keyName)
        && carriedKeyName.equals(e.carriedKeyName) && Arrays.equals(cipherValue, e.cipherValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, keyName, carriedKeyName, Arrays.hashCode(cipherValue));
  }

  @Override
  public String toString() {
    return "EncryptedKey[" + algorithm + ", keyName=" + keyName.orElse(null)
        + carriedKeyName.map(c -> ", carries=" + c).orElse("") + ", " + cipherValue.length + " octets]";
  }
}
