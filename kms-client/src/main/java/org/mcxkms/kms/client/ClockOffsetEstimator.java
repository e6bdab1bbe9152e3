package org.mcxkms.kms.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Estimates how far the KMS clock is from ours, from the {@code Time} of its responses: each
 * exchange gives offset = KMS Time - midpoint of our send and receive times, uncertain by half the
 * round trip. Of the last few samples the one with the shortest round trip wins (NTP's clock
 * filter idea, RFC 5905 10). The client uses the estimate for the {@code Time} of its requests
 * and for deciding which key period is current.
 */
final class ClockOffsetEstimator {
  private static final int SAMPLES = 8;

  private record Sample(Duration offset, Duration roundTrip) {}

  private final Deque<Sample> samples = new ArrayDeque<>();
  private Duration estimate;

  ClockOffsetEstimator(Duration initial) {
    this.estimate = initial;
  }

  synchronized void add(Instant sent, Instant received, Instant kmsTime) {
    Duration rtt = Duration.between(sent, received);
    if (rtt.isNegative()) {
      return; // our clock stepped back during the exchange
    }
    Instant mid = sent.plus(rtt.dividedBy(2));
    samples.addLast(new Sample(Duration.between(mid, kmsTime), rtt));
    if (samples.size() > SAMPLES) {
      samples.removeFirst();
    }
    Sample best = null;
    for (Sample s : samples) {
      if (best == null || s.roundTrip().compareTo(best.roundTrip()) <= 0) {
        best = s;
      }
    }
    estimate = best.offset();
  }

  /** KMS time minus our time, or null before the first sample. */
  synchronized Duration estimate() {
    return estimate;
  }
}
