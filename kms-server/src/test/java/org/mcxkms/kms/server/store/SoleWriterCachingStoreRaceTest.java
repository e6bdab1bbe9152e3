package org.mcxkms.kms.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The revocation race: lookups that read the database while an admin revokes or disables the
 * identity must never put the stale ENABLED record back into the cache. The database reads are
 * slowed by a random pause after the read (as a descheduled request thread would be), which opens
 * the window between reading the old record and filling the cache wide.
 */
class SoleWriterCachingStoreRaceTest {
  private static final int RACES = 2_000;
  private static final int READERS = 2;
  private static final String URI = "sip:stolen@example.org";

  private KmsStore jdbc;

  @BeforeEach
  void open() {
    jdbc = JdbcKmsStore.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 4);
  }

  @AfterEach
  void close() {
    jdbc.close();
  }

  /** Reads the database, then pauses a random moment before handing the record back. */
  private static final class SlowReads extends ForwardingKmsStore {
    SlowReads(KmsStore store) {
      super(store);
    }

    @Override
    public Optional<IdentityRecord> identity(String uri) {
      Optional<IdentityRecord> r = super.identity(uri);
      int pause = ThreadLocalRandom.current().nextInt(4);
      if (pause == 0) {
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(20_000, 300_000));
      } else if (pause == 1) {
        Thread.yield();
      }
      return r;
    }
  }

  @Test
  void noLookupSeesAnEnabledIdentityAfterARevokeOrDisableReturned() throws Exception {
    KmsStore store = new SoleWriterCachingStore(new SlowReads(jdbc));
    store.addIdentity(new IdentityRecord(URI, IdentityKind.USER, IdentityStatus.ENABLED, Instant.now(), null, null));
    // even: the identity is (being made) enabled; odd: a revoke or disable has returned
    AtomicInteger phase = new AtomicInteger();
    AtomicLong lookups = new AtomicLong();
    AtomicInteger bypasses = new AtomicInteger();
    List<Thread> readers = new ArrayList<>();
    for (int i = 0; i < READERS; i++) {
      Thread t = new Thread(() -> {
        while (phase.get() >= 0) {
          int before = phase.get();
          IdentityRecord r = store.identity(URI).orElseThrow();
          if (before % 2 == 1 && phase.get() == before && r.status() == IdentityStatus.ENABLED) {
            bypasses.incrementAndGet();
          }
          lookups.incrementAndGet();
        }
      });
      t.setDaemon(true);
      t.start();
      readers.add(t);
    }
    int poisoned = 0;
    try {
      for (int race = 0; race < RACES; race++) {
        awaitLookups(lookups, READERS); // readers are hammering the enabled identity
        if (race % 2 == 0) {
          assertThat(store.revoke(URI, Instant.now(), race)).isTrue();
        } else {
          assertThat(store.setStatus(URI, IdentityStatus.DISABLED)).isTrue();
        }
        phase.incrementAndGet();
        // let every in-flight lookup (read before the change, fill after it) finish
        awaitLookups(lookups, 2L * READERS);
        if (store.identity(URI).orElseThrow().status() == IdentityStatus.ENABLED) {
          poisoned++;
        }
        phase.incrementAndGet();
        assertThat(store.setStatus(URI, IdentityStatus.ENABLED)).isTrue();
      }
    } finally {
      phase.set(-1);
      for (Thread t : readers) {
        t.join(10_000);
      }
    }
    assertThat(poisoned).as("races that left the cache saying ENABLED").isZero();
    assertThat(bypasses.get()).as("lookups that saw ENABLED after a revoke or disable returned").isZero();
    assertThat(jdbc.identity(URI).orElseThrow().revokedThroughPeriod()).isEqualTo(RACES - 2L);
  }

  private static void awaitLookups(AtomicLong lookups, long more) {
    long target = lookups.get() + more;
    while (lookups.get() < target) {
      LockSupport.parkNanos(5_000);
    }
  }
}
