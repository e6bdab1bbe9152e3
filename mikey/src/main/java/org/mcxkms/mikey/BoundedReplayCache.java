package org.mcxkms.mikey;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import org.mcxkms.mikey.wire.ByteString;

/**
 * A {@link ReplayCache} in memory with a fixed capacity. Expired entries are dropped first; when
 * the cache is full of unexpired entries it refuses new messages (fails closed) unless
 * {@code evictUnexpired} is set, which a responder without a freshness window needs (its entries
 * never expire).
 */
public final class BoundedReplayCache implements ReplayCache {
  /** Default capacity: enough for a busy GMS fan-in within a 5-minute window. */
  public static final int DEFAULT_CAPACITY = 65_536;

  private final int capacity;
  private final Clock clock;
  private final boolean evictUnexpired;
  private final Map<ByteString, Instant> entries = new HashMap<>();
  private final PriorityQueue<Map.Entry<ByteString, Instant>> byExpiry =
      new PriorityQueue<>(Map.Entry.comparingByValue());

  public BoundedReplayCache(int capacity, Clock clock, boolean evictUnexpired) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.clock = clock;
    this.evictUnexpired = evictUnexpired;
  }

  @Override
  public synchronized boolean contains(ByteString digest) {
    Instant e = entries.get(digest);
    return e != null && e.isAfter(clock.instant());
  }

  @Override
  public synchronized boolean add(ByteString digest, Instant expiry) throws MikeyRejectedException {
    Instant now = clock.instant();
    Instant old = entries.get(digest);
    if (old != null && old.isAfter(now)) {
      return false;
    }
    purgeExpired(now);
    while (entries.size() >= capacity) {
      if (!evictUnexpired) {
        throw new MikeyRejectedException(MikeyRejectedException.Reason.REPLAY_CACHE_FULL,
            capacity + " unexpired messages are remembered; refusing to forget one");
      }
      Map.Entry<ByteString, Instant> oldest = byExpiry.poll();
      entries.remove(oldest.getKey(), oldest.getValue());
    }
    entries.put(digest, expiry);
    byExpiry.add(Map.entry(digest, expiry));
    return true;
  }

  private void purgeExpired(Instant now) {
    while (!byExpiry.isEmpty() && !byExpiry.peek().getValue().isAfter(now)) {
      Map.Entry<ByteString, Instant> e = byExpiry.poll();
      entries.remove(e.getKey(), e.getValue());
    }
  }

  public synchronized int size() {
    return entries.size();
  }
}
