package org.mcxkms.kms.server.store;

import java.util.Objects;

/**
 * An audit record as the table holds it: chained ({@code seq}, {@code previousMac}, {@code mac}
 * set) or written before the chain existed (all three null).
 */
public record AuditRow(Long seq, AuditRecord record, String previousMac, String mac) {
  public AuditRow {
    Objects.requireNonNull(record, "record");
    if ((seq == null) != (mac == null) || (seq == null) != (previousMac == null)) {
      throw new IllegalArgumentException("an audit row has its number and both MACs, or none of them");
    }
  }
}
