package org.mcxkms.kms.client.profile;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The last known refresh state of a profile, kept in it so that {@code client status} can show it:
 * the last success and attempt, the last error, consecutive failures, the next planned attempt and
 * the estimated offset of the KMS clock from ours. The last success and attempt are KMS time (our
 * clock corrected by the offset measured in that run); the next attempt is our clock's.
 */
public record RefreshRecord(Instant lastSuccess, Instant lastAttempt, String lastError, int consecutiveFailures,
    Instant nextAttempt, Duration kmsClockOffset) {
  public static final RefreshRecord NONE = new RefreshRecord(null, null, null, 0, null, null);

  public Optional<Instant> lastSuccessTime() {
    return Optional.ofNullable(lastSuccess);
  }

  public Optional<Instant> lastAttemptTime() {
    return Optional.ofNullable(lastAttempt);
  }

  public Optional<String> lastErrorMessage() {
    return Optional.ofNullable(lastError);
  }

  public Optional<Instant> nextAttemptTime() {
    return Optional.ofNullable(nextAttempt);
  }

  /** KMS time minus our time, as estimated from the {@code Time} of its responses. */
  public Optional<Duration> clockOffset() {
    return Optional.ofNullable(kmsClockOffset);
  }

  public RefreshRecord withClockOffset(Duration offset) {
    return new RefreshRecord(lastSuccess, lastAttempt, lastError, consecutiveFailures, nextAttempt, offset);
  }
}
