package org.mcxkms.kms.server.preissue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rollover pre-issuance: ahead of each key period boundary, issues the key sets that KeyProvision
 * requests will ask for just after it (TS 33.180 D.3.3: the new current period and the configured
 * future ones) for every registered identity, into the issuance cache, so that the crowd of clients
 * fetching their keys at the rollover costs no scalar multiplication.
 *
 * <p>Once {@link #start started}, a daemon thread checks every {@link Settings#checkEvery} whether
 * the next boundary is less than {@link Settings#lead} away and, once per boundary, runs
 * {@link #preissue} on {@link Settings#threads} worker threads. Progress goes to the log (start,
 * every 10 seconds, end with the rate) and to the metrics {@code kms_preissue_keysets}
 * (result=issued|failed), {@code kms_preissue_pending}, {@code kms_preissue_period} and the timer
 * {@code kms_preissue_run}. Several nodes sharing a database can split the identities by
 * {@link WorkShare}. Key material never reaches the log.
 */
public final class RolloverPreissuer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("mcx.kms.preissue");
  private static final int CHUNK = 64;
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  /**
   * @param lead how long before a boundary the run starts
   * @param threads worker threads of a run
   * @param share which identities this node takes
   * @param checkEvery how often the schedule is checked
   * @param cacheCapacity entries of the issuance cache (a run that does not fit is reported)
   */
  public record Settings(Duration lead, int threads, WorkShare share, Duration checkEvery, int cacheCapacity) {
    public Settings {
      if (lead.isNegative() || lead.isZero() || threads < 1 || checkEvery.isNegative() || checkEvery.isZero()) {
        throw new IllegalArgumentException("pre-issuance needs a positive lead, check interval and thread count");
      }
    }

    /**
     * A quarter of the period ahead, at most 30 minutes; one worker per core; checked every
     * quarter of the lead, at most every minute, at least every second.
     */
    public static Settings defaults(KeyPeriodPolicy policy, int cacheCapacity) {
      Duration lead = Duration.ofSeconds(Math.max(1, Math.min(1800, policy.periodSeconds() / 4)));
      Duration check = Duration.ofMillis(Math.max(1000, Math.min(60_000, lead.toMillis() / 4)));
      return new Settings(lead, Runtime.getRuntime().availableProcessors(), WorkShare.all(), check, cacheCapacity);
    }
  }

  /** What one run did. */
  public record Report(long firstPeriod, long lastPeriod, int identities, long issued, long failed, Duration took) {
    /** Key sets per second. */
    public double rate() {
      return issued / Math.max(1e-9, took.toNanos() / 1e9);
    }
  }

  private final PreissueTarget target;
  private final KeyPeriodPolicy policy;
  private final int periodsFuture;
  private final Settings settings;
  private final Clock clock;
  private final Counter issuedCounter;
  private final Counter failedCounter;
  private final Timer runTimer;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong lastBoundaryPeriod = new AtomicLong(Long.MIN_VALUE);
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile ScheduledExecutorService scheduler;
  private volatile ExecutorService workers;

  public RolloverPreissuer(PreissueTarget target, KeyPeriodPolicy policy, int periodsFuture, Settings settings,
      Clock clock, MeterRegistry metrics) {
    if (periodsFuture < 0) {
      throw new IllegalArgumentException("periodsFuture must not be negative: " + periodsFuture);
    }
    this.target = target;
    this.policy = policy;
    this.periodsFuture = periodsFuture;
    this.settings = settings;
    this.clock = clock;
    this.issuedCounter = Counter.builder("kms_preissue_keysets").tag("result", "issued")
        .description("key sets issued ahead of a period boundary").register(metrics);
    this.failedCounter = Counter.builder("kms_preissue_keysets").tag("result", "failed").register(metrics);
    this.runTimer = Timer.builder("kms_preissue_run").description("duration of one rollover pre-issuance")
        .register(metrics);
    Gauge.builder("kms_preissue_pending", pending, AtomicLong::get)
        .description("key sets still to issue in the running pre-issuance").register(metrics);
    Gauge.builder("kms_preissue_period", lastBoundaryPeriod, v -> v.get() == Long.MIN_VALUE ? -1 : v.get())
        .description("first period of the last pre-issuance started").register(metrics);
  }

  /**
   * The first period after the next boundary, if that boundary is at most {@link Settings#lead}
   * after {@code now} and was not pre-issued yet.
   */
  public OptionalLong due(Instant now) {
    long next = policy.periodNumber(now) + 1;
    Instant boundary = policy.validFrom(next);
    if (now.isBefore(boundary.minus(settings.lead())) || lastBoundaryPeriod.get() >= next) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(next);
  }

  /** Runs the pre-issuance for the next boundary if it is {@link #due}; its report if it ran. */
  public synchronized Optional<Report> runIfDue() {
    OptionalLong next = due(clock.instant());
    if (next.isEmpty()) {
      return Optional.empty();
    }
    long first = next.getAsLong();
    lastBoundaryPeriod.set(first); // once per boundary, whatever the outcome
    return Optional.of(preissue(first, first + periodsFuture, policy.validFrom(first)));
  }

  /**
   * Issues the key sets of periods {@code first..last} for every identity of this node's share,
   * under the certificate current at {@code at}, on {@link Settings#threads} threads; returns when
   * all are done (or {@link #close} was called).
   */
  public Report preissue(long first, long last, Instant at) {
    long started = System.nanoTime();
    List<Work> work = new ArrayList<>();
    int identities = 0;
    for (long p = first; p <= last; p++) {
      List<String> mine = target.identities(p).stream().filter(settings.share()::mine).toList();
      identities = Math.max(identities, mine.size());
      for (int i = 0; i < mine.size(); i += CHUNK) {
        work.add(new Work(p, mine.subList(i, Math.min(mine.size(), i + CHUNK))));
      }
    }
    long total = work.stream().mapToLong(w -> w.identities().size()).sum();
    LOG.info("pre-issuing periods {}..{} for {} identities ({} key sets, {} threads, share {}/{}) before the boundary at {}",
        first, last, identities, total, settings.threads(), settings.share().index(), settings.share().nodes(), at);
    if (settings.cacheCapacity() < total) {
      LOG.warn("the issuance cache holds {} key sets but this pre-issuance issues {}: raise cache.max.entries,"
          + " or the earliest ones are evicted before the boundary", settings.cacheCapacity(), total);
    }
    pending.set(total);
    AtomicLong issued = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicBoolean noCertificate = new AtomicBoolean();
    AtomicInteger threadNo = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), r -> {
      Thread t = new Thread(r, "kms-preissue-" + threadNo.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    workers = pool;
    for (Work w : work) {
      pool.execute(() -> run(w, at, issued, failed, noCertificate));
    }
    pool.shutdown();
    try {
      while (!pool.awaitTermination(PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
        double secs = (System.nanoTime() - started) / 1e9;
        LOG.info("pre-issuance of periods {}..{}: {} of {} key sets issued ({} failed), {} per second", first, last,
            issued.get(), total, failed.get(), String.format(Locale.ROOT, "%.0f", issued.get() / secs));
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      workers = null;
      pending.set(0);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    runTimer.record(took);
    Report report = new Report(first, last, identities, issued.get(), failed.get(), took);
    if (noCertificate.get()) {
      LOG.warn("pre-issuance of periods {}..{} stopped: no KMS certificate is valid at {}", first, last, at);
    }
    LOG.info("pre-issued periods {}..{}: {} key sets in {} ms ({} per second), {} failed", first, last,
        report.issued(), took.toMillis(), String.format(Locale.ROOT, "%.0f", report.rate()), report.failed());
    return report;
  }

  private record Work(long period, List<String> identities) {}

  private void run(Work w, Instant at, AtomicLong issued, AtomicLong failed, AtomicBoolean noCertificate) {
    for (String identity : w.identities()) {
      if (closed.get() || noCertificate.get() || Thread.currentThread().isInterrupted()) {
        return;
      }
      try {
        if (target.issue(identity, w.period(), at)) {
          issued.incrementAndGet();
          issuedCounter.increment();
        } else {
          noCertificate.set(true);
        }
      } catch (RuntimeException e) {
        // the issuer's messages carry no key material; the identity is not secret
        if (failed.incrementAndGet() <= 10) {
          LOG.warn("pre-issuance of {} for period {} failed: {}", identity, w.period(), e.toString());
        }
        failedCounter.increment();
      } finally {
        pending.decrementAndGet();
      }
    }
  }

  /** Checks the schedule every {@link Settings#checkEvery} on a daemon thread, from now on. */
  public RolloverPreissuer start() {
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kms-preissue-schedule");
      t.setDaemon(true);
      return t;
    });
    scheduler = s;
    s.scheduleWithFixedDelay(() -> {
      try {
        runIfDue();
      } catch (RuntimeException e) {
        LOG.error("rollover pre-issuance failed: {}", e.toString());
      }
    }, 0, settings.checkEvery().toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Stops the schedule and any running pre-issuance (workers stop after their current key set). */
  @Override
  public void close() {
    closed.set(true);
    ScheduledExecutorService s = scheduler;
    if (s != null) {
      s.shutdownNow();
    }
    ExecutorService w = workers;
    if (w != null) {
      w.shutdownNow();
    }
  }
}
