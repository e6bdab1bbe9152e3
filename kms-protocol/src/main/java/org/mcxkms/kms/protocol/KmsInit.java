package org.mcxkms.kms.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code KmsInit} (TS 33.180 D.3.1): the KMS's own (Root) certificate, and optionally new
 * transport and integrity keys ({@code NewTransportKey}/{@code NewIntegrityKey}, schema type
 * {@code KmsInitTkIkType}), each encrypted under the current TrK.
 *
 * @param version {@code @Version} as received ({@value KmsXml#INIT_VERSION} by default)
 * @param newTransportKeys {@code NewTransportKey} elements (usually none or one)
 * @param newIntegrityKeys {@code NewIntegrityKey} elements (usually none or one)
 */
public record KmsInit(String version, Optional<String> id, KmsCertificate certificate,
    List<EncryptedKey> newTransportKeys, List<EncryptedKey> newIntegrityKeys) implements KmsMessage {

  /** @throws IllegalStateException if the certificate is missing */
  public KmsInit {
    Objects.requireNonNull(version, "Version");
    Objects.requireNonNull(id, "Id");
    Fields.required(certificate, "KmsCertificate");
    newTransportKeys = List.copyOf(newTransportKeys);
    newIntegrityKeys = List.copyOf(newIntegrityKeys);
  }

  /** A KmsInit carrying {@code certificate} and no new keys. */
  public static KmsInit of(KmsCertificate certificate) {
    return new KmsInit(KmsXml.INIT_VERSION, Optional.empty(), certificate, List.of(), List.of());
  }

  /** A copy that also carries {@code transportKeys} and {@code integrityKeys} (after its own). */
  public KmsInit withNewKeys(List<EncryptedKey> transportKeys, List<EncryptedKey> integrityKeys) {
    return new KmsInit(version, id, certificate, Fields.concat(newTransportKeys, transportKeys),
        Fields.concat(newIntegrityKeys, integrityKeys));
  }

  @Override
  public String toString() {
    return "KmsInit[" + certificate + ", " + newTransportKeys.size() + " new TrK, "
        + newIntegrityKeys.size() + " new InK]";
  }
}
