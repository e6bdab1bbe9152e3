package org.mcxkms.kms.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code KmsKeyProv} (D.3.1): zero or more key sets (one per identity and key period), and
 * optionally new transport and integrity keys ({@code KmsKeyProvTkIkType}).
 */
public final class KmsKeyProv implements KmsMessage {
  private final String version;
  private final String id;
  private final List<KmsKeySet> keySets;
  private final List<EncryptedKey> newTransportKeys;
  private final List<EncryptedKey> newIntegrityKeys;

  private KmsKeyProv(Builder b) {
    this.version = b.version;
    this.id = b.id;
    this.keySets = List.copyOf(b.keySets);
    this.newTransportKeys = List.copyOf(b.newTransportKeys);
    this.newIntegrityKeys = List.copyOf(b.newIntegrityKeys);
  }

  /** A KmsKeyProv carrying {@code keySets} and no new keys. */
  public static KmsKeyProv of(List<KmsKeySet> keySets) {
    Builder b = builder();
    keySets.forEach(b::addKeySet);
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code @Version} as received ({@value KmsXml#KEY_PROV_VERSION} by default). */
  public String version() {
    return version;
  }

  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  public List<KmsKeySet> keySets() {
    return keySets;
  }

  public List<EncryptedKey> newTransportKeys() {
    return newTransportKeys;
  }

  public List<EncryptedKey> newIntegrityKeys() {
    return newIntegrityKeys;
  }

  /** A copy with other key sets (for example decrypted ones), keeping everything else. */
  public KmsKeyProv withKeySets(List<KmsKeySet> replacement) {
    Builder b = builder().version(version).id(id);
    replacement.forEach(b::addKeySet);
    newTransportKeys.forEach(b::addNewTransportKey);
    newIntegrityKeys.forEach(b::addNewIntegrityKey);
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KmsKeyProv)) {
      return false;
    }
    KmsKeyProv k = (KmsKeyProv) o;
    return version.equals(k.version) && Objects.equals(id, k.id) && keySets.equals(k.keySets)
        && newTransportKeys.equals(k.newTransportKeys) && newIntegrityKeys.equals(k.newIntegrityKeys);
  }

  @Override
  public int hashCode() {
    return keySets.hashCode();
  }

  @Override
  public String toString() {
    return "KmsKeyProv[" + keySets + ", " + newTransportKeys.size() + " new TrK, "
        + newIntegrityKeys.size() + " new InK]";
  }

  public static final class Builder {
    private String version = KmsXml.KEY_PROV_VERSION;
    private String id;
    private final List<KmsKeySet> keySets = new ArrayList<>();
    private final List<EncryptedKey> newTransportKeys = new ArrayList<>();
    private final List<EncryptedKey> newIntegrityKeys = new ArrayList<>();

    private Builder() {}

    public Builder version(String version) {
      this.version = Objects.requireNonNull(version);
      return this;
    }

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder addKeySet(KmsKeySet keySet) {
      keySets.add(Objects.requireNonNull(keySet));
      return this;
    }

    public Builder addNewTransportKey(EncryptedKey key) {
      newTransportKeys.add(Objects.requireNonNull(key));
      return this;
    }

    public Builder addNewIntegrityKey(EncryptedKey key) {
      newIntegrityKeys.add(Objects.requireNonNull(key));
      return this;
    }

    public KmsKeyProv build() {
      return new KmsKeyProv(this);
    }
  }
}
