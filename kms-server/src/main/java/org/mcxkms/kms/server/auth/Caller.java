package org.mcxkms.kms.server.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An authenticated caller: the MC identity its access token names (configurable claim, default
 * {@code mcptt_id}), the token's subject and scopes, and when the token expires.
 */
public record Caller(String identity, String subject, Set<String> scopes, Instant expiresAt) {
  public Caller {
    Objects.requireNonNull(identity, "identity");
    scopes = Set.copyOf(scopes);
  }
}
