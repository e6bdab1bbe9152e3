package org.mcxkms.kms.server.store;

import java.time.Instant;

/**
 * A filtered view of the audit trail, newest first: records about {@code identity}, of
 * {@code action}, with {@code outcome} (exact matches; null for any), written at or after
 * {@code from} and before {@code to} (null for unbounded), at most {@code limit}.
 */
public record AuditQuery(String identity, String action, String outcome, Instant from, Instant to, int limit) {
  /** The largest answer served. */
  public static final int MAX_LIMIT = 10_000;

  public AuditQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", not " + limit);
    }
    identity = blankToNull(identity);
    action = blankToNull(action);
    outcome = blankToNull(outcome);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
