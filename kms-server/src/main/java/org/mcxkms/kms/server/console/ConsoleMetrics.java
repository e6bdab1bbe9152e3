package org.mcxkms.kms.server.console;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The last hour of key provisioning, from the server's own {@code kms_requests} timers: sampled
 * once a minute, kept as 60 one-minute buckets (requests and mean latency). Nothing is read from
 * the database.
 */
final class ConsoleMetrics {
  static final int MINUTES = 60;

  /** One minute: requests completed, and their mean latency in milliseconds (0 when none). */
  record Minute(Instant end, long requests, double meanMillis) {}

  private record Sample(Instant at, long count, double totalMillis) {}

  private final MeterRegistry registry;
  private final Clock clock;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();

  ConsoleMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** Takes one sample; called once a minute. */
  synchronized void sample() {
    long count = 0;
    double total = 0;
    for (Timer t : registry.find("kms_requests").tag("endpoint", "keyprov").timers()) {
      count += t.count();
      total += t.totalTime(TimeUnit.MILLISECONDS);
    }
    samples.addLast(new Sample(clock.instant(), count, total));
    while (samples.size() > MINUTES + 1) {
      samples.removeFirst();
    }
  }

  /** The minutes sampled so far within the last hour, oldest first. */
  synchronized List<Minute> lastHour() {
    List<Minute> out = new ArrayList<>();
    Sample prev = null;
    for (Sample s : samples) {
      if (prev != null) {
        long n = s.count - prev.count;
        out.add(new Minute(s.at, n, n > 0 ? (s.totalMillis - prev.totalMillis) / n : 0));
      }
      prev = s;
    }
    return out;
  }
}
