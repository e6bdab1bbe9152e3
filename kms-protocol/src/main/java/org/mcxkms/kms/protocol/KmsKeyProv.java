package org.mcxkms.kms.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code KmsKeyProv} (TS 33.180 D.3.1): zero or more key sets (one per identity and key period),
 * and optionally new transport and integrity keys ({@code KmsKeyProvTkIkType}).
 *
 * @param version {@code @Version} as received ({@value KmsXml#KEY_PROV_VERSION} by default)
 */
public record KmsKeyProv(String version, Optional<String> id, List<KmsKeySet> keySets,
    List<EncryptedKey> newTransportKeys, List<EncryptedKey> newIntegrityKeys) implements KmsMessage {

  public KmsKeyProv {
    Objects.requireNonNull(version, "Version");
    Objects.requireNonNull(id, "Id");
    keySets = List.copyOf(keySets);
    newTransportKeys = List.copyOf(newTransportKeys);
    newIntegrityKeys = List.copyOf(newIntegrityKeys);
  }

  /** A KmsKeyProv carrying {@code keySets} and no new keys. */
  public static KmsKeyProv of(List<KmsKeySet> keySets) {
    return new KmsKeyProv(KmsXml.KEY_PROV_VERSION, Optional.empty(), keySets, List.of(), List.of());
  }

  /** A copy with other key sets (for example decrypted ones), keeping everything else. */
  public KmsKeyProv withKeySets(List<KmsKeySet> replacement) {
    return new KmsKeyProv(version, id, replacement, newTransportKeys, newIntegrityKeys);
  }

  /** A copy that also carries {@code transportKeys} and {@code integrityKeys} (after its own). */
  public KmsKeyProv withNewKeys(List<EncryptedKey> transportKeys, List<EncryptedKey> integrityKeys) {
    return new KmsKeyProv(version, id, keySets, Fields.concat(newTransportKeys, transportKeys),
        Fields.concat(newIntegrityKeys, integrityKeys));
  }

  @Override
  public String toString() {
    return "KmsKeyProv[" + keySets + ", " + newTransportKeys.size() + " new TrK, "
        + newIntegrityKeys.size() + " new InK]";
  }
}
