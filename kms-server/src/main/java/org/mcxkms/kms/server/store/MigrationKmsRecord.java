package org.mcxkms.kms.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A Migration KMS an operator listed (TS 33.180 5.3.1): its KMS URI, the https URL of its KMS
 * interface, optionally the SHA-256 pin of its TLS certificate (64 lowercase hex digits, else
 * null), and when it was added. Public data only.
 */
public record MigrationKmsRecord(String kmsUri, String kmsUrl, String tlsPin, Instant addedAt) {
  public MigrationKmsRecord {
    Objects.requireNonNull(kmsUri, "kmsUri");
    Objects.requireNonNull(kmsUrl, "kmsUrl");
    if (tlsPin != null && !tlsPin.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("tlsPin must be 64 lowercase hex digits");
    }
    addedAt = Times.micros(addedAt);
  }
}
