package org.mcxkms.kms.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.error.ProfileException;
import org.mcxkms.kms.client.profile.KeyPeriodInfo;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.profile.ProfileState;
import org.mcxkms.kms.client.profile.RefreshRecord;

/**
 * Keeps a profile's key material current: for every tracked identity it holds the current key
 * period and, from {@code leadTime} before the next period starts, the next one too, so that a
 * MIKEY message can be signed and received across the rollover (TS 33.180 5.3; a KMS may serve
 * the next period ahead).
 *
 * <ul>
 *   <li>Time is the KMS's: our clock plus the offset estimated from its responses, so a skewed
 *       device clock neither misses the rollover nor asks for a period the KMS does not serve.
 *   <li>On failure the next attempt is backed off exponentially ({@code initialBackoff} doubling
 *       up to {@code maxBackoff}) with random jitter of +-{@code jitter}, so that many clients that
 *       failed together do not retry together; a failure that will not go away by itself
 *       ({@link KmsClientException.Problem#retryable()} false) waits {@code maxBackoff}.
 *   <li>{@link #runOnce()} does what is due and returns the {@link RefreshStatus}; it is what
 *       tests drive with an injected clock. {@link #start()} runs it on a daemon thread at each
 *       planned time. The status is also written to the profile for {@code client status}.
 * </ul>
 */
public final class RefreshScheduler implements AutoCloseable {
  private final KmsClient client;
  private final KeyProfile profile;
  private final Clock clock;
  private final Duration leadTime;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double jitter;
  private final Random random;

  private Instant lastSuccess;
  private Instant lastAttempt;
  private String lastError;
  private KmsClientException.Problem lastProblem;
  private int failures;
  private Instant nextAttempt;
  private ScheduledExecutorService executor;
  private boolean ownExecutor;
  private ScheduledFuture<?> pending;

  private RefreshScheduler(Builder b) {
    this.client = b.client;
    this.profile = b.client.profile();
    this.clock = b.clock != null ? b.clock : profile.clock();
    this.leadTime = b.leadTime;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.jitter = b.jitter;
    this.random = b.random != null ? b.random : new Random();
    RefreshRecord r = profile.refreshRecord();
    this.lastSuccess = r.lastSuccess();
    this.lastAttempt = r.lastAttempt();
    this.lastError = r.lastError();
    this.failures = r.consecutiveFailures();
    this.nextAttempt = clock.instant(); // something may be due at once
  }

  public static Builder builder(KmsClient client) {
    return new Builder(Objects.requireNonNull(client));
  }

  /** When {@link #runOnce()} has something to do next (our clock). */
  public synchronized Instant nextAttempt() {
    return nextAttempt;
  }

  /**
   * Fetches whatever is missing now: the certificate if none is pinned, then for each tracked
   * identity the current period and, within the lead time, the next one. Never throws; the
   * outcome is in the returned status.
   */
  public synchronized RefreshStatus runOnce() {
    Instant now = clock.instant();
    lastAttempt = now;
    try {
      if (profile.certificate().isEmpty()) {
        client.init();
      }
      for (String identity : profile.identities()) {
        refresh(identity);
      }
      lastSuccess = clock.instant();
      lastError = null;
      lastProblem = null;
      failures = 0;
      nextAttempt = plannedAfterSuccess();
    } catch (KmsClientException e) {
      failures++;
      lastError = e.getMessage();
      lastProblem = e.problem();
      nextAttempt = clock.instant().plus(backoff(e.problem().retryable()));
    } catch (RuntimeException e) {
      failures++;
      lastError = "unexpected: " + e;
      lastProblem = null;
      nextAttempt = clock.instant().plus(backoff(true));
    }
    persist();
    return status();
  }

  private void refresh(String identity) throws KmsClientException {
    Set<Long> missing = missing(identity, client.kmsNow());
    if (missing.isEmpty()) {
      return;
    }
    if (identity.equals(profile.settings().userUri())) {
      client.provision();
    } else {
      client.provision(identity);
    }
    // The KMS sends the current period and its configured future ones; ask for any still missing.
    KeyPeriodPolicy policy = policy();
    for (long p : missing(identity, client.kmsNow())) {
      client.provisionAt(identity, NtpTime.ofSeconds(policy.startSeconds(p)));
    }
    Set<Long> still = missing(identity, client.kmsNow());
    if (!still.isEmpty()) {
      throw new KmsClientException(KmsClientException.Problem.KMS_ERROR, "the KMS did not provide key period(s) "
          + still + " of " + identity);
    }
  }

  private KeyPeriodPolicy policy() {
    return profile.certificate().orElseThrow().keyPeriodPolicy();
  }

  /** The lead time actually used: at most half a key period. */
  private Duration lead(KeyPeriodPolicy p) {
    Duration half = Duration.ofSeconds(p.periodSeconds() / 2);
    return leadTime.compareTo(half) > 0 ? half : leadTime;
  }

  /** The periods {@code identity} must hold at KMS time {@code t}: the current and, within the lead, the next. */
  private Set<Long> needed(Instant t) {
    KeyPeriodPolicy p = policy();
    long cur = p.periodNumber(t);
    Set<Long> out = new TreeSet<>();
    out.add(cur);
    if (!t.isBefore(p.validFrom(cur + 1).minus(lead(p)))) {
      out.add(cur + 1);
    }
    return out;
  }

  private Set<Long> missing(String identity, Instant kmsTime) {
    Set<Long> out = needed(kmsTime);
    for (KeyPeriodInfo k : profile.periods(identity)) {
      out.remove(k.period());
    }
    return out;
  }

  /** The first future moment (KMS time) at which some tracked identity lacks a needed period, in our time. */
  private Instant plannedAfterSuccess() {
    KeyPeriodPolicy p = policy();
    Instant kmsNow = client.kmsNow();
    long cur = p.periodNumber(kmsNow);
    List<Instant> candidates = new ArrayList<>();
    for (long k = 1; k <= 3; k++) {
      candidates.add(p.validFrom(cur + k).minus(lead(p)));
      candidates.add(p.validFrom(cur + k));
    }
    Instant when = p.validFrom(cur + 1);
    outer:
    for (Instant t : candidates) {
      if (!t.isAfter(kmsNow)) {
        continue;
      }
      for (String identity : profile.identities()) {
        if (!missing(identity, t).isEmpty()) {
          when = t;
          break outer;
        }
      }
    }
    return when.minus(client.kmsClockOffset());
  }

  private Duration backoff(boolean retryable) {
    if (!retryable) {
      return maxBackoff;
    }
    int shift = Math.min(30, Math.max(0, failures - 1));
    long base = initialBackoff.toMillis() << shift;
    if (base <= 0 || base > maxBackoff.toMillis()) {
      base = maxBackoff.toMillis();
    }
    double factor = 1 - jitter + 2 * jitter * random.nextDouble();
    return Duration.ofMillis(Math.max(1, Math.round(base * factor)));
  }

  private void persist() {
    RefreshRecord r = new RefreshRecord(lastSuccess, lastAttempt, lastError, failures, nextAttempt,
        client.kmsClockOffset());
    try {
      profile.update(s -> s.toBuilder().refresh(r).build());
    } catch (ProfileException e) {
      lastError = (lastError == null ? "" : lastError + "; ") + "the status could not be saved: " + e.getMessage();
    }
  }

  public synchronized RefreshStatus status() {
    Map<String, List<Long>> held = new LinkedHashMap<>();
    for (String identity : profile.identities()) {
      held.put(identity, profile.periods(identity).stream().map(KeyPeriodInfo::period).toList());
    }
    return new RefreshStatus(lastSuccess, lastAttempt, lastError, lastProblem, failures, nextAttempt,
        client.kmsClockOffset(), held);
  }

  /** Runs in the background on a daemon thread of its own until {@link #close()}. */
  public synchronized void start() {
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kms-client-refresh");
      t.setDaemon(true);
      return t;
    });
    start(ex);
    ownExecutor = true;
  }

  /** Runs in the background on {@code executor} until {@link #close()}. */
  public synchronized void start(ScheduledExecutorService executor) {
    if (this.executor != null) {
      throw new IllegalStateException("already started");
    }
    this.executor = executor;
    schedule();
  }

  private synchronized void schedule() {
    if (executor == null || executor.isShutdown()) {
      return;
    }
    long delay = Math.max(0, Duration.between(clock.instant(), nextAttempt).toMillis());
    pending = executor.schedule(() -> {
      runOnce();
      schedule();
    }, delay, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (pending != null) {
      pending.cancel(false);
    }
    if (ownExecutor && executor != null) {
      executor.shutdownNow();
    }
    executor = null;
  }

  /** Builder with defaults: lead 24 h (at most half a period), backoff 30 s doubling to 1 h, jitter 20 %. */
  public static final class Builder {
    private final KmsClient client;
    private Clock clock;
    private Duration leadTime = Duration.ofHours(24);
    private Duration initialBackoff = Duration.ofSeconds(30);
    private Duration maxBackoff = Duration.ofHours(1);
    private double jitter = 0.2;
    private Random random;

    private Builder(KmsClient client) {
      this.client = client;
    }

    /** How long before the next key period starts its material is fetched. */
    public Builder leadTime(Duration leadTime) {
      if (leadTime.isNegative()) {
        throw new IllegalArgumentException("the lead time must not be negative");
      }
      this.leadTime = leadTime;
      return this;
    }

    public Builder backoff(Duration initial, Duration max) {
      if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("backoff: 0 < initial <= max");
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** Relative jitter in [0, 0.5]: a delay d becomes uniform in [d(1-j), d(1+j)]. */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 0.5)) {
        throw new IllegalArgumentException("jitter must be in [0, 0.5]");
      }
      this.jitter = jitter;
      return this;
    }

    public Builder random(Random random) {
      this.random = random;
      return this;
    }

    /** Default: the profile's clock. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public RefreshScheduler build() {
      return new RefreshScheduler(this);
    }
  }
}
