package org.mcxkms.kms.server.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.mcxkms.kms.server.config.SecureFiles;
import org.mcxkms.kms.server.store.AuditChainState;
import org.mcxkms.kms.server.store.ChainedAuditRecord;
import org.mcxkms.kms.server.store.KmsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the audit trail bounded: records older than the configured age, and the oldest beyond the
 * configured count, are first exported as JSON lines to a file of mode 0600 in the export
 * directory, then deleted. The MAC of the last deleted record stays behind as the chain's anchor
 * (authenticated by the {@link AuditKey}), so {@link AuditVerifier} still checks what remains and
 * the export files continue the chain exactly where the database now begins. Safe to run on
 * several nodes at once: a node that loses the race deletes nothing.
 */
public final class AuditRetention {
  private static final Logger LOG = LoggerFactory.getLogger("mcx.kms.audit");
  /** At most this many records per export file and delete transaction. */
  static final int CHUNK = 50_000;

  private final KmsStore store;
  private final AuditKey key;
  private final Duration maxAge;
  private final long maxRecords;
  private final Path exportDir;
  private final Clock clock;

  /**
   * @param maxAge records older than this are removed (zero: no age limit)
   * @param maxRecords at most this many chained records are kept (zero: no count limit)
   */
  public AuditRetention(KmsStore store, AuditKey key, Duration maxAge, long maxRecords, Path exportDir, Clock clock) {
    this.store = store;
    this.key = key;
    this.maxAge = maxAge;
    this.maxRecords = maxRecords;
    this.exportDir = exportDir;
    this.clock = clock;
  }

  /** One pass; returns how many records were exported and deleted. */
  public long run() throws IOException {
    long removed = 0;
    while (true) {
      AuditChainState s = store.auditChainState();
      long through = 0;
      if (!maxAge.isZero()) {
        through = store.lastAuditSeqBefore(clock.instant().minus(maxAge));
      }
      if (maxRecords > 0) {
        through = Math.max(through, s.headSeq() - maxRecords);
      }
      through = Math.min(through, s.anchorSeq() + CHUNK);
      if (through <= s.anchorSeq()) {
        return removed;
      }
      ChainedAuditRecord last = store.auditChain(through - 1, 1).stream().findFirst().orElse(null);
      if (last == null || last.seq() != through) {
        throw new IOException("audit record " + through + " is missing: run 'mcx-kms admin audit verify'");
      }
      long from = s.anchorSeq() + 1;
      Path file = exportDir.resolve(String.format("audit-%012d-%012d.jsonl", from, through));
      final long upTo = through;
      SecureFiles.writeSecret(file, out -> AuditExport.write(store, s.anchorSeq(), upTo, out));
      if (!store.pruneAudit(s.anchorSeq(), through, last.mac(), key.anchorTag(through, last.mac()))) {
        return removed; // another node pruned meanwhile; its export covers the same records
      }
      LOG.info("audit retention: records {} to {} exported to {} and deleted", from, through, file);
      removed += through - s.anchorSeq();
    }
  }
}
