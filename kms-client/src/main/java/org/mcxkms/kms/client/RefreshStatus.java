package org.mcxkms.kms.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mcxkms.kms.client.error.KmsClientException;

/**
 * Where the refresh of a profile stands: when it last succeeded and was attempted, the last error
 * (with its {@link KmsClientException.Problem}), how many attempts in a row failed, when the next
 * one is planned, the estimated KMS clock offset, which key periods are held per identity, what
 * the last run changed ({@code events}: a pinned or rotated certificate, fetched periods), and a
 * warning when the device clock is far from the KMS's. {@code lastSuccess} and {@code lastAttempt}
 * are KMS time; {@code nextAttempt} is our clock's.
 */
public record RefreshStatus(Instant lastSuccess, Instant lastAttempt, String lastError,
    KmsClientException.Problem lastProblem, int consecutiveFailures, Instant nextAttempt, Duration kmsClockOffset,
    Map<String, List<Long>> heldPeriods, List<String> events, String clockWarning) {
  public RefreshStatus {
    heldPeriods = Collections.unmodifiableMap(new LinkedHashMap<>(heldPeriods));
    events = List.copyOf(events);
  }

  public Optional<String> clockWarningMessage() {
    return Optional.ofNullable(clockWarning);
  }

  public Optional<Instant> lastSuccessTime() {
    return Optional.ofNullable(lastSuccess);
  }

  public Optional<Instant> lastAttemptTime() {
    return Optional.ofNullable(lastAttempt);
  }

  public Optional<String> lastErrorMessage() {
    return Optional.ofNullable(lastError);
  }

  /** True when the last attempt succeeded. */
  public boolean healthy() {
    return consecutiveFailures == 0 && lastSuccess != null;
  }
}
