package org.mcxkms.kms.server.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.kms.server.error.KmsException;
import org.mcxkms.kms.server.store.AuditChain;
import org.mcxkms.kms.server.store.AuditRecord;
import org.mcxkms.kms.server.store.KmsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit trail: every issuance, denial and admin action, with time, request id, node,
 * caller, action, identity, period and outcome. Never key material or tokens. Each record is
 * chained to the one before by the {@link AuditKey} ({@link AuditVerifier} checks the chain).
 *
 * <p>Failures of requests that never authenticated (no caller) cost the attacker nothing, so they
 * are not written one by one: they are counted per action and outcome and written as one summary
 * record per window (with a first sample, cut short), which bounds what a flood of bad requests can
 * add to the trail. Requests refused by a rate limit ({@value #RATE_LIMITED}) are summed up the
 * same way, per caller. Such a record is not waited for: nothing is handed out on that path.
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

  /** Longest identity or detail kept from an unauthenticated request's sample. */
  static final int SAMPLE = 128;
  /** Outcome of a request refused by a rate limit. */
  static final String RATE_LIMITED = "rate_limited";
  /** Distinct (action, outcome) pairs counted per window before they share one bucket. */
  private static final int MAX_BUCKETS = 64;
  /** Tries of a summary write before its records are dropped (and counted as an audit failure). */
  private static final int MAX_SUMMARY_ATTEMPTS = 20;

  private record Pending(AuditRecord record, CompletableFuture<Void> done) {}

  /** Unauthenticated failures of one action and outcome within the current window. */
  private static final class Bucket {
    final String caller;
    final String action;
    final String outcome;
    final Instant first;
    final String sampleIdentity;
    final String sampleDetail;
    Instant last;
    long count;

    Bucket(String caller, String action, String outcome, Instant first, String identity, String detail) {
      this.caller = caller;
      this.action = action;
      this.outcome = outcome;
      this.first = first;
      this.last = first;
      this.sampleIdentity = AuditRecord.clean(identity, SAMPLE);
      this.sampleDetail = AuditRecord.clean(detail, SAMPLE);
    }
  }

  private final KmsStore store;
  private final AuditChain chain;
  private final long windowNanos;
  private final Counter aggregated;
  private final Map<String, Bucket> buckets = new LinkedHashMap<>();
  private long windowStart = System.nanoTime();
  private final AtomicLong summaries = new AtomicLong();
  private final String node;
  private final Clock clock;
  private final Counter failures;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>(100_000);
  private final Thread writer;
  private volatile boolean closed;

  /** An auditor with a key of this process only (tests); see {@link AuditKey#ephemeral}. */
  public Auditor(KmsStore store, String node, Clock clock, MeterRegistry metrics) {
    this(store, node, clock, metrics, AuditKey.ephemeral(new SecureRandom()), Duration.ofSeconds(60));
  }

  /**
   * @param chain links each record to the one before (the domain's {@link AuditKey})
   * @param aggregateWindow how long unauthenticated failures are counted before their summary is written
   */
  public Auditor(KmsStore store, String node, Clock clock, MeterRegistry metrics, AuditChain chain,
      Duration aggregateWindow) {
    this.store = store;
    this.chain = chain;
    this.windowNanos = aggregateWindow.toNanos();
    this.aggregated = Counter.builder("kms_audit_aggregated")
        .description("unauthenticated failures counted into summary records").register(metrics);
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
    if ((caller == null || caller.isEmpty()) && !"ok".equals(outcome) || RATE_LIMITED.equals(outcome)) {
      aggregate(caller == null || caller.isEmpty() ? null : caller, action, identity, outcome, detail);
      return;
    }
    List<Long> ps = periods.isEmpty() ? java.util.Collections.singletonList(null) : periods;
    List<Pending> pending = new ArrayList<>(ps.size());
    Instant now = clock.instant();
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

  private void aggregate(String caller, String action, String identity, String outcome, String detail) {
    aggregated.increment();
    Instant now = clock.instant();
    synchronized (buckets) {
      String k = caller + "\u0000" + action + "\u0000" + outcome;
      Bucket b = buckets.get(k);
      if (b == null && buckets.size() >= MAX_BUCKETS) {
        k = "*";
        b = buckets.get(k);
        caller = null;
        action = "*";
        outcome = "*";
      }
      if (b == null) {
        b = new Bucket(caller, action, outcome, now, identity, detail);
        buckets.put(k, b);
      }
      b.count++;
      b.last = now;
    }
  }

  /** The summary records of the window that has ended (all of them when {@code force}). */
  private List<AuditRecord> summaries(boolean force) {
    synchronized (buckets) {
      long t = System.nanoTime();
      if (buckets.isEmpty() || (!force && t - windowStart < windowNanos)) {
        return List.of();
      }
      windowStart = t;
      List<AuditRecord> out = new ArrayList<>();
      for (Bucket b : buckets.values()) {
        out.add(new AuditRecord(b.last, "aggregate-" + summaries.incrementAndGet(), node, b.caller, b.action,
            b.sampleIdentity, null, b.outcome,
            b.count + (b.caller == null ? " unauthenticated" : " rate-limited") + " request(s) refused from "
                + b.first + " to " + b.last
                + (b.sampleDetail == null ? "" : "; first: " + b.sampleDetail)));
      }
      buckets.clear();
      return out;
    }
  }

  /** Writes the pending summaries of unauthenticated failures now (retention and tests). */
  public void flushSummaries() {
    List<AuditRecord> s = summaries(true);
    if (!s.isEmpty()) {
      store.audit(s, chain);
    }
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    // Summaries whose write failed are kept and tried again (they are the only trace of what they
    // count): at most MAX_BUCKETS^2 records and MAX_SUMMARY_ATTEMPTS tries, and always in their own
    // transaction, so a summary that can never be written cannot hold up the requests' records.
    List<AuditRecord> unwritten = new ArrayList<>();
    int attempts = 0;
    while (!closed || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        List<AuditRecord> due = summaries(closed);
        if (!due.isEmpty() || !unwritten.isEmpty()) {
          List<AuditRecord> all = new ArrayList<>(unwritten);
          all.addAll(due);
          unwritten.clear();
          try {
            store.audit(all, chain);
            attempts = 0;
          } catch (RuntimeException e) {
            if (++attempts < MAX_SUMMARY_ATTEMPTS) {
              unwritten.addAll(all.subList(Math.max(0, all.size() - MAX_BUCKETS * MAX_BUCKETS), all.size()));
              LOG.warn("audit summaries not written, kept for another attempt count={} error={}", unwritten.size(),
                  e.toString());
            } else {
              attempts = 0;
              failures.increment();
              LOG.error("audit summaries dropped after {} attempts count={} error={}", MAX_SUMMARY_ATTEMPTS,
                  all.size(), e.toString());
            }
          }
        }
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
          store.audit(records, chain);
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
    try {
      flushSummaries();
    } catch (RuntimeException e) {
      LOG.error("audit summaries could not be written at shutdown: {}", e.toString());
    }
  }
}
