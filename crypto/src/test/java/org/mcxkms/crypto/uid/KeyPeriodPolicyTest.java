package org.mcxkms.crypto.uid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Key period arithmetic on the NTP scale (TS 33.180 F.2.1 P5) and the documented offset rule. */
class KeyPeriodPolicyTest {
  private static final long SEED = Long.getLong("mcxkms.test.seed", 0x9e710dL);

  @Test
  void periodNumberWithoutOffset() {
    KeyPeriodPolicy p = KeyPeriodPolicy.of(2_592_000, 0);
    assertThat(p.periodNumber(3_599_719_634L)).isEqualTo(1388);
    assertThat(p.periodNumber(1388L * 2_592_000)).isEqualTo(1388); // first second of the period
    assertThat(p.periodNumber(1389L * 2_592_000 - 1)).isEqualTo(1388); // last second
    assertThat(p.periodNumber(0)).isZero();
  }

  @Test
  void offsetShiftsTheGridForward() {
    // The documented decision: period N covers [N*P + O, (N+1)*P + O).
    KeyPeriodPolicy p = KeyPeriodPolicy.of(100, 30);
    assertThat(p.startSeconds(5)).isEqualTo(530);
    assertThat(p.endSeconds(5)).isEqualTo(630);
    assertThat(p.periodNumber(529)).isEqualTo(4);
    assertThat(p.periodNumber(530)).isEqualTo(5);
    assertThat(p.periodNumber(629)).isEqualTo(5);
    assertThat(p.periodNumber(630)).isEqualTo(6);
    assertThat(p.contains(5, 600)).isTrue();
    assertThat(p.contains(5, 630)).isFalse();
    // before the first period start the number is negative (no UID can carry it)
    assertThat(p.periodNumber(29)).isEqualTo(-1);
    // an offset larger than the period is allowed (Streamwide UID test 5)
    KeyPeriodPolicy big = KeyPeriodPolicy.of(25_920_000, 45_920_000);
    assertThat(big.startSeconds(big.periodNumber(3_900_000_000L))).isLessThanOrEqualTo(3_900_000_000L);
  }

  @Test
  void validFromAndValidTo() {
    KeyPeriodPolicy p = KeyPeriodPolicy.of(2_592_000, 0);
    // 1388 * 2592000 = 3597696000 NTP seconds = Unix 1388707200 = 2014-01-03T00:00:00Z; 30 days long
    assertThat(p.validFrom(1388)).isEqualTo(Instant.parse("2014-01-03T00:00:00Z"));
    assertThat(p.validTo(1388)).isEqualTo(Instant.parse("2014-02-02T00:00:00Z"));
    assertThat(p.validTo(1388)).isEqualTo(p.validFrom(1389));
    assertThat(p.periodNumber(Instant.parse("2014-01-26T10:07:14Z"))).isEqualTo(1388);
  }

  @Test
  void everyTimeLiesInItsPeriod() {
    Random r = new Random(SEED);
    for (int i = 0; i < 20_000; i++) {
      long period = 1 + (long) (r.nextDouble() * KeyPeriodPolicy.MAX_SECONDS);
      if (r.nextBoolean()) {
        period = 1 + r.nextInt(100_000);
      }
      long offset = r.nextInt(3) == 0 ? 0 : (long) (r.nextDouble() * KeyPeriodPolicy.MAX_SECONDS);
      KeyPeriodPolicy p = KeyPeriodPolicy.of(period, offset);
      long t = (long) (r.nextDouble() * (1L << 40));
      long n = p.periodNumber(t);
      assertThat(p.startSeconds(n)).as("seed %d case %d", SEED, i).isLessThanOrEqualTo(t);
      assertThat(p.endSeconds(n)).as("seed %d case %d", SEED, i).isGreaterThan(t);
      assertThat(p.endSeconds(n) - p.startSeconds(n)).isEqualTo(period);
    }
  }

  @Test
  void periodOfAWireTimestamp() {
    KeyPeriodPolicy p = KeyPeriodPolicy.of(16_777_215, 0);
    long ntp64 = (3_961_209_000L << 32) | 0x8000_0000L; // 2025-07-11, half a second
    assertThat(p.periodNumberOfNtp64(ntp64, Instant.parse("2025-07-11T00:00:00Z"))).isEqualTo(3_961_209_000L / 16_777_215);
  }

  @Test
  void rejectsBadParameters() {
    assertThatThrownBy(() -> KeyPeriodPolicy.of(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyPeriodPolicy.of(-5, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyPeriodPolicy.of(10, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyPeriodPolicy.of(1L << 32, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyPeriodPolicy.of(10, 1L << 32)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyPeriodPolicy.of(10, 0).startSeconds(Long.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
    assertThat(KeyPeriodPolicy.of(10, 3)).isEqualTo(KeyPeriodPolicy.of(10, 3)).isNotEqualTo(KeyPeriodPolicy.of(10, 4));
  }
}
