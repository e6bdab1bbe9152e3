package org.mcxkms.kms.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A registered identity (MC service ID, server URI). {@code revokedThroughPeriod} is set by a
 * revocation and survives re-enabling: key sets of periods up to and including it are never issued
 * again, because they are derived deterministically and may be in the wrong hands.
 */
public record IdentityRecord(
    String uri,
    IdentityKind kind,
    IdentityStatus status,
    Instant createdAt,
    Instant revokedAt,
    Long revokedThroughPeriod) {
  public IdentityRecord {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    createdAt = Times.micros(createdAt);
    revokedAt = revokedAt == null ? null : Times.micros(revokedAt);
  }

  /** Whether the key set of {@code period} has been revoked. */
  public boolean periodRevoked(long period) {
    return revokedThroughPeriod != null && period <= revokedThroughPeriod;
  }
}
