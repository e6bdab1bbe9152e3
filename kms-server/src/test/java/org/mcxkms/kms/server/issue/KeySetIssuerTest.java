package org.mcxkms.kms.server.issue;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.domain.CertificateKeys;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.store.JdbcKmsStore;
import org.mcxkms.kms.server.store.KmsStore;

/**
 * The issuance cache: hits and misses, eviction of a revoked identity, and (the regression) an
 * entry issued again after its identity was evicted is not dropped before older entries: the
 * former cache kept the evicted key in its order list, so the next overflow removed the fresh entry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeySetIssuerTest {
  private static final String KMS_URI = "kms.test.org";
  private static final KeyPeriodPolicy POLICY = KeyPeriodPolicy.of(2592000, 0);
  private static final long PERIOD = 1500;

  @TempDir static Path dir;
  private KmsStore store;
  private CertificateKeys cert;

  @BeforeAll
  void domain() throws Exception {
    store = JdbcKmsStore.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2);
    KmsConfig config = KmsConfig.builder().set(ConfigKey.DATA_DIR, dir.toString()).set(ConfigKey.KMS_URI, KMS_URI)
        .build();
    Clock clock = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);
    cert = SecurityDomain.openOrCreate(config, store, clock, new SecureRandom(), w -> {}).current(clock.instant())
        .orElseThrow();
  }

  @AfterAll
  void close() {
    store.close();
  }

  private static double misses(SimpleMeterRegistry m) {
    return m.counter("kms_keyset_cache", "result", "miss").count();
  }

  private IssuedKeySet issue(KeySetIssuer issuer, String uri) {
    return issuer.issue(cert, KMS_URI, POLICY, uri, PERIOD);
  }

  @Test
  void aRepeatedRequestIsServedFromTheCacheAndEvictionDropsOnlyThatIdentity() {
    SimpleMeterRegistry m = new SimpleMeterRegistry();
    KeySetIssuer issuer = new KeySetIssuer(10, m);
    IssuedKeySet a = issue(issuer, "sip:a@x");
    issue(issuer, "sip:b@x");
    assertThat(issue(issuer, "sip:a@x")).isSameAs(a);
    assertThat(misses(m)).isEqualTo(2);
    issuer.evict("sip:a@x");
    assertThat(issuer.size()).isEqualTo(1);
    IssuedKeySet again = issue(issuer, "sip:a@x");
    assertThat(again).isNotSameAs(a);
    // deterministic issuance: the same key material
    assertThat(again.rsk()).isEqualTo(a.rsk());
    assertThat(misses(m)).isEqualTo(3);
    issue(issuer, "sip:b@x");
    assertThat(misses(m)).isEqualTo(3);
  }

  @Test
  void anEntryIssuedAgainAfterEvictionIsNotEvictedBeforeOlderOnes() {
    SimpleMeterRegistry m = new SimpleMeterRegistry();
    KeySetIssuer issuer = new KeySetIssuer(2, m);
    issue(issuer, "sip:a@x");
    issue(issuer, "sip:b@x");
    issuer.evict("sip:a@x"); // a revocation
    issue(issuer, "sip:a@x"); // re-enabled for later periods: issued again
    issue(issuer, "sip:a@x");
    issue(issuer, "sip:a@x");
    double before = misses(m);
    issue(issuer, "sip:c@x"); // one entry too many: something must go, never the fresh a
    assertThat(issuer.size()).isLessThanOrEqualTo(2);
    issue(issuer, "sip:a@x");
    assertThat(misses(m)).as("a was evicted early").isEqualTo(before + 1);
  }

  @Test
  void aZeroSizeCacheDerivesEveryTime() {
    SimpleMeterRegistry m = new SimpleMeterRegistry();
    KeySetIssuer issuer = new KeySetIssuer(0, m);
    IssuedKeySet a = issue(issuer, "sip:a@x");
    IssuedKeySet b = issue(issuer, "sip:a@x");
    assertThat(b).isNotSameAs(a);
    assertThat(b.ssk()).isEqualTo(a.ssk());
    assertThat(misses(m)).isEqualTo(2);
  }
}
