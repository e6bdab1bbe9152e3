package org.mcxkms.kms.server.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.kms.server.error.KmsException;
import org.mcxkms.kms.server.store.AuditRecord;
import org.mcxkms.kms.server.store.KmsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit trail: every issuance, denial and admin action, with time, request id, node,
 * caller, action, identity, period and outcome. Never key material or tokens.
 *
 * <p>Records are group-committed: a writer thread takes every record queued so far and inserts
 * them in one transaction, so concurrent requests share one commit instead of contending for the
 * table. {@link #record} still waits until its record is committed, and fails the request
 * ({@link KmsErrorCode#UNAVAILABLE}) if it could not be: nothing is handed out that the trail does
 * not show.
 */
public final class Auditor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("mcx.kms.audit");
  private static final int MAX_BATCH = 1000;
  private static final long WAIT_SECONDS = 30;

  private record Pending(AuditRecord record, CompletableFuture<Void> done) {}

  private final KmsStore store;
  private final String node;
  private final Clock clock;
  private final Counter failures;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>(100_000);
  private final Thread writer;
  private volatile boolean closed;

  public Auditor(KmsStore store, String node, Clock clock, MeterRegistry metrics) {
    this.store = store;
    this.node = node;
    this.clock = clock;
    this.failures = Counter.builder("kms_audit_failures").register(metrics);
    this.writer = new Thread(this::writeLoop, "kms-audit-writer");
    writer.setDaemon(true);
    writer.start();
  }

  public void record(String requestId, String caller, String action, String identity, Long period, String outcome,
      String detail) throws KmsException {
    recordPeriods(requestId, caller, action, identity, java.util.Collections.singletonList(period), outcome, detail);
  }

  /**
   * One record per period (one issued key set each), all committed before this returns; an empty
   * list writes one record without a period.
   */
  public void recordPeriods(String requestId, String caller, String action, String identity, List<Long> periods,
      String outcome, String detail) throws KmsException {
    List<Long> ps = periods.isEmpty() ? java.util.Collections.singletonList(null) : periods;
    List<Pending> pending = new ArrayList<>(ps.size());
    java.time.Instant now = clock.instant();
    for (Long period : ps) {
      pending.add(new Pending(new AuditRecord(now, requestId, node, caller, action, identity, period, outcome, detail),
          new CompletableFuture<>()));
    }
    try {
      for (Pending p : pending) {
        if (closed || !queue.offer(p, WAIT_SECONDS, TimeUnit.SECONDS)) {
          throw new KmsException(KmsErrorCode.UNAVAILABLE, "the audit trail cannot be written; request refused");
        }
      }
      for (Pending p : pending) {
        p.done().get(WAIT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(requestId, action, e);
    } catch (ExecutionException | TimeoutException e) {
      throw unavailable(requestId, action, e);
    }
  }

  private KmsException unavailable(String requestId, String action, Exception e) {
    failures.increment();
    LOG.error("audit write failed request_id={} action={} error={}", requestId, action,
        e instanceof ExecutionException ? e.getCause().toString() : e.toString());
    return new KmsException(KmsErrorCode.UNAVAILABLE, "the audit trail cannot be written; request refused");
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        List<AuditRecord> records = new ArrayList<>(batch.size());
        for (Pending p : batch) {
          records.add(p.record());
        }
        try {
          store.audit(records);
          batch.forEach(p -> p.done().complete(null));
        } catch (RuntimeException e) {
          batch.forEach(p -> p.done().completeExceptionally(e));
        }
        batch.clear();
      } catch (InterruptedException e) {
        batch.forEach(p -> p.done().completeExceptionally(e));
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      writer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
