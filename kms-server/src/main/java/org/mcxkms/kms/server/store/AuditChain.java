package org.mcxkms.kms.server.store;

/**
 * The keyed link of an audit record to its predecessor: the store asks for it while it holds the
 * chain's lock, so records of every node form one sequence.
 */
@FunctionalInterface
public interface AuditChain {
  /**
   * The MAC of record number {@code seq}, following the record whose MAC is {@code previousMac}
   * (empty before the first record).
   */
  String link(long seq, String previousMac, AuditRecord record);
}
