package org.mcxkms.kms.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A store that passes everything to another; subclasses override what they change. */
public class ForwardingKmsStore implements KmsStore {
  private final KmsStore store;

  public ForwardingKmsStore(KmsStore store) {
    this.store = store;
  }

  @Override public Optional<DomainRecord> domain() { return store.domain(); }
  @Override public boolean createDomain(DomainRecord d, CertificateRecord first) { return store.createDomain(d, first); }
  @Override public List<CertificateRecord> certificates() { return store.certificates(); }
  @Override public void addCertificate(CertificateRecord c) { store.addCertificate(c); }
  @Override public void addIdentity(IdentityRecord identity) { store.addIdentity(identity); }
  @Override public Optional<IdentityRecord> identity(String uri) { return store.identity(uri); }
  @Override public List<IdentityRecord> identities() { return store.identities(); }
  @Override public List<IdentityRecord> identities(IdentityQuery q) { return store.identities(q); }
  @Override public boolean setStatus(String uri, IdentityStatus status) { return store.setStatus(uri, status); }
  @Override public boolean revoke(String uri, Instant at, long through) { return store.revoke(uri, at, through); }
  @Override public void addGrant(String s, String t) { store.addGrant(s, t); }
  @Override public boolean removeGrant(String s, String t) { return store.removeGrant(s, t); }
  @Override public void addExternalKms(ExternalKmsRecord e) { store.addExternalKms(e); }
  @Override public boolean removeExternalKms(String kmsUri) { return store.removeExternalKms(kmsUri); }
  @Override public List<ExternalKmsRecord> externalKms() { return store.externalKms(); }
  @Override public boolean addRedirect(RedirectRecord r) { return store.addRedirect(r); }
  @Override public List<RedirectRecord> redirects(int limit) { return store.redirects(limit); }
  @Override public long externalKmsGeneration() { return store.externalKmsGeneration(); }
  @Override public void addMigrationKms(MigrationKmsRecord m) { store.addMigrationKms(m); }
  @Override public boolean removeMigrationKms(String kmsUri) { return store.removeMigrationKms(kmsUri); }
  @Override public List<MigrationKmsRecord> migrationKms() { return store.migrationKms(); }
  @Override public List<String> grants(String s) { return store.grants(s); }
  @Override public boolean isGranted(String s, String t) { return store.isGranted(s, t); }
  @Override public void addProtectionKey(ProtectionKeyRecord k) { store.addProtectionKey(k); }
  @Override public Optional<ProtectionKeyRecord> protectionKey(String id) { return store.protectionKey(id); }
  @Override public List<ProtectionKeyRecord> protectionKeys(String uri) { return store.protectionKeys(uri); }
  @Override public List<ProtectionKeyRecord> protectionKeys() { return store.protectionKeys(); }
  @Override public void reseal(Reseal r) { store.reseal(r); }
  @Override public boolean removeProtectionKey(String id) { return store.removeProtectionKey(id); }
  @Override public boolean securityRequired(String uri) { return store.securityRequired(uri); }
  @Override public void setSecurityRequired(String uri, boolean r) { store.setSecurityRequired(uri, r); }
  @Override public void addPendingProtectionKey(ProtectionKeyRecord k) { store.addPendingProtectionKey(k); }
  @Override public Set<String> pendingProtectionKeys(String uri) { return store.pendingProtectionKeys(uri); }
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
  @Override public Optional<StoreSnapshot> snapshot() { return store.snapshot(); }
  @Override public void restore(StoreSnapshot s) { store.restore(s); }
  @Override public void ping() { store.ping(); }
  @Override public void close() { store.close(); }
}
