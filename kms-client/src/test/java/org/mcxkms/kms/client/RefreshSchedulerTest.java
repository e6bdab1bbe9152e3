package org.mcxkms.kms.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.testkit.MutableClock;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.profile.KeyPeriodInfo;
import org.mcxkms.kms.client.profile.KeyProfile;

/**
 * The refresh scheduler against the real KMS, both on one hand-moved clock (one-hour key periods):
 * it fetches at once, plans the next fetch at the lead time before the rollover, prefetches the
 * next period then, backs off exponentially with jitter on failures, and works on KMS time when
 * the device clock is hours off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefreshSchedulerTest {
  static final String ALICE = "sip:alice@example.org";
  static final long PERIOD = 3600;
  static final KeyPeriodPolicy POLICY = KeyPeriodPolicy.of(PERIOD, 0);

  // The middle of a key period, well inside the KMS certificate's validity (it starts at creation),
  // with a fraction of a second (a KMS Time without one is read as possibly truncated).
  final MutableClock kmsClock = new MutableClock(POLICY.validFrom(POLICY.periodNumber(Instant.now()) + 1)
      .plusMillis(1_800_250));
  TestKms kms;

  @BeforeAll
  void start(@TempDir Path kmsDir) throws Exception {
    kms = TestKms.start(kmsDir, kmsClock, PERIOD);
    kms.addUser(ALICE);
  }

  @AfterAll
  void stop() {
    kms.close();
  }

  @Test
  void fetchesAtOncePlansTheRolloverPrefetchesAndBacksOff(@TempDir Path dir) throws Exception {
    Instant t0 = kmsClock.instant();
    long n = POLICY.periodNumber(t0);
    AtomicBoolean idmDown = new AtomicBoolean();
    TokenSource tokens = () -> {
      if (idmDown.get()) {
        throw new IOException("IdM unreachable");
      }
      return kms.token(ALICE);
    };
    try (KeyProfile profile = KeyProfile.create(dir, Profiles.key("p"), Profiles.settings(kms, ALICE), kmsClock)) {
      KmsClient client = KmsClient.builder(profile).tokenSource(tokens).build();
      long seed = new Random().nextLong();
      RefreshScheduler scheduler = RefreshScheduler.builder(client).leadTime(Duration.ofMinutes(10))
          .backoff(Duration.ofSeconds(30), Duration.ofMinutes(10)).jitter(0.2).random(new Random(seed)).build();
      assertThat(scheduler.nextAttempt()).isEqualTo(t0);

      RefreshStatus s = scheduler.runOnce(); // init + keyprov
      assertThat(s.healthy()).as(s.lastError()).isTrue();
      assertThat(s.heldPeriods().get(ALICE)).containsExactly(n, n + 1);
      assertThat(s.kmsClockOffset()).isEqualTo(Duration.ZERO);
      // Period n+1 is already held, so the next need is n+2, ten minutes before it starts.
      assertThat(s.nextAttempt()).isEqualTo(POLICY.validFrom(n + 2).minus(Duration.ofMinutes(10)));

      // Running early keeps what is held (every run asks the KMS, to notice a revocation).
      kmsClock.set(POLICY.validFrom(n + 1).plusSeconds(60));
      s = scheduler.runOnce();
      assertThat(s.healthy()).isTrue();
      assertThat(s.heldPeriods().get(ALICE)).contains(n, n + 1);

      // At the planned time the next period is prefetched before the rollover.
      kmsClock.set(s.nextAttempt());
      s = scheduler.runOnce();
      assertThat(s.healthy()).isTrue();
      long cur = POLICY.periodNumber(kmsClock.instant());
      assertThat(s.heldPeriods().get(ALICE)).contains(cur, cur + 1);
      assertThat(profile.keyMaterial(ALICE, cur + 1)).isPresent();

      // Failures back off exponentially within the jitter, then recover.
      kmsClock.set(POLICY.validFrom(n + 3).minus(Duration.ofMinutes(5)));
      idmDown.set(true);
      Duration previous = null;
      for (int i = 1; i <= 6; i++) {
        Instant before = kmsClock.instant();
        s = scheduler.runOnce();
        assertThat(s.consecutiveFailures()).isEqualTo(i);
        assertThat(s.lastProblem()).isEqualTo(KmsClientException.Problem.TOKEN);
        assertThat(s.lastError()).contains("IdM unreachable");
        Duration delay = Duration.between(before, s.nextAttempt());
        long base = Math.min(30L << (i - 1), 600);
        assertThat(delay.toMillis()).as("attempt %d, seed %d", i, seed)
            .isBetween(Math.round(base * 800L / 1000.0 * 1000) - 1, Math.round(base * 1200L / 1000.0 * 1000) + 1);
        previous = delay;
        kmsClock.set(s.nextAttempt());
      }
      assertThat(previous.toMillis()).isGreaterThanOrEqualTo(480_000); // capped at 10 min +-20 %
      assertThat(profile.refreshRecord().consecutiveFailures()).isEqualTo(6);
      idmDown.set(false);
      s = scheduler.runOnce();
      assertThat(s.healthy()).isTrue();
      assertThat(s.heldPeriods().get(ALICE)).contains(n + 3, n + 4);
      assertThat(s.lastSuccessTime()).contains(kmsClock.instant());
    }
    try (KeyProfile reopened = KeyProfile.open(dir, Profiles.key("p"), kmsClock)) {
      assertThat(reopened.refreshRecord().consecutiveFailures()).isZero();
      assertThat(reopened.refreshRecord().lastSuccessTime()).isPresent();
    }
  }

  @Test
  void aDeviceClockHoursOffStillGetsTheKmsCurrentPeriod(@TempDir Path dir) throws Exception {
    Clock device = Clock.offset(kmsClock, Duration.ofHours(-3).minusMinutes(7));
    long kmsPeriod = POLICY.periodNumber(kmsClock.instant());
    try (KeyProfile profile = KeyProfile.create(dir, Profiles.key("p"), Profiles.settings(kms, ALICE), device)) {
      KmsClient client = KmsClient.builder(profile).tokenSource(kms.tokens(ALICE)).build();
      RefreshScheduler scheduler = RefreshScheduler.builder(client).leadTime(Duration.ofMinutes(10)).build();
      // The first request carries our (wrong) Time and is refused; the KMS Time in the refusal
      // teaches the offset and the request is repeated.
      RefreshStatus s = scheduler.runOnce();
      assertThat(s.healthy()).as(s.lastError()).isTrue();
      assertThat(s.kmsClockOffset()).isEqualTo(Duration.ofHours(3).plusMinutes(7));
      assertThat(s.heldPeriods().get(ALICE)).containsExactly(kmsPeriod, kmsPeriod + 1);
      // The plan is in device time, at the earlier of the KMS's need (its rollover lead minus the
      // offset) and the device clock's own (a wrong offset never postpones a run): here the latter.
      Instant byKms = POLICY.validFrom(kmsPeriod + 2).minus(Duration.ofMinutes(10))
          .minus(Duration.ofHours(3).plusMinutes(7));
      Instant deviceNow = device.instant();
      assertThat(s.nextAttempt()).isBeforeOrEqualTo(byKms).isAfter(deviceNow)
          .isBeforeOrEqualTo(POLICY.validFrom(POLICY.periodNumber(deviceNow) + 1));
      assertThat(profile.refreshRecord().clockOffset()).contains(Duration.ofHours(3).plusMinutes(7));
    }
  }

  @Test
  void runsOnItsOwnThreadUntilClosed(@TempDir Path dir) throws Exception {
    try (KeyProfile profile = KeyProfile.create(dir, Profiles.key("p"), Profiles.settings(kms, ALICE), kmsClock)) {
      KmsClient client = KmsClient.builder(profile).tokenSource(kms.tokens(ALICE)).build();
      RefreshScheduler scheduler = RefreshScheduler.builder(client).leadTime(Duration.ofMinutes(10)).build();
      scheduler.start();
      try {
        long giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (scheduler.status().lastSuccess() == null && System.nanoTime() < giveUp) {
          Thread.sleep(50);
        }
      } finally {
        scheduler.close();
      }
      RefreshStatus s = scheduler.status();
      assertThat(s.healthy()).as(s.lastError()).isTrue();
      long n = POLICY.periodNumber(kmsClock.instant());
      assertThat(profile.periods(ALICE)).extracting(KeyPeriodInfo::period).containsExactly(n, n + 1);
      // The next run is planned for the lead time before period n+2, not now.
      assertThat(s.nextAttempt()).isEqualTo(POLICY.validFrom(n + 2).minus(Duration.ofMinutes(10)));
    }
  }
}
