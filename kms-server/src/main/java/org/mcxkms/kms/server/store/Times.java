package org.mcxkms.kms.server.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** Instants as every backend stores them: microsecond precision (PostgreSQL's). */
final class Times {
  private Times() {}

  static Instant micros(Instant t) {
    return Objects.requireNonNull(t, "time").truncatedTo(ChronoUnit.MICROS);
  }
}
