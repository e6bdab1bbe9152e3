package org.mcxkms.kms.server.edge;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (a client address, an identity): {@code perSecond} tokens a second, at most
 * {@code burst} saved up. A rate of zero means no limit. The number of keys is bounded: when the
 * table is full, buckets that have refilled completely (idle keys) are dropped, and if that frees
 * nothing the table starts over (a flood of fresh keys then meets full buckets, never an
 * unbounded table).
 */
public final class RateLimiter {
  static final int MAX_KEYS = 100_000;

  private final double perNano;
  private final double burst;
  private final LongSupplier nanos;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long last;

    Bucket(double tokens, long last) {
      this.tokens = tokens;
      this.last = last;
    }
  }

  public RateLimiter(double perSecond, int burst) {
    this(perSecond, burst, System::nanoTime);
  }

  /** With a clock of nanoseconds (tests). */
  public RateLimiter(double perSecond, int burst, LongSupplier nanos) {
    if (perSecond < 0 || burst < 1) {
      throw new IllegalArgumentException("rate >= 0 and burst >= 1");
    }
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.nanos = nanos;
  }

  public boolean enabled() {
    return perNano > 0;
  }

  /**
   * Takes one token for {@code key}.
   *
   * @return 0 if the request may go ahead, otherwise the nanoseconds until a token is available
   */
  public long acquire(String key) {
    if (!enabled()) {
      return 0;
    }
    long now = nanos.getAsLong();
    Bucket b = buckets.get(key);
    if (b == null) {
      if (buckets.size() >= MAX_KEYS) {
        shrink(now);
      }
      b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    }
    synchronized (b) {
      refill(b, now);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - b.tokens) / perNano);
    }
  }

  /** Gives back the token of a request that turned out not to count (it authenticated). */
  public void refund(String key) {
    Bucket b = buckets.get(key);
    if (b != null) {
      synchronized (b) {
        b.tokens = Math.min(burst, b.tokens + 1);
      }
    }
  }

  private void refill(Bucket b, long now) {
    if (now > b.last) {
      b.tokens = Math.min(burst, b.tokens + (now - b.last) * perNano);
      b.last = now;
    }
  }

  private void shrink(long now) {
    buckets.entrySet().removeIf(e -> {
      Bucket b = e.getValue();
      synchronized (b) {
        refill(b, now);
        return b.tokens >= burst;
      }
    });
    if (buckets.size() >= MAX_KEYS) {
      buckets.clear();
    }
  }

  /** Keys currently tracked (tests, metrics). */
  int size() {
    return buckets.size();
  }
}
