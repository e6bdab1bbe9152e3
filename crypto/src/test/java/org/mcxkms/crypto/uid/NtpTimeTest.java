package org.mcxkms.crypto.uid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The NTP time scale (RFC 5905): epoch 1900, 32.32 fixed point on the wire, eras. */
class NtpTimeTest {
  @Test
  void epochs() {
    assertThat(NtpTime.of(Instant.EPOCH).seconds()).isEqualTo(2_208_988_800L);
    assertThat(NtpTime.ofSeconds(0).toInstant()).isEqualTo(Instant.parse("1900-01-01T00:00:00Z"));
    assertThat(NtpTime.of(Instant.parse("2014-01-26T10:07:14Z")).seconds()).isEqualTo(3_599_719_634L);
    assertThatThrownBy(() -> NtpTime.of(Instant.parse("1899-12-31T23:59:59Z"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NtpTime.of(0, 1L << 32)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fractionRoundTrips() {
    NtpTime half = NtpTime.of(Instant.parse("2020-01-01T00:00:00.5Z"));
    assertThat(half.fraction()).isEqualTo(0x8000_0000L);
    Random r = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      Instant t = Instant.ofEpochSecond(r.nextInt(Integer.MAX_VALUE), r.nextInt(1_000_000_000));
      Instant back = NtpTime.of(t).toInstant();
      // 2^-32 s resolution: within one nanosecond, never later
      assertThat(t.getEpochSecond() * 1_000_000_000L + t.getNano() - (back.getEpochSecond() * 1_000_000_000L + back.getNano()))
          .isBetween(0L, 1L);
    }
  }

  @Test
  void wireFormAndEras() {
    NtpTime t = NtpTime.of(3_599_719_634L, 0x1234_5678L);
    long wire = t.toNtp64();
    assertThat(wire >>> 32).isEqualTo(3_599_719_634L);
    assertThat(NtpTime.fromNtp64(wire, Instant.parse("2014-01-26T00:00:00Z"))).isEqualTo(t);
    // after the 2036-02-07 rollover a small wire value belongs to era 1
    Instant after = Instant.parse("2036-03-01T00:00:00Z");
    NtpTime e1 = NtpTime.of(after);
    assertThat(e1.seconds()).isGreaterThan(1L << 32);
    assertThat(e1.toNtp64() >>> 32).isLessThan(1L << 31);
    assertThat(NtpTime.fromNtp64(e1.toNtp64(), after)).isEqualTo(e1);
    // a time just before the rollover, read shortly after it, stays in era 0
    NtpTime late = NtpTime.ofSeconds((1L << 32) - 10);
    assertThat(NtpTime.fromNtp64(late.toNtp64(), after).seconds()).isEqualTo((1L << 32) - 10);
  }
}
