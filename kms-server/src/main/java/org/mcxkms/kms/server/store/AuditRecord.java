package org.mcxkms.kms.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One audit entry: every issuance, denial and admin action. Never holds key material or tokens.
 *
 * @param caller the authenticated caller (MC identity, or {@code admin})
 * @param action e.g. {@code keyprov}, {@code init}, {@code admin.identity.add}
 * @param identity the identity acted upon, if any
 * @param period the key period, if any
 * @param outcome {@code ok} or the error code name
 */
public record AuditRecord(
    Instant at,
    String requestId,
    String node,
    String caller,
    String action,
    String identity,
    Long period,
    String outcome,
    String detail) {
  public AuditRecord {
    at = Times.micros(Objects.requireNonNull(at, "at"));
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
  }
}
