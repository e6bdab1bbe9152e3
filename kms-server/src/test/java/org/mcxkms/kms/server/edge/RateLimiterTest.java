package org.mcxkms.kms.server.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets on a clock the test moves. */
class RateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void aBurstPassesThenRequestsWaitForTheRate() {
    RateLimiter l = new RateLimiter(2, 5, now::get); // 2 a second, 5 saved up
    for (int i = 0; i < 5; i++) {
      assertThat(l.acquire("a")).isZero();
    }
    long wait = l.acquire("a");
    assertThat(wait).isEqualTo(500_000_000L); // one token every half second
    assertThat(l.acquire("b")).as("another key has its own bucket").isZero();
    now.addAndGet(499_000_000L);
    assertThat(l.acquire("a")).isPositive();
    now.addAndGet(1_000_000L);
    assertThat(l.acquire("a")).isZero();
    assertThat(l.acquire("a")).isPositive();
    now.addAndGet(60_000_000_000L);
    for (int i = 0; i < 5; i++) {
      assertThat(l.acquire("a")).as("refilled up to the burst, not beyond").isZero();
    }
    assertThat(l.acquire("a")).isPositive();
  }

  @Test
  void aRefundedTokenCanBeUsedAgain() {
    RateLimiter l = new RateLimiter(1, 1, now::get);
    assertThat(l.acquire("a")).isZero();
    assertThat(l.acquire("a")).isPositive();
    l.refund("a");
    assertThat(l.acquire("a")).isZero();
    l.refund("a");
    l.refund("a");
    assertThat(l.acquire("a")).isZero();
    assertThat(l.acquire("a")).as("refunds never exceed the burst").isPositive();
  }

  @Test
  void zeroMeansNoLimit() {
    RateLimiter l = new RateLimiter(0, 1, now::get);
    for (int i = 0; i < 1000; i++) {
      assertThat(l.acquire("a")).isZero();
    }
    assertThat(l.size()).isZero();
  }

  @Test
  void aFloodOfFreshKeysKeepsTheTableBounded() {
    RateLimiter l = new RateLimiter(1, 3, now::get);
    for (int i = 0; i < RateLimiter.MAX_KEYS + 5_000; i++) {
      l.acquire("10.0." + i);
    }
    assertThat(l.size()).isLessThanOrEqualTo(RateLimiter.MAX_KEYS);
  }
}
