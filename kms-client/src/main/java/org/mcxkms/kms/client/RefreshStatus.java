package org.mcxkms.kms.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mcxkms.kms.client.error.KmsClientException;

/**
 * Where the refresh of a profile stands: when it last succeeded and was attempted, the last error
 * (with its {@link KmsClientException.Problem}), how many attempts in a row failed, when the next
 * one is planned, the estimated KMS clock offset, and which key periods are held per identity.
 */
public record RefreshStatus(Instant lastSuccess, Instant lastAttempt, String lastError,
    KmsClientException.Problem lastProblem, int consecutiveFailures, Instant nextAttempt, Duration kmsClockOffset,
    Map<String, List<Long>> heldPeriods) {

  public Optional<Instant> lastSuccessTime() {
    return Optional.ofNullable(lastSuccess);
  }

  public Optional<String> lastErrorMessage() {
    return Optional.ofNullable(lastError);
  }

  /** True when the last attempt succeeded. */
  public boolean healthy() {
    return consecutiveFailures == 0 && lastSuccess != null;
  }
}
