package org.mcxkms.kms.server.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mcxkms.kms.server.store.AuditChain;
import org.mcxkms.kms.server.store.AuditChainState;
import org.mcxkms.kms.server.store.AuditQuery;
import org.mcxkms.kms.server.store.AuditRecord;
import org.mcxkms.kms.server.store.AuditRow;
import org.mcxkms.kms.server.store.AuditTrail;
import org.mcxkms.kms.server.store.CertificateRecord;
import org.mcxkms.kms.server.store.ChainedAuditRecord;
import org.mcxkms.kms.server.store.DomainRecord;
import org.mcxkms.kms.server.store.ExternalKmsRecord;
import org.mcxkms.kms.server.store.GrantRecord;
import org.mcxkms.kms.server.store.IdentityQuery;
import org.mcxkms.kms.server.store.IdentityRecord;
import org.mcxkms.kms.server.store.IdentityStatus;
import org.mcxkms.kms.server.store.KmsStore;
import org.mcxkms.kms.server.store.MigrationKmsRecord;
import org.mcxkms.kms.server.store.ProtectionKeyRecord;
import org.mcxkms.kms.server.store.RedirectRecord;
import org.mcxkms.kms.server.store.Reseal;
import org.mcxkms.kms.server.store.StoreSnapshot;

/**
 * An archive's contents seen as a read-only {@link KmsStore}, so a restore opens the archived
 * domain exactly as {@code serve} opens a stored one ({@code SecurityDomain.openOrCreate}: the same
 * KEK resolution, whatever seals it, and the same checks of every sealed master secret) and walks
 * the archived audit chain with the same verifier, before anything is written. Every write is
 * refused.
 */
final class ArchiveView implements KmsStore {
  private volatile StoreSnapshot snapshot;

  /** A view of the domain alone (the header), until {@link #load} gives it the decrypted contents. */
  ArchiveView(DomainRecord domain) {
    this.snapshot = new StoreSnapshot(domain, List.of(), List.of(), List.of(), List.of(), Set.of(),
        new TreeMap<>(), List.of(), List.of(), 0, List.of(), new AuditTrail(null, 0, "", 0, "", "", List.of()));
  }

  void load(StoreSnapshot contents) {
    this.snapshot = contents;
  }

  private static UnsupportedOperationException readOnly() {
    return new UnsupportedOperationException("a backup archive is read-only");
  }

  @Override public Optional<DomainRecord> domain() { return Optional.of(snapshot.domain()); }
  @Override public boolean createDomain(DomainRecord d, CertificateRecord first) { throw readOnly(); }
  @Override public List<CertificateRecord> certificates() { return snapshot.certificates(); }
  @Override public void addCertificate(CertificateRecord c) { throw readOnly(); }
  @Override public void addIdentity(IdentityRecord identity) { throw readOnly(); }

  @Override
  public Optional<IdentityRecord> identity(String uri) {
    return snapshot.identities().stream().filter(r -> r.uri().equals(uri)).findFirst();
  }

  @Override public List<IdentityRecord> identities() { return snapshot.identities(); }

  @Override
  public List<IdentityRecord> identities(IdentityQuery q) {
    return snapshot.identities().stream()
        .filter(r -> q.search() == null
            || r.uri().toLowerCase(Locale.ROOT).contains(q.search().toLowerCase(Locale.ROOT)))
        .filter(r -> q.kind() == null || r.kind() == q.kind())
        .filter(r -> q.status() == null || r.status() == q.status())
        .filter(r -> q.afterUri() == null || r.uri().compareTo(q.afterUri()) > 0)
        .sorted(Comparator.comparing(IdentityRecord::uri))
        .limit(q.limit())
        .toList();
  }

  @Override public boolean setStatus(String uri, IdentityStatus status) { throw readOnly(); }
  @Override public boolean revoke(String uri, Instant at, long through) { throw readOnly(); }
  @Override public void addGrant(String s, String t) { throw readOnly(); }
  @Override public boolean removeGrant(String s, String t) { throw readOnly(); }

  @Override
  public List<String> grants(String serverUri) {
    return snapshot.grants().stream().filter(g -> g.serverUri().equals(serverUri)).map(GrantRecord::targetUri)
        .sorted().toList();
  }

  @Override public boolean isGranted(String s, String t) { return grants(s).contains(t); }
  @Override public void addProtectionKey(ProtectionKeyRecord k) { throw readOnly(); }

  @Override
  public Optional<ProtectionKeyRecord> protectionKey(String keyId) {
    return snapshot.protectionKeys().stream().filter(k -> k.keyId().equals(keyId)).findFirst();
  }

  @Override
  public List<ProtectionKeyRecord> protectionKeys(String identityUri) {
    return snapshot.protectionKeys().stream().filter(k -> k.identityUri().equals(identityUri))
        .sorted(Comparator.comparing(ProtectionKeyRecord::keyId)).toList();
  }

  @Override
  public List<ProtectionKeyRecord> protectionKeys() {
    return snapshot.protectionKeys().stream().sorted(Comparator.comparing(ProtectionKeyRecord::keyId)).toList();
  }

  @Override public boolean removeProtectionKey(String keyId) { throw readOnly(); }
  @Override public void reseal(Reseal reseal) { throw readOnly(); }
  @Override public boolean securityRequired(String uri) { return snapshot.securityRequired().getOrDefault(uri, false); }
  @Override public void setSecurityRequired(String uri, boolean r) { throw readOnly(); }
  @Override public void addPendingProtectionKey(ProtectionKeyRecord k) { throw readOnly(); }

  @Override
  public Set<String> pendingProtectionKeys(String identityUri) {
    Set<String> out = new TreeSet<>();
    for (ProtectionKeyRecord k : protectionKeys(identityUri)) {
      if (snapshot.pendingKeyIds().contains(k.keyId())) {
        out.add(k.keyId());
      }
    }
    return out;
  }

  @Override public boolean promoteProtectionKey(String uri, String id) { throw readOnly(); }
  @Override public void audit(List<AuditRecord> rs, AuditChain chain) { throw readOnly(); }

  /** The records, newest first. */
  private List<AuditRecord> newestFirst() {
    List<AuditRow> rows = snapshot.audit().records();
    List<AuditRecord> out = new ArrayList<>(rows.size());
    for (int i = rows.size() - 1; i >= 0; i--) {
      out.add(rows.get(i).record());
    }
    return out;
  }

  @Override
  public List<AuditRecord> recentAudit(int limit) {
    return newestFirst().stream().limit(Math.max(1, Math.min(limit, 10_000))).toList();
  }

  @Override
  public List<AuditRecord> audit(AuditQuery q) {
    return newestFirst().stream()
        .filter(r -> q.identity() == null || q.identity().equals(r.identity()))
        .filter(r -> q.action() == null || q.action().equals(r.action()))
        .filter(r -> q.outcome() == null || q.outcome().equals(r.outcome()))
        .filter(r -> q.from() == null || !r.at().isBefore(q.from()))
        .filter(r -> q.to() == null || r.at().isBefore(q.to()))
        .limit(q.limit())
        .toList();
  }

  @Override
  public List<ChainedAuditRecord> auditChain(long afterSeq, int limit) {
    return snapshot.audit().records().stream()
        .filter(r -> r.seq() != null && r.seq() > afterSeq)
        .sorted(Comparator.comparing(AuditRow::seq))
        .limit(Math.max(1, Math.min(limit, 100_000)))
        .map(r -> new ChainedAuditRecord(r.seq(), r.record(), r.previousMac(), r.mac()))
        .toList();
  }

  @Override
  public AuditChainState auditChainState() {
    AuditTrail t = snapshot.audit();
    long unchained = t.records().stream().filter(r -> r.seq() == null).count();
    return new AuditChainState(t.headSeq(), t.headMac(), t.anchorSeq(), t.anchorMac(), t.anchorTag(),
        t.records().size(), unchained);
  }

  @Override
  public long lastAuditSeqBefore(Instant t) {
    return snapshot.audit().records().stream().filter(r -> r.seq() != null && r.record().at().isBefore(t))
        .mapToLong(AuditRow::seq).max().orElse(0);
  }

  @Override public boolean pruneAudit(long expected, long through, String mac, String tag) { throw readOnly(); }
  @Override public Optional<String> auditKey() { return Optional.ofNullable(snapshot.audit().sealedKey()); }
  @Override public boolean createAuditKey(String sealed) { throw readOnly(); }
  @Override public void addExternalKms(ExternalKmsRecord e) { throw readOnly(); }
  @Override public boolean removeExternalKms(String kmsUri) { throw readOnly(); }
  @Override public List<ExternalKmsRecord> externalKms() { return snapshot.externalKms(); }
  @Override public long externalKmsGeneration() { return snapshot.externalKmsGeneration(); }
  @Override public void addMigrationKms(MigrationKmsRecord m) { throw readOnly(); }
  @Override public boolean removeMigrationKms(String kmsUri) { throw readOnly(); }
  @Override public List<MigrationKmsRecord> migrationKms() { return snapshot.migrationKms(); }
  @Override public boolean addRedirect(RedirectRecord r) { throw readOnly(); }

  @Override
  public List<RedirectRecord> redirects(int limit) {
    return snapshot.redirects().stream()
        .sorted(Comparator.comparing(RedirectRecord::receivedAt).reversed())
        .limit(Math.max(0, limit))
        .toList();
  }

  @Override public Optional<StoreSnapshot> snapshot() { return Optional.of(snapshot); }
  @Override public void restore(StoreSnapshot s) { throw readOnly(); }
  @Override public void ping() {}
  @Override public void close() {}
}
