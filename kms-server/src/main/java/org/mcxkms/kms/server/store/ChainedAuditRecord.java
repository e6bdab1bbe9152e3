package org.mcxkms.kms.server.store;

import java.util.Objects;

/** An audit record as stored in the chain: its number, its predecessor's MAC and its own. */
public record ChainedAuditRecord(long seq, AuditRecord record, String previousMac, String mac) {
  public ChainedAuditRecord {
    Objects.requireNonNull(record, "record");
  }
}
