package org.mcxkms.kms.client.profile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How long a write waits for the profile lock that another process (or thread) holds, and whom to
 * tell that it is waiting (once per wait, for example to print a line).
 *
 * @param timeout the longest wait; then the write fails with {@code Reason.LOCKED}
 * @param onWait called with the profile directory when the lock is not free at once
 */
public record LockPolicy(Duration timeout, Consumer<Path> onWait) {
  /** Wait up to 30 s, silently. */
  public static final LockPolicy DEFAULT = new LockPolicy(Duration.ofSeconds(30), dir -> { });

  public LockPolicy {
    Objects.requireNonNull(onWait);
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("the lock timeout must not be negative");
    }
  }
}
