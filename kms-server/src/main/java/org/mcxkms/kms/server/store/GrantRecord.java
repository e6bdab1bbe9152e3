package org.mcxkms.kms.server.store;

import java.time.Instant;
import java.util.Objects;

/** A grant: server entity {@code serverUri} may obtain the keys of {@code targetUri}, since {@code createdAt}. */
public record GrantRecord(String serverUri, String targetUri, Instant createdAt) {
  public GrantRecord {
    Objects.requireNonNull(serverUri, "serverUri");
    Objects.requireNonNull(targetUri, "targetUri");
    createdAt = Times.micros(Objects.requireNonNull(createdAt, "createdAt"));
  }
}
