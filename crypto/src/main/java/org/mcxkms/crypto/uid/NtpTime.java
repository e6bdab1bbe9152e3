package org.mcxkms.crypto.uid;

import java.time.Instant;

/**
 * A time on the NTP scale (RFC 5905): seconds since 1900-01-01T00:00:00Z plus a 32-bit binary
 * fraction. Key periods (TS 33.180 F.2.1, P5) and the MIKEY T payload (RFC 3830 6.6, NTP-UTC) both
 * count on this scale.
 *
 * <p>The seconds are kept as a full {@code long}, not the 32-bit wire field, so arithmetic stays
 * correct after the NTP era rolls over on 2036-02-07. {@link #fromNtp64(long, Instant)} resolves
 * the era of a 64-bit wire timestamp against a reference clock.
 */
public final class NtpTime implements Comparable<NtpTime> {
  /** Seconds from 1900-01-01 (NTP epoch) to 1970-01-01 (Unix epoch). */
  public static final long UNIX_EPOCH_OFFSET = 2_208_988_800L;

  private static final long ERA_SECONDS = 1L << 32;

  private final long seconds;
  private final long fraction; // 0 .. 2^32-1

  private NtpTime(long seconds, long fraction) {
    if (seconds < 0) {
      throw new IllegalArgumentException("NTP time before 1900 is not supported: " + seconds);
    }
    if (fraction < 0 || fraction >= ERA_SECONDS) {
      throw new IllegalArgumentException("NTP fraction out of range: " + fraction);
    }
    this.seconds = seconds;
    this.fraction = fraction;
  }

  public static NtpTime ofSeconds(long ntpSeconds) {
    return new NtpTime(ntpSeconds, 0);
  }

  public static NtpTime of(long ntpSeconds, long fraction) {
    return new NtpTime(ntpSeconds, fraction);
  }

  public static NtpTime of(Instant instant) {
    long secs = instant.getEpochSecond() + UNIX_EPOCH_OFFSET;
    long frac = (((long) instant.getNano()) << 32) / 1_000_000_000L;
    return new NtpTime(secs, frac);
  }

  public static NtpTime now() {
    return of(Instant.now());
  }

  /**
   * Reads a 64-bit NTP timestamp (32-bit seconds, 32-bit fraction), choosing the NTP era that puts
   * it closest to {@code reference} (RFC 5905 6: the era is not on the wire).
   */
  public static NtpTime fromNtp64(long ntp64, Instant reference) {
    long wireSeconds = ntp64 >>> 32;
    long fraction = ntp64 & 0xFFFF_FFFFL;
    long ref = Math.max(0, reference.getEpochSecond() + UNIX_EPOCH_OFFSET);
    long era = ref / ERA_SECONDS;
    long best = -1;
    for (long e = Math.max(0, era - 1); e <= era + 1; e++) {
      long candidate = e * ERA_SECONDS + wireSeconds;
      if (best < 0 || Math.abs(candidate - ref) < Math.abs(best - ref)) {
        best = candidate;
      }
    }
    return new NtpTime(best, fraction);
  }

  /** Reads a 64-bit NTP timestamp relative to the current clock. */
  public static NtpTime fromNtp64(long ntp64) {
    return fromNtp64(ntp64, Instant.now());
  }

  /** The 64-bit wire form: low 32 bits of the seconds, then the fraction. */
  public long toNtp64() {
    return (seconds << 32) | fraction;
  }

  /** Whole seconds since 1900-01-01T00:00:00Z (not truncated to 32 bits). */
  public long seconds() {
    return seconds;
  }

  public long fraction() {
    return fraction;
  }

  public Instant toInstant() {
    long nanos = (fraction * 1_000_000_000L) >>> 32;
    return Instant.ofEpochSecond(seconds - UNIX_EPOCH_OFFSET, nanos);
  }

  @Override
  public int compareTo(NtpTime o) {
    int c = Long.compare(seconds, o.seconds);
    return c != 0 ? c : Long.compare(fraction, o.fraction);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NtpTime other && other.seconds == seconds && other.fraction == fraction;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(seconds) * 31 + Long.hashCode(fraction);
  }

  @Override
  public String toString() {
    return toInstant() + " (NTP " + seconds + "." + String.format("%08x", fraction) + ")";
  }
}
