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
import java.util.function.Consumer;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.error.KmsErrorException;
import org.mcxkms.kms.client.error.ProfileException;
import org.mcxkms.kms.client.profile.KeyPeriodInfo;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.profile.RefreshRecord;

/**
 * Keeps a profile's key material current: for every tracked identity it holds the current key
 * period and, from {@code leadTime} before the next period starts, the next one too, so that a
 * MIKEY message can be signed and received across the rollover (TS 33.180 5.3; a KMS may serve
 * the next period ahead).
 *
 * <ul>
 *   <li>Every run starts with KMS Initialize and a KeyProvision per identity, so a rotated or
 *       revoked KMS certificate and revoked key material are noticed
 *       (reported as {@link KmsClientException.Problem#CERTIFICATE_CHANGED} or
 *       {@link KmsClientException.Problem#REVOKED}; a rotation signed with the InK is accepted and
 *       reported as an event), and the KMS clock offset is measured afresh on every run.
 *   <li>Time is the KMS's: our clock plus the offset estimated from its responses, so a skewed
 *       device clock neither misses the rollover nor asks for a period the KMS does not serve.
 *       The offset never postpones a run: the next run is planned at the earlier of what the KMS
 *       clock and what the local clock say is due, and at most {@code maxInterval} ahead. An offset
 *       above {@link #CLOCK_WARNING} is reported in the status.
 *   <li>On failure the next attempt is backed off exponentially ({@code initialBackoff} doubling
 *       up to {@code maxBackoff}) with random jitter of +-{@code jitter}, so that many clients that
 *       failed together do not retry together; a failure that will not go away by itself
 *       ({@link KmsClientException.Problem#retryable()} false) waits {@code maxBackoff}.
 *   <li>{@link #runOnce()} does what is due and returns the {@link RefreshStatus}; it is what
 *       tests drive with an injected clock. {@link #start()} runs it on a daemon thread at each
 *       planned time. The status is also written to the profile for {@code client status}; a
 *       run whose status cannot be saved is a failure ({@code PROFILE}).
 * </ul>
 */
public final class RefreshScheduler implements AutoCloseable {
  /** A KMS clock offset above this is reported: the device clock (or the KMS's) is wrong. */
  public static final Duration CLOCK_WARNING = Duration.ofMinutes(5);

  private final KmsClient client;
  private final KeyProfile profile;
  private final Clock clock;
  private final Duration leadTime;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double jitter;
  private final Random random;
  private final Duration maxInterval;
  private final Consumer<RefreshStatus> listener;

  private Instant lastSuccess;
  private Instant lastAttempt;
  private String lastError;
  private KmsClientException.Problem lastProblem;
  private int failures;
  private Instant nextAttempt;
  private List<String> events = List.of();
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
    this.maxInterval = b.maxInterval;
    this.listener = b.listener;
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
   * One run: KMS Initialize (pin check, rotation and revocation, clock offset), then for each
   * tracked identity the current period and, within the lead time, the next one. Never throws;
   * the outcome, with what changed ({@link RefreshStatus#events()}), is in the returned status,
   * which also goes to the listener.
   */
  public synchronized RefreshStatus runOnce() {
    lastAttempt = client.kmsNow();
    List<String> happened = new ArrayList<>();
    try {
      profile.reload(); // another process (client init --accept-rotation, say) may have changed it
      InitResult init = initOrRevoked();
      switch (init.outcome()) {
        case PINNED -> happened.add("pinned the KMS certificate " + init.fingerprint());
        case ROTATED -> happened.add("the KMS certificate rotated to " + init.fingerprint()
            + " (signed by the KMS); the previous one is kept for older key material");
        default -> { }
      }
      for (String identity : profile.identities()) {
        refresh(identity, happened);
      }
      lastSuccess = client.kmsNow(); // the KMS's time, corrected by the exchange just made
      lastError = null;
      lastProblem = null;
      failures = 0;
      nextAttempt = plannedAfterSuccess();
    } catch (KmsClientException e) {
      fail(e.getMessage(), e.problem());
    } catch (RuntimeException e) {
      fail("unexpected: " + e, null);
    }
    events = List.copyOf(happened);
    persist();
    RefreshStatus status = status();
    if (listener != null) {
      listener.accept(status);
    }
    return status;
  }

  /**
   * KMS Initialize; if the KMS refuses the caller (403), a KeyProvision tells whether that is
   * because its key material was revoked (the KMS then sends Revoked marks).
   */
  private InitResult initOrRevoked() throws KmsClientException {
    try {
      return client.init();
    } catch (KmsErrorException e) {
      if (e.problem() == KmsClientException.Problem.FORBIDDEN && profile.certificate().isPresent()) {
        try {
          client.provision();
        } catch (KmsClientException revoked) {
          if (revoked.problem() == KmsClientException.Problem.REVOKED) {
            throw revoked;
          }
        }
      }
      throw e;
    }
  }

  private void fail(String message, KmsClientException.Problem problem) {
    failures++;
    lastError = message;
    lastProblem = problem;
    nextAttempt = clock.instant().plus(backoff(problem == null || problem.retryable()));
  }

  /**
   * KeyProvision of {@code identity} on every run, so that a revocation is noticed (the KMS answers
   * with Revoked marks), then the periods still missing by the KMS clock.
   */
  private void refresh(String identity, List<String> happened) throws KmsClientException {
    Set<Long> before = new TreeSet<>();
    profile.periods(identity).forEach(k -> before.add(k.period()));
    ProvisionResult r = identity.equals(profile.settings().userUri()) ? client.provision() : client.provision(identity);
    if (!r.revokedPeriods().isEmpty()) {
      throw new KmsClientException(KmsClientException.Problem.REVOKED, "the KMS revoked the key material of "
          + identity + " for period(s) " + r.revokedPeriods() + "; removed from the profile");
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
    Set<Long> fetched = new TreeSet<>();
    profile.periods(identity).forEach(k -> fetched.add(k.period()));
    fetched.removeAll(before);
    if (!fetched.isEmpty()) {
      happened.add("fetched key period(s) " + fetched + " of " + identity);
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

  /**
   * When to run next, in our time: the earliest of the moment the KMS clock says a period is
   * due, the moment our own clock says so (a wrong offset must not postpone a due refresh), and
   * {@code maxInterval} from now.
   */
  private Instant plannedAfterSuccess() {
    Instant now = clock.instant();
    Instant byKms = firstNeed(client.kmsNow()).minus(client.kmsClockOffset());
    Instant byLocal = firstNeed(now);
    Instant cap = now.plus(maxInterval);
    Instant when = byKms.isBefore(byLocal) ? byKms : byLocal;
    when = when.isBefore(cap) ? when : cap;
    return when.isBefore(now) ? now : when;
  }

  /** The first moment after {@code t} (on the same clock) at which some tracked identity lacks a needed period. */
  private Instant firstNeed(Instant t) {
    KeyPeriodPolicy p = policy();
    long cur = p.periodNumber(t);
    List<Instant> candidates = new ArrayList<>();
    for (long k = 1; k <= 3; k++) {
      candidates.add(p.validFrom(cur + k).minus(lead(p)));
      candidates.add(p.validFrom(cur + k));
    }
    for (Instant c : candidates) {
      if (!c.isAfter(t)) {
        continue;
      }
      for (String identity : profile.identities()) {
        if (!missing(identity, c).isEmpty()) {
          return c;
        }
      }
    }
    return p.validFrom(cur + 1);
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

  /** Saves the refresh state; a state that cannot be saved makes the run a failure. */
  private void persist() {
    RefreshRecord r = new RefreshRecord(lastSuccess, lastAttempt, lastError, failures, nextAttempt,
        client.kmsClockOffset());
    try {
      profile.update(s -> s.toBuilder().refresh(r).build());
    } catch (ProfileException e) {
      if (failures == 0 || lastProblem != null && lastProblem != KmsClientException.Problem.PROFILE) {
        failures++;
      }
      lastProblem = KmsClientException.Problem.PROFILE;
      lastError = (lastError == null ? "" : lastError + "; ") + "the refresh state could not be saved: "
          + e.getMessage();
      nextAttempt = clock.instant().plus(backoff(true));
    }
  }

  public synchronized RefreshStatus status() {
    Map<String, List<Long>> held = new LinkedHashMap<>();
    for (String identity : profile.identities()) {
      held.put(identity, profile.periods(identity).stream().map(KeyPeriodInfo::period).toList());
    }
    Duration offset = client.kmsClockOffset();
    String clockWarning = offset.abs().compareTo(CLOCK_WARNING) > 0
        ? "the device clock differs from the KMS clock by " + describe(offset.negated())
            + ": key periods follow the KMS clock; correct the device clock"
        : null;
    return new RefreshStatus(lastSuccess, lastAttempt, lastError, lastProblem, failures, nextAttempt, offset, held,
        events, clockWarning);
  }

  private static String describe(Duration d) {
    String sign = d.isNegative() ? "-" : "+";
    Duration a = d.abs();
    if (a.toDays() > 0) {
      return sign + a.toDays() + " d " + a.toHoursPart() + " h";
    }
    return sign + a.toHours() + " h " + a.toMinutesPart() + " min " + a.toSecondsPart() + " s";
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
    private Duration maxInterval = Duration.ofHours(6);
    private Consumer<RefreshStatus> listener;

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

    /** The longest time between two runs, whatever the clocks say (default 6 h). */
    public Builder maxInterval(Duration maxInterval) {
      if (maxInterval.isNegative() || maxInterval.isZero()) {
        throw new IllegalArgumentException("the maximum interval must be positive");
      }
      this.maxInterval = maxInterval;
      return this;
    }

    /** Called with the status after every run (for example to print it as it happens). */
    public Builder listener(Consumer<RefreshStatus> listener) {
      this.listener = listener;
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
