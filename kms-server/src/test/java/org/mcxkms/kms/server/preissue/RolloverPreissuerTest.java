package org.mcxkms.kms.server.preissue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.domain.CertificateKeys;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.issue.IssuedKeySet;
import org.mcxkms.kms.server.issue.KeySetIssuer;
import org.mcxkms.kms.server.store.IdentityKind;
import org.mcxkms.kms.server.store.IdentityRecord;
import org.mcxkms.kms.server.store.IdentityStatus;
import org.mcxkms.kms.server.store.JdbcKmsStore;
import org.mcxkms.kms.server.store.KmsStore;

/** Rollover pre-issuance on a controlled clock with a small population. */
class RolloverPreissuerTest {
  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void set(Instant t) {
      now = t;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** Records what it is asked to issue. */
  static final class RecordingTarget implements PreissueTarget {
    final List<String> population;
    final ConcurrentLinkedQueue<String> issued = new ConcurrentLinkedQueue<>();
    volatile boolean certificate = true;

    RecordingTarget(List<String> population) {
      this.population = population;
    }

    @Override
    public List<String> identities(long period) {
      return population;
    }

    @Override
    public boolean issue(String identity, long period, Instant at) {
      if (!certificate) {
        return false;
      }
      issued.add(identity + "@" + period);
      return true;
    }
  }

  private static final KeyPeriodPolicy HOURLY = KeyPeriodPolicy.of(3600, 0);
  private final List<KmsStore> stores = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void close() {
    stores.forEach(KmsStore::close);
  }

  private static RolloverPreissuer.Settings settings(int threads, WorkShare share) {
    return new RolloverPreissuer.Settings(Duration.ofMinutes(15), threads, share, Duration.ofSeconds(1), 1000);
  }

  private static List<String> population(int n) {
    return IntStream.range(0, n).mapToObj(i -> "sip:user" + i + "@example.org").toList();
  }

  @Test
  void runsOnceWithinTheLeadBeforeEachBoundaryForTheNewCurrentAndFuturePeriods() {
    long period = 500_000;
    Instant boundary = HOURLY.validFrom(period + 1);
    MovableClock clock = new MovableClock(boundary.minus(Duration.ofMinutes(40)));
    RecordingTarget target = new RecordingTarget(population(7));
    MeterRegistry metrics = new SimpleMeterRegistry();
    RolloverPreissuer p = new RolloverPreissuer(target, HOURLY, 1, settings(2, WorkShare.all()), clock, metrics);

    assertThat(p.runIfDue()).isEmpty(); // 40 minutes before: outside the 15-minute lead
    clock.set(boundary.minus(Duration.ofMinutes(10)));
    RolloverPreissuer.Report r = p.runIfDue().orElseThrow();
    assertThat(r.firstPeriod()).isEqualTo(period + 1);
    assertThat(r.lastPeriod()).isEqualTo(period + 2);
    assertThat(r.issued()).isEqualTo(14);
    assertThat(r.failed()).isZero();
    Set<String> expected = new HashSet<>();
    for (String id : target.population) {
      expected.add(id + "@" + (period + 1));
      expected.add(id + "@" + (period + 2));
    }
    assertThat(new HashSet<>(target.issued)).isEqualTo(expected);
    assertThat(target.issued).hasSize(14); // each once
    assertThat(metrics.get("kms_preissue_keysets").tag("result", "issued").counter().count()).isEqualTo(14.0);
    assertThat(metrics.get("kms_preissue_period").gauge().value()).isEqualTo(period + 1);

    clock.set(boundary.minus(Duration.ofMinutes(1)));
    assertThat(p.runIfDue()).isEmpty(); // once per boundary
    clock.set(boundary.plus(Duration.ofMinutes(30)));
    assertThat(p.runIfDue()).isEmpty(); // the next boundary is 30 minutes away
    clock.set(boundary.plus(Duration.ofMinutes(50)));
    assertThat(p.runIfDue().orElseThrow().firstPeriod()).isEqualTo(period + 2);
    assertThat(target.issued).hasSize(28);
  }

  @Test
  void withoutAValidCertificateNothingIsIssuedAndTheRunEnds() {
    RecordingTarget target = new RecordingTarget(population(200));
    target.certificate = false;
    RolloverPreissuer p = new RolloverPreissuer(target, HOURLY, 0, settings(2, WorkShare.all()),
        new MovableClock(HOURLY.validFrom(10).minusSeconds(60)), new SimpleMeterRegistry());
    RolloverPreissuer.Report r = p.runIfDue().orElseThrow();
    assertThat(r.issued()).isZero();
    assertThat(target.issued).isEmpty();
  }

  @Test
  void nodesSplitThePopulationWithoutOverlapOrGap() {
    List<String> all = population(300);
    Set<String> seen = new HashSet<>();
    int total = 0;
    for (int node = 0; node < 3; node++) {
      RecordingTarget target = new RecordingTarget(all);
      new RolloverPreissuer(target, HOURLY, 0, settings(1, new WorkShare(3, node)), Clock.systemUTC(),
          new SimpleMeterRegistry()).preissue(7, 7, Instant.EPOCH);
      assertThat(target.issued.size()).isBetween(60, 140); // roughly a third each
      total += target.issued.size();
      seen.addAll(target.issued);
    }
    assertThat(total).isEqualTo(300);
    assertThat(seen).hasSize(300);
    assertThatThrownBy(() -> new WorkShare(2, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void preissuedKeySetsAreServedFromTheCacheAndSkipDisabledAndRevokedIdentities() throws Exception {
    KmsStore store = JdbcKmsStore.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2);
    stores.add(store);
    Instant start = Instant.parse("2026-03-01T00:00:00Z");
    KmsConfig config = KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dir.toString())
        .set(ConfigKey.KMS_URI, "kms.test.org")
        .set(ConfigKey.KEY_PERIOD_SECONDS, 3600)
        .set(ConfigKey.SEAL_ARGON2_MEMORY_KIB, 1024)
        .set(ConfigKey.SEAL_ARGON2_ITERATIONS, 1)
        .build();
    MovableClock clock = new MovableClock(start);
    SecurityDomain domain = SecurityDomain.openOrCreate(config, store, clock, new SecureRandom(), w -> {});
    KeyPeriodPolicy policy = domain.policy();
    long next = policy.periodNumber(start) + 1;
    for (String u : List.of("sip:a@example.org", "sip:b@example.org", "sip:c@example.org")) {
      store.addIdentity(new IdentityRecord(u, IdentityKind.USER, IdentityStatus.ENABLED, start, null, null));
    }
    store.addIdentity(new IdentityRecord("sip:off@example.org", IdentityKind.USER, IdentityStatus.DISABLED, start, null, null));
    store.addIdentity(new IdentityRecord("sip:gone@example.org", IdentityKind.USER, IdentityStatus.ENABLED, start,
        start, next)); // re-enabled, but keys through the next period stay revoked
    MeterRegistry metrics = new SimpleMeterRegistry();
    KeySetIssuer issuer = new KeySetIssuer(1000, metrics);
    RolloverPreissuer p = new RolloverPreissuer(new KmsPreissueTarget(domain, store, issuer), policy, 1,
        settings(2, WorkShare.all()), clock, new SimpleMeterRegistry());

    clock.set(policy.validFrom(next).minus(Duration.ofMinutes(5)));
    RolloverPreissuer.Report r = p.runIfDue().orElseThrow();
    // a, b, c for next and next+1; gone only for next+1
    assertThat(r.issued()).isEqualTo(7);
    assertThat(issuer.size()).isEqualTo(7);
    double misses = metrics.get("kms_keyset_cache").tag("result", "miss").counter().count();
    assertThat(misses).isEqualTo(7.0);

    // after the boundary, the requests of the rollover are cache hits: no new derivation
    clock.set(policy.validFrom(next).plusSeconds(1));
    CertificateKeys cert = domain.current(clock.instant()).orElseThrow();
    IssuedKeySet a = issuer.issue(cert, domain.kmsUri(), policy, "sip:a@example.org", next);
    issuer.issue(cert, domain.kmsUri(), policy, "sip:gone@example.org", next + 1);
    assertThat(metrics.get("kms_keyset_cache").tag("result", "miss").counter().count()).isEqualTo(misses);
    assertThat(metrics.get("kms_keyset_cache").tag("result", "hit").counter().count()).isEqualTo(2.0);
    assertThat(a.period()).isEqualTo(next);
    assertThat(a.userUri()).isEqualTo("sip:a@example.org");
    // the pre-issued set is the deterministic one a fresh issuer derives
    IssuedKeySet fresh = new KeySetIssuer(0, new SimpleMeterRegistry())
        .issue(cert, domain.kmsUri(), policy, "sip:a@example.org", next);
    assertThat(a.rsk()).isEqualTo(fresh.rsk());
    assertThat(a.ssk()).isEqualTo(fresh.ssk());
  }
}
