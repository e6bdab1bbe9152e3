package org.mcxkms.crypto.uid;

import java.time.Instant;

/**
 * The key period rule of a KMS certificate ({@code UserKeyPeriod}, {@code UserKeyOffset}): which
 * period number (P5 of the UID, {@code KeyPeriodNo}) a time falls in, and when a period starts and
 * ends. All times are on the NTP scale (TS 33.180 F.2.1: "since 0h on 1 January 1900").
 *
 * <p><b>Decision on a non-zero offset (UNCONFIRMED, TS 33.180 F.2.1).</b> We shift the
 * period grid <em>forward</em> by the offset: period {@code N} covers NTP seconds
 * {@code [N*period + offset, (N+1)*period + offset)}, so {@code N = floor((T - offset) / period)}.
 * This is what the Streamwide UID generator and sender do (its receiver-side inference and expiry
 * check disagree, so no reading matches all of it). Published deployments use offset 0, where
 * every reading agrees. The rule lives in {@link #periodNumber(long)} and {@link #startSeconds(long)}
 * only; change it there if the TS text says otherwise.
 *
 * <p>Other choices: the offset may exceed the period (Streamwide's UID test 5 uses 45920000 with a
 * 25920000-second period; a claimed "P4 shall be less than P3" is unconfirmed), and both are
 * limited to 2^32 - 1 seconds, the range of the 32-bit NTP seconds field they are measured on.
 * A time before the first period start (T &lt; offset) has a negative period number, which no UID
 * can carry ({@link Uid#format2} rejects it).
 */
public final class KeyPeriodPolicy {
  /** Largest accepted period length or offset: the 32-bit NTP seconds range. */
  public static final long MAX_SECONDS = 0xFFFF_FFFFL;

  private final long periodSeconds;
  private final long offsetSeconds;

  private KeyPeriodPolicy(long periodSeconds, long offsetSeconds) {
    if (periodSeconds <= 0 || periodSeconds > MAX_SECONDS) {
      throw new IllegalArgumentException("UserKeyPeriod must be in [1, 2^32-1] seconds: " + periodSeconds);
    }
    if (offsetSeconds < 0 || offsetSeconds > MAX_SECONDS) {
      throw new IllegalArgumentException("UserKeyOffset must be in [0, 2^32-1] seconds: " + offsetSeconds);
    }
    this.periodSeconds = periodSeconds;
    this.offsetSeconds = offsetSeconds;
  }

  /**
   * @param periodSeconds {@code UserKeyPeriod}, the length of a key period in seconds (P3)
   * @param offsetSeconds {@code UserKeyOffset}, the key period offset in seconds (P4)
   */
  public static KeyPeriodPolicy of(long periodSeconds, long offsetSeconds) {
    return new KeyPeriodPolicy(periodSeconds, offsetSeconds);
  }

  public long periodSeconds() {
    return periodSeconds;
  }

  public long offsetSeconds() {
    return offsetSeconds;
  }

  /**
   * The key period number containing NTP second {@code ntpSeconds} (see the class comment): the
   * one rule, {@code floor((T - offset) / period)}.
   */
  public long periodNumber(long ntpSeconds) {
    return Math.floorDiv(ntpSeconds - offsetSeconds, periodSeconds);
  }

  public long periodNumber(NtpTime time) {
    return periodNumber(time.seconds());
  }

  public long periodNumber(Instant instant) {
    return periodNumber(NtpTime.of(instant).seconds());
  }

  /**
   * The period number of a 64-bit NTP timestamp from the wire (a MIKEY T payload, a KeyProv
   * request time), its era resolved against {@code reference} (see {@link NtpTime#fromNtp64}).
   */
  public long periodNumberOfNtp64(long ntp64, Instant reference) {
    return periodNumber(NtpTime.fromNtp64(ntp64, reference));
  }

  /** True if NTP second {@code ntpSeconds} lies in period {@code n}. */
  public boolean contains(long n, long ntpSeconds) {
    return periodNumber(ntpSeconds) == n;
  }

  /** First NTP second of period {@code n} (inclusive): {@code n * period + offset}, the same rule inverted. */
  public long startSeconds(long n) {
    return Math.addExact(Math.multiplyExact(n, periodSeconds), offsetSeconds);
  }

  /** First NTP second after period {@code n} (exclusive end). */
  public long endSeconds(long n) {
    return startSeconds(Math.addExact(n, 1));
  }

  /** {@code ValidFrom} of period {@code n}. */
  public Instant validFrom(long n) {
    return NtpTime.ofSeconds(startSeconds(n)).toInstant();
  }

  /** {@code ValidTo} of period {@code n}: the instant the next period begins. */
  public Instant validTo(long n) {
    return NtpTime.ofSeconds(endSeconds(n)).toInstant();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyPeriodPolicy other
        && other.periodSeconds == periodSeconds
        && other.offsetSeconds == offsetSeconds;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(periodSeconds) * 31 + Long.hashCode(offsetSeconds);
  }

  @Override
  public String toString() {
    return "KeyPeriodPolicy[period=" + periodSeconds + "s, offset=" + offsetSeconds + "s]";
  }
}
