package org.mcxkms.kms.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The interval filter of the clock offset: bounded by every sample, not dragged by slow answers. */
class ClockOffsetEstimatorTest {
  static final Instant T = Instant.parse("2026-03-01T12:00:00.250Z");

  @Test
  void ourClockIsTrustedUntilAResponseProvesItWrong() {
    ClockOffsetEstimator e = new ClockOffsetEstimator(null);
    assertThat(e.estimate()).isNull();
    // a slow cold start on the same clock: offset in [-900 ms, +1600 ms] contains 0
    e.add(T, T.plusMillis(2500), T.plusMillis(1600));
    assertThat(e.estimate()).isEqualTo(Duration.ZERO);
    // sent at T, answered 200 ms later, KMS stamped T + 10 s + 100 ms: offset in [9.9 s, 10.1 s]
    ClockOffsetEstimator f = new ClockOffsetEstimator(null);
    f.add(T, T.plusMillis(200), T.plusSeconds(10).plusMillis(100));
    assertThat(f.estimate()).isEqualTo(Duration.ofMillis(9900));
  }

  @Test
  void aSlowAnswerConsistentWithTheEstimateDoesNotMoveIt() {
    ClockOffsetEstimator e = new ClockOffsetEstimator(Duration.ofMillis(5));
    // 1.4 s spent issuing keys; the KMS stamped at the end: offset in [5 ms, 1405 ms]
    e.add(T, T.plusMillis(1400), T.plusMillis(1405));
    assertThat(e.estimate()).isEqualTo(Duration.ofMillis(5));
  }

  @Test
  void aClockStepMovesTheEstimateToTheNearestConsistentValue() {
    ClockOffsetEstimator e = new ClockOffsetEstimator(Duration.ZERO);
    e.add(T, T.plusMillis(100), T.plusSeconds(3600).plusMillis(50));
    assertThat(e.estimate()).isEqualTo(Duration.ofSeconds(3600).minusMillis(50));
    e.add(T, T.plusMillis(100), T.minusSeconds(60));
    assertThat(e.estimate()).isEqualTo(Duration.ofSeconds(-60));
  }

  @Test
  void aTimeWithoutFractionMayBeTruncatedBySecond() {
    ClockOffsetEstimator e = new ClockOffsetEstimator(Duration.ofMillis(700));
    // KMS sends whole seconds: "12:00:00" may have been 12:00:00.999
    e.add(T, T.plusMillis(10), Instant.parse("2026-03-01T12:00:00Z"));
    assertThat(e.estimate()).isEqualTo(Duration.ofMillis(700));
  }

  @Test
  void theEstimateStaysWithinEverySampleOfAFixedTrueOffset() {
    long seed = new Random().nextLong();
    Random r = new Random(seed);
    Duration truth = Duration.ofMillis(r.nextInt(20_000) - 10_000);
    ClockOffsetEstimator e = new ClockOffsetEstimator(null);
    Instant t = T;
    for (int i = 0; i < 200; i++) {
      long rtt = 1 + r.nextInt(2000);
      long stamp = r.nextInt((int) rtt + 1); // the KMS stamps somewhere during the exchange
      e.add(t, t.plusMillis(rtt), t.plusMillis(stamp).plus(truth));
      assertThat(e.estimate().minus(truth).abs().toMillis()).as("seed %d, step %d", seed, i)
          .isLessThanOrEqualTo(3000); // within one round trip (and a truncated second)
      t = t.plusSeconds(60);
    }
  }
}
