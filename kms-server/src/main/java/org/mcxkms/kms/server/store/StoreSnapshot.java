package org.mcxkms.kms.server.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything a store holds, read at one instant ({@link KmsStore#snapshot()}) or to be written into
 * an empty store ({@link KmsStore#restore(StoreSnapshot)}): the domain and its certificates (master
 * secrets sealed), identities, grants, TrK/InK (sealed) with the IDs of the pending ones and the
 * identities' security-extension policy, External KMS certificates and Migration KMSs with their
 * generation, the KMS Redirect Responses clients uploaded (in the order received, without the store's numbers) and
 * the audit trail. Nothing in it is a plaintext secret.
 */
public record StoreSnapshot(
    DomainRecord domain,
    List<CertificateRecord> certificates,
    List<IdentityRecord> identities,
    List<GrantRecord> grants,
    List<ProtectionKeyRecord> protectionKeys,
    Set<String> pendingKeyIds,
    SortedMap<String, Boolean> securityRequired,
    List<ExternalKmsRecord> externalKms,
    List<MigrationKmsRecord> migrationKms,
    long externalKmsGeneration,
    List<RedirectRecord> redirects,
    AuditTrail audit) {
  public StoreSnapshot {
    Objects.requireNonNull(domain, "domain");
    certificates = List.copyOf(certificates);
    identities = List.copyOf(identities);
    grants = List.copyOf(grants);
    protectionKeys = List.copyOf(protectionKeys);
    pendingKeyIds = Collections.unmodifiableSortedSet(new TreeSet<>(pendingKeyIds));
    securityRequired = Collections.unmodifiableSortedMap(new TreeMap<>(securityRequired));
    externalKms = List.copyOf(externalKms);
    migrationKms = List.copyOf(migrationKms);
    redirects = List.copyOf(redirects);
    for (RedirectRecord r : redirects) {
      if (r.id() != 0) {
        throw new IllegalArgumentException("a snapshot keeps KRRs without the store's numbers (id 0)");
      }
    }
    Objects.requireNonNull(audit, "audit");
    if (externalKmsGeneration < 0) {
      throw new IllegalArgumentException("externalKmsGeneration must be >= 0");
    }
  }

  /** This snapshot with another audit trail. */
  public StoreSnapshot withAudit(AuditTrail trail) {
    return new StoreSnapshot(domain, certificates, identities, grants, protectionKeys, pendingKeyIds,
        securityRequired, externalKms, migrationKms, externalKmsGeneration, redirects, trail);
  }

  /** How many records of each kind, by name (for headers, logs and summaries). */
  public Map<String, Long> counts() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("certificates", (long) certificates.size());
    m.put("identities", (long) identities.size());
    m.put("grants", (long) grants.size());
    m.put("protection_keys", (long) protectionKeys.size());
    m.put("external_kms", (long) externalKms.size());
    m.put("migration_kms", (long) migrationKms.size());
    m.put("redirects", (long) redirects.size());
    m.put("audit_records", (long) audit.records().size());
    return Collections.unmodifiableMap(m);
  }
}
