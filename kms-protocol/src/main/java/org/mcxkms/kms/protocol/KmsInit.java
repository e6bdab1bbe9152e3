package org.mcxkms.kms.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code KmsInit} (D.3.1): the KMS's own (Root) certificate, and optionally new transport and
 * integrity keys ({@code NewTransportKey}/{@code NewIntegrityKey}, schema type
 * {@code KmsInitTkIkType}), each encrypted under the current TrK.
 */
public final class KmsInit implements KmsMessage {
  private final String version;
  private final String id;
  private final KmsCertificate certificate;
  private final List<EncryptedKey> newTransportKeys;
  private final List<EncryptedKey> newIntegrityKeys;

  private KmsInit(Builder b) {
    this.version = b.version;
    this.id = b.id;
    if (b.certificate == null) {
      throw new IllegalStateException("KmsCertificate is required");
    }
    this.certificate = b.certificate;
    this.newTransportKeys = List.copyOf(b.newTransportKeys);
    this.newIntegrityKeys = List.copyOf(b.newIntegrityKeys);
  }

  /** A KmsInit carrying {@code certificate} and no new keys. */
  public static KmsInit of(KmsCertificate certificate) {
    return builder().certificate(certificate).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code @Version} as received ({@value KmsXml#INIT_VERSION} by default). */
  public String version() {
    return version;
  }

  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  public KmsCertificate certificate() {
    return certificate;
  }

  /** {@code NewTransportKey} elements (usually none or one). */
  public List<EncryptedKey> newTransportKeys() {
    return newTransportKeys;
  }

  /** {@code NewIntegrityKey} elements (usually none or one). */
  public List<EncryptedKey> newIntegrityKeys() {
    return newIntegrityKeys;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KmsInit)) {
      return false;
    }
    KmsInit k = (KmsInit) o;
    return version.equals(k.version) && Objects.equals(id, k.id) && certificate.equals(k.certificate)
        && newTransportKeys.equals(k.newTransportKeys) && newIntegrityKeys.equals(k.newIntegrityKeys);
  }

  @Override
  public int hashCode() {
    return certificate.hashCode();
  }

  @Override
  public String toString() {
    return "KmsInit[" + certificate + ", " + newTransportKeys.size() + " new TrK, "
        + newIntegrityKeys.size() + " new InK]";
  }

  public static final class Builder {
    private String version = KmsXml.INIT_VERSION;
    private String id;
    private KmsCertificate certificate;
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

    public Builder certificate(KmsCertificate certificate) {
      this.certificate = certificate;
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

    /** @throws IllegalStateException if the certificate is missing */
    public KmsInit build() {
      return new KmsInit(this);
    }
  }
}
