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
 *       carries (our choice, see {@code org.mcxkms.kms.protocol.security.TransportProtection});
 *   <li>{@link #cipherValue()}: {@code CipherData/CipherValue}, decoded from base64.
 * </ul>
 *
 * Ciphertext is not secret; decryption is done by {@code TransportProtection}.
 */
public final class EncryptedKey {
  private final String algorithm;
  private final String keyName;
  private final String carriedKeyName;
  private final byte[] cipherValue;

  private EncryptedKey(String algorithm, String keyName, String carriedKeyName, byte[] cipherValue) {
    this.algorithm = requireNonEmpty(algorithm, "EncryptionMethod/@Algorithm");
    this.keyName = keyName;
    this.carriedKeyName = carriedKeyName;
    Objects.requireNonNull(cipherValue, "CipherValue");
    if (cipherValue.length == 0) {
      throw new IllegalArgumentException("CipherValue is empty");
    }
    this.cipherValue = cipherValue.clone();
  }

  /**
   * @param algorithm the EncryptionMethod algorithm URI
   * @param keyName ID of the key-encryption key (TrK), or null
   * @param carriedKeyName ID of the carried key (new TrK/InK), or null
   * @param cipherValue the raw ciphertext
   */
  public static EncryptedKey of(String algorithm, String keyName, String carriedKeyName, byte[] cipherValue) {
    return new EncryptedKey(algorithm, keyName, carriedKeyName, cipherValue);
  }

  private static String requireNonEmpty(String s, String what) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException(what + " is missing");
    }
    return s;
  }

  public String algorithm() {
    return algorithm;
  }

  public Optional<String> keyName() {
    return Optional.ofNullable(keyName);
  }

  public Optional<String> carriedKeyName() {
    return Optional.ofNullable(carriedKeyName);
  }

  /** A copy of the ciphertext octets. */
  public byte[] cipherValue() {
    return cipherValue.clone();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof EncryptedKey)) {
      return false;
    }
    EncryptedKey e = (EncryptedKey) o;
    return algorithm.equals(e.algorithm) && Objects.equals(keyName, e.keyName)
        && Objects.equals(carriedKeyName, e.carriedKeyName) && Arrays.equals(cipherValue, e.cipherValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, keyName, carriedKeyName, Arrays.hashCode(cipherValue));
  }

  @Override
  public String toString() {
    return "EncryptedKey[" + algorithm + ", keyName=" + keyName
        + (carriedKeyName == null ? "" : ", carries=" + carriedKeyName) + ", " + cipherValue.length + " octets]";
  }
}
