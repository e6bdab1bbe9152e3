package org.mcxkms.kms.client;

import java.time.Duration;
import java.time.Instant;

/**
 * Estimates how far the KMS clock is from ours from the {@code Time} of its responses. The KMS
 * stamps its response somewhere between our sending the request and receiving the answer, so each
 * exchange bounds the offset (KMS time minus ours) to the interval
 * {@code [Time - received, Time - sent]}, widened by a second when the Time carries no fraction
 * (it may be truncated). The estimate starts at zero (our clock is assumed right until a response
 * proves otherwise) and moves only as far as needed to lie in each new interval: slow answers (a
 * cold start, a key set issued on the spot) cannot drag it, while a real clock error or step moves
 * it at once, to within one round trip. The client uses the estimate for the {@code Time} of its
 * requests and to decide which key period is current.
 */
final class ClockOffsetEstimator {
  private Duration estimate;

  ClockOffsetEstimator(Duration initial) {
    this.estimate = initial;
  }

  synchronized void add(Instant sent, Instant received, Instant kmsTime) {
    if (received.isBefore(sent)) {
      return; // our clock stepped back during the exchange
    }
    Duration lo = Duration.between(received, kmsTime);
    Duration hi = Duration.between(sent, kmsTime);
    if (kmsTime.getNano() == 0) {
      hi = hi.plusSeconds(1);
    }
    Duration e = estimate == null ? Duration.ZERO : estimate;
    if (e.compareTo(lo) < 0) {
      e = lo;
    } else if (e.compareTo(hi) > 0) {
      e = hi;
    }
    estimate = e;
  }

  /** KMS time minus our time, or null before the first sample. */
  synchronized Duration estimate() {
    return estimate;
  }
}
