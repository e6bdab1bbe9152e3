package org.mcxkms.kms.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.mcxkms.kms.server.error.KmsException;
import org.mcxkms.kms.server.store.AuditChain;
import org.mcxkms.kms.server.store.AuditRecord;
import org.mcxkms.kms.server.store.ForwardingKmsStore;
import org.mcxkms.kms.server.store.JdbcKmsStore;
import org.mcxkms.kms.server.store.KmsStore;
import org.mcxkms.kms.server.store.StoreException;
import org.mcxkms.testkit.MutableClock;

/**
 * A failed audit write refuses the request it carried, but the summaries of unauthenticated
 * failures that could not be written are kept and written once the store is back: they are the
 * only record of what they count.
 */
class AuditorOutageTest {

  /** A store whose audit writes fail while {@code down} is set, like PostgreSQL during an outage. */
  static final class FlakyAuditStore extends ForwardingKmsStore {
    final AtomicBoolean down = new AtomicBoolean();

    FlakyAuditStore(KmsStore store) {
      super(store);
    }

    @Override
    public void audit(List<AuditRecord> rs, AuditChain chain) {
      if (down.get()) {
        throw new StoreException("database unavailable");
      }
      super.audit(rs, chain);
    }
  }

  @Test
  void summariesInAFailedBatchAreWrittenWhenTheStoreIsBack() throws Exception {
    KmsStore h2 = JdbcKmsStore.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2);
    FlakyAuditStore store = new FlakyAuditStore(h2);
    AuditKey key = AuditKey.ephemeral(new SecureRandom());
    Auditor auditor = new Auditor(store, "node-a", new MutableClock(Instant.parse("2026-01-10T08:00:00Z")),
        new SimpleMeterRegistry(), key, Duration.ofMillis(1));
    try {
      store.down.set(true);
      for (int i = 0; i < 50; i++) {
        auditor.record("u" + i, null, "keyprov", null, null, "invalid_token", "token rejected");
      }
      Thread.sleep(5); // the 1 ms window has ended: the writer tries the summary (and fails) from now on
      assertThatThrownBy(() -> auditor.record("a1", "sip:alice@example.org", "keyprov", "sip:alice@example.org", 7L,
          "ok", "issued")).isInstanceOf(KmsException.class);
      assertThat(h2.recentAudit(100)).isEmpty();

      store.down.set(false);
      auditor.record("a2", "sip:alice@example.org", "keyprov", "sip:alice@example.org", 7L, "ok", "issued");
      List<String> details = h2.recentAudit(100).stream().map(r -> r.requestId() + " " + r.detail()).toList();
      assertThat(details).anyMatch(d -> d.contains("50 unauthenticated request(s) refused"))
          .anyMatch(d -> d.startsWith("a2 "))
          .noneMatch(d -> d.startsWith("a1 "));
      assertThat(AuditVerifier.verify(h2, key).intact()).isTrue();
    } finally {
      auditor.close();
      h2.close();
    }
  }
}
