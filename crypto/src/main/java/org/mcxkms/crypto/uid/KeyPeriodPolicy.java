package org.mcxkms.crypto.uid;

import java.time.Instant;

/**
 * The key period rule of a KMS certificate ({@code UserKeyPeriod}, {@code UserKeyOffset}): which
 * period number (P5 of the UID, {@code KeyPeriodNo}) a time falls in, and when a period starts and
 * ends. All times are on the NTP scale (TS 33.180 F.2.1: "since 0h on 1 January 1900").
 *
 * <p><b>Decision on a non-zero offset (UNCONFIRMED in the spec digest, uid.md 1).</b> We shift the
 * period grid <em>forward</em> by the offset: period {@code N} covers NTP seconds
 * {@code [N*period + offset, (N+1)*period + offset)}, so {@code N = floor((T - offset) / period)}.
 * This is what the Streamwide UID generator and sender do. Published deployments use offset 0,
 * where every reading agrees. The rule lives in {@link #periodNumber(long)} and
 * {@link #startSeconds(long)} only; change it there if the TS text says otherwise.
 */
public final class KeyPeriodPolicy {
  private final long periodSeconds;
  private final long offsetSeconds;

  private KeyPeriodPolicy(long periodSeconds, long offsetSeconds) {
    if (periodSeconds <= 0) {
      throw new IllegalArgumentException("UserKeyPeriod must be positive: " + periodSeconds);
    }
    if (offsetSeconds < 0) {
      throw new IllegalArgumentException("UserKeyOffset must not be negative: " + offsetSeconds);
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

  /** The key period number containing NTP second {@code ntpSeconds} (see the class comment). */
  public long periodNumber(long ntpSeconds) {
    return Math.floorDiv(ntpSeconds - offsetSeconds, periodSeconds);
  }

  public long periodNumber(NtpTime time) {
    return periodNumber(time.seconds());
  }

  public long periodNumber(Instant instant) {
    return periodNumber(NtpTime.of(instant).seconds());
  }

  /** First NTP second of period {@code n} (inclusive). */
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
    return o instanceof KeyPeriodPolicy
        && ((KeyPeriodPolicy) o).periodSeconds == periodSeconds
        && ((KeyPeriodPolicy) o).offsetSeconds == offsetSeconds;
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
