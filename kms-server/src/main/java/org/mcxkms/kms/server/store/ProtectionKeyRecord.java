package org.mcxkms.kms.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A transport key (TrK) or integrity key (InK) of an identity (TS 33.180 D.1 security extension),
 * its secret only sealed. {@code kind} is {@code TRANSPORT} or {@code INTEGRITY}.
 */
public record ProtectionKeyRecord(String keyId, String identityUri, String kind, String sealedKey, Instant createdAt) {
  public ProtectionKeyRecord {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(identityUri, "identityUri");
    if (!"TRANSPORT".equals(kind) && !"INTEGRITY".equals(kind)) {
      throw new IllegalArgumentException("kind must be TRANSPORT or INTEGRITY");
    }
    Objects.requireNonNull(sealedKey, "sealedKey");
    createdAt = Times.micros(createdAt);
  }

  @Override
  public String toString() {
    return "ProtectionKeyRecord[" + keyId + ", " + kind + ", " + identityUri + ", sealed]";
  }
}
