package org.mcxkms.mikey.wire;

import java.time.Instant;
import org.mcxkms.crypto.uid.NtpTime;

/**
 * T, the timestamp payload (RFC 3830 6.6). TS 33.179 E.1.1 mandates NTP-UTC, the only type this
 * profile accepts.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! next payload  !   TS type     ! TS value (64 bits, NTP-UTC)   ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param ntp64 the 64-bit NTP timestamp as on the wire (32-bit seconds, 32-bit fraction)
 */
public record TimestampPayload(int tsType, long ntp64) implements Payload {
  public TimestampPayload {
    Checks.u8(tsType, "TS type");
  }

  public static TimestampPayload ntpUtc(NtpTime time) {
    return new TimestampPayload(MikeyConstants.TS_NTP_UTC, time.toNtp64());
  }

  /** The time, with the NTP era resolved against {@code reference} (RFC 5905 6). */
  public NtpTime time(Instant reference) {
    return NtpTime.fromNtp64(ntp64, reference);
  }

  @Override
  public int payloadType() {
    return MikeyConstants.PT_T;
  }

  @Override
  public String toString() {
    return "T[type=" + tsType + ", ntp=" + Long.toHexString(ntp64) + "]";
  }
}
