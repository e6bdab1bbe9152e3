package org.mcxkms.kms.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caches identity lookups in front of a store that <b>only this process writes</b>: the embedded
 * H2 file database, which H2 locks to one process. Every identity change goes through this object
 * and drops the cached entry before returning, so a disable or revocation is seen by the very next
 * request, exactly as without the cache. Never used for PostgreSQL, where other nodes write too
 * (there every request reads the database). Everything else is passed through.
 *
 * <p>A lookup that misses reads the database and then fills the cache. Between the two, a change
 * may commit and drop the entry; filling afterwards would put back the record read before the
 * change (an ENABLED identity that is now revoked) for good. So every change bumps a generation
 * counter before and after it writes, and a fill is made, under the same lock as the drop, only if
 * the generation is still the one seen before the read. A fill that raced with any change is
 * simply skipped; the next lookup reads the database again.
 */
public final class SoleWriterCachingStore implements KmsStore {
  private static final int LIMIT = 200_000;

  private final KmsStore store;
  private final ConcurrentHashMap<String, Optional<IdentityRecord>> identities = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  /** Bumped under {@link #lock} before and after every identity change. */
  private long generation;

  public SoleWriterCachingStore(KmsStore store) {
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

  // --- pass-through

  @Override public Optional<DomainRecord> domain() { return store.domain(); }
  @Override public boolean createDomain(DomainRecord d, CertificateRecord first) { return store.createDomain(d, first); }
  @Override public List<CertificateRecord> certificates() { return store.certificates(); }
  @Override public void addCertificate(CertificateRecord c) { store.addCertificate(c); }
  @Override public List<IdentityRecord> identities() { return store.identities(); }
  @Override public List<IdentityRecord> identities(IdentityQuery q) { return store.identities(q); }
  @Override public void addGrant(String s, String t) { store.addGrant(s, t); }
  @Override public boolean removeGrant(String s, String t) { return store.removeGrant(s, t); }
  @Override public void addExternalKms(ExternalKmsRecord e) { store.addExternalKms(e); }
  @Override public boolean removeExternalKms(String kmsUri) { return store.removeExternalKms(kmsUri); }
  @Override public List<ExternalKmsRecord> externalKms() { return store.externalKms(); }
  @Override public long externalKmsGeneration() { return store.externalKmsGeneration(); }
  @Override public List<String> grants(String s) { return store.grants(s); }
  @Override public boolean isGranted(String s, String t) { return store.isGranted(s, t); }
  @Override public void addProtectionKey(ProtectionKeyRecord k) { store.addProtectionKey(k); }
  @Override public Optional<ProtectionKeyRecord> protectionKey(String id) { return store.protectionKey(id); }
  @Override public List<ProtectionKeyRecord> protectionKeys(String uri) { return store.protectionKeys(uri); }
  @Override public boolean removeProtectionKey(String id) { return store.removeProtectionKey(id); }
  @Override public boolean securityRequired(String uri) { return store.securityRequired(uri); }
  @Override public void setSecurityRequired(String uri, boolean required) { store.setSecurityRequired(uri, required); }
  @Override public void addPendingProtectionKey(ProtectionKeyRecord k) { store.addPendingProtectionKey(k); }
  @Override public java.util.Set<String> pendingProtectionKeys(String uri) { return store.pendingProtectionKeys(uri); }
  @Override public boolean promoteProtectionKey(String uri, String id) { return store.promoteProtectionKey(uri, id); }
  @Override public void audit(List<AuditRecord> rs, AuditChain chain) { store.audit(rs, chain); }
  @Override public List<AuditRecord> recentAudit(int limit) { return store.recentAudit(limit); }
  @Override public List<AuditRecord> audit(AuditQuery q) { return store.audit(q); }
  @Override public List<ChainedAuditRecord> auditChain(long after, int limit) { return store.auditChain(after, limit); }
  @Override public AuditChainState auditChainState() { return store.auditChainState(); }
  @Override public long lastAuditSeqBefore(Instant t) { return store.lastAuditSeqBefore(t); }
  @Override public boolean pruneAudit(long expected, long through, String mac, String tag) {
    return store.pruneAudit(expected, through, mac, tag);
  }
  @Override public Optional<String> auditKey() { return store.auditKey(); }
  @Override public boolean createAuditKey(String sealed) { return store.createAuditKey(sealed); }
  @Override public void ping() { store.ping(); }
  @Override public void close() { store.close(); }
}
