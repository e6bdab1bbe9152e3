package org.mcxkms.kms.server.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caches identity lookups in front of a store that <b>only this process writes</b>: the embedded
 * H2 file database, which H2 locks to one process. Every identity change goes through this object
 * and drops the cached entry before returning, so a disable or revocation is seen by the very next
 * request, exactly as without the cache. Never used for PostgreSQL, where other nodes write too
 * (there every request reads the database). Everything else is passed through (ForwardingKmsStore).
 *
 * <p>A lookup that misses reads the database and then fills the cache. Between the two, a change
 * may commit and drop the entry; filling afterwards would put back the record read before the
 * change (an ENABLED identity that is now revoked) for good. So every change bumps a generation
 * counter before and after it writes, and a fill is made, under the same lock as the drop, only if
 * the generation is still the one seen before the read. A fill that raced with any change is
 * simply skipped; the next lookup reads the database again.
 */
public final class SoleWriterCachingStore extends ForwardingKmsStore {
  private static final int LIMIT = 200_000;

  private final KmsStore store;
  private final ConcurrentHashMap<String, Optional<IdentityRecord>> identities = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  /** Bumped under {@link #lock} before and after every identity change. */
  private long generation;

  public SoleWriterCachingStore(KmsStore store) {
    super(store);
    this.store = store;
  }

  /** Whether {@code jdbcUrl} names a database only this process can open (an H2 file without AUTO_SERVER). */
  public static boolean isSoleWriter(String jdbcUrl) {
    String u = jdbcUrl.toUpperCase(Locale.ROOT);
    return u.startsWith("JDBC:H2:FILE:") && !u.contains("AUTO_SERVER=TRUE") && !u.contains("FILE_LOCK=NO");
  }

  @Override
  public Optional<IdentityRecord> identity(String uri) {
    Optional<IdentityRecord> r = identities.get(uri);
    if (r != null) {
      return r;
    }
    long seen;
    synchronized (lock) {
      seen = generation;
    }
    r = store.identity(uri);
    // Only positive results are kept: an unknown caller must not fill the cache.
    if (r.isPresent()) {
      synchronized (lock) {
        if (generation == seen) {
          if (identities.size() >= LIMIT) {
            identities.clear();
          }
          identities.put(uri, r);
        }
      }
    }
    return r;
  }

  /** Drops {@code uri} and makes every fill that read the database before now fail its check. */
  private void invalidate(String uri) {
    synchronized (lock) {
      generation++;
      identities.remove(uri);
    }
  }

  @Override
  public void addIdentity(IdentityRecord identity) {
    invalidate(identity.uri());
    try {
      store.addIdentity(identity);
    } finally {
      invalidate(identity.uri());
    }
  }

  @Override
  public boolean setStatus(String uri, IdentityStatus status) {
    invalidate(uri);
    try {
      return store.setStatus(uri, status);
    } finally {
      invalidate(uri);
    }
  }

  @Override
  public boolean revoke(String uri, Instant at, long throughPeriod) {
    invalidate(uri);
    try {
      return store.revoke(uri, at, throughPeriod);
    } finally {
      invalidate(uri);
    }
  }
}
