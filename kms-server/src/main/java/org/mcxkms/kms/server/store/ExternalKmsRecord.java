package org.mcxkms.kms.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An External KMS certificate an operator imported (TS 33.180 5.3.1): the partner's KMS URI, its
 * {@code KmsCertificate} as XML, the SHA-256 fingerprint the operator approved (64 lowercase hex
 * digits) and when it was added. Public data only.
 */
public record ExternalKmsRecord(String kmsUri, String certificateXml, String fingerprint, Instant addedAt) {
  public ExternalKmsRecord {
    Objects.requireNonNull(kmsUri, "kmsUri");
    Objects.requireNonNull(certificateXml, "certificateXml");
    Objects.requireNonNull(fingerprint, "fingerprint");
    if (!fingerprint.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("fingerprint must be 64 lowercase hex digits");
    }
    addedAt = Times.micros(addedAt);
  }
}
