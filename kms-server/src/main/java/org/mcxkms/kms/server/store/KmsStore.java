package org.mcxkms.kms.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the KMS keeps: the domain, its certificates (master secrets only sealed), identities,
 * grants and the audit trail. Issued key material is <b>not</b> stored: it is derived again on
 * demand. Implementations are safe for several KMS nodes sharing one database: uniqueness comes
 * from constraints and multi-row changes from transactions. One contract suite
 * ({@code KmsStoreContract}) runs against every implementation.
 */
public interface KmsStore extends AutoCloseable {
  /** The domain, if one has been created. */
  Optional<DomainRecord> domain();

  /**
   * Creates the domain with its first certificate in one transaction. Returns false, changing
   * nothing, if a domain already exists (another node created it first).
   */
  boolean createDomain(DomainRecord domain, CertificateRecord first);

  /** All certificates, oldest first. */
  List<CertificateRecord> certificates();

  /** Adds a certificate; {@link ConflictException} if its number or CertUri is taken. */
  void addCertificate(CertificateRecord certificate);

  /** Registers an identity; {@link ConflictException} if the URI is registered. */
  void addIdentity(IdentityRecord identity);

  Optional<IdentityRecord> identity(String uri);

  /** All identities ordered by URI. */
  List<IdentityRecord> identities();

  /** One page of identities matching {@code query}, ordered by URI (keyset pagination on the URI). */
  List<IdentityRecord> identities(IdentityQuery query);

  /**
   * Sets ENABLED or DISABLED (re-enabling a revoked identity keeps its revoked periods). Returns
   * false if the identity is unknown.
   */
  boolean setStatus(String uri, IdentityStatus status);

  /**
   * Revokes the identity: status REVOKED and key sets up to {@code throughPeriod} revoked (never
   * lowered by a later call). Returns false if the identity is unknown.
   */
  boolean revoke(String uri, Instant at, long throughPeriod);

  /**
   * Allows server entity {@code serverUri} to obtain keys of {@code targetUri}.
   * {@link ConflictException} if the server is not a registered SERVER identity or the grant exists.
   */
  void addGrant(String serverUri, String targetUri);

  /** Returns false if there was no such grant. */
  boolean removeGrant(String serverUri, String targetUri);

  /** Targets granted to {@code serverUri}, sorted. */
  List<String> grants(String serverUri);

  boolean isGranted(String serverUri, String targetUri);

  /**
   * Registers a TrK or InK for an identity; {@link ConflictException} if the key ID is taken or the
   * identity is not registered.
   */
  void addProtectionKey(ProtectionKeyRecord key);

  /** The key with this ID, whoever holds it. */
  Optional<ProtectionKeyRecord> protectionKey(String keyId);

  /** The keys of an identity, by key ID. */
  List<ProtectionKeyRecord> protectionKeys(String identityUri);

  /** Every TrK/InK of every identity (pending ones included), by key ID. */
  List<ProtectionKeyRecord> protectionKeys();

  /** Returns false if there was no such key. */
  boolean removeProtectionKey(String keyId);

  /** Whether {@code identityUri} must use the security extension (false unless set). */
  boolean securityRequired(String identityUri);

  void setSecurityRequired(String identityUri, boolean required);

  /** Registers a key issued by an in-band rotation, PENDING until the client first uses it. */
  void addPendingProtectionKey(ProtectionKeyRecord key);

  /** IDs of the identity's PENDING keys. */
  java.util.Set<String> pendingProtectionKeys(String identityUri);

  /**
   * The client used the PENDING key {@code keyId}: it stops being pending and the identity's other
   * keys of its kind are removed, atomically.
   *
   * @return false if the key was not pending (already promoted, say by another node)
   */
  boolean promoteProtectionKey(String identityUri, String keyId);

  /**
   * Appends audit records to the tamper-evident chain in one transaction: all are written or none
   * (group commit of several requests' records). The chain's head is locked meanwhile, so records
   * of every node sharing the database get consecutive numbers, each linked by {@code chain} to the
   * one before. Throws {@link StoreException} if they could not be written.
   */
  void audit(List<AuditRecord> records, AuditChain chain);

  /** The latest audit records, newest first. */
  List<AuditRecord> recentAudit(int limit);

  /** The audit records matching {@code query}, newest first. */
  List<AuditRecord> audit(AuditQuery query);

  /** Up to {@code limit} chained audit records numbered above {@code afterSeq}, in order. */
  List<ChainedAuditRecord> auditChain(long afterSeq, int limit);

  /** The head and retention anchor of the chain. */
  AuditChainState auditChainState();

  /** The number of the last record written before {@code t} (0 if none). */
  long lastAuditSeqBefore(Instant t);

  /**
   * Deletes the chained records numbered up to {@code throughSeq} and records the anchor, in one
   * transaction, provided the anchor is still {@code expectedAnchorSeq} (another node may have
   * pruned first: then nothing changes and the result is false). Records written before the chain
   * existed are left alone.
   */
  boolean pruneAudit(long expectedAnchorSeq, long throughSeq, String anchorMac, String anchorTag);

  /** The sealed key of the audit chain, once created. */
  Optional<String> auditKey();

  /** Stores the sealed key of the audit chain unless one exists; false if another was there first. */
  boolean createAuditKey(String sealed);

  /**
   * Replaces every sealed value and the domain's KEK fields in one transaction: all of it or,
   * on failure, none. {@link ConflictException}, changing nothing, if the stored KEK fields are no
   * longer {@code reseal.before()}'s, a seal is no longer the one read, or a sealed row was added or
   * removed meanwhile (another node changed something: read again and retry).
   */
  void reseal(Reseal reseal);

  /**
   * Imports an External KMS certificate and bumps {@link #externalKmsGeneration()}, in one
   * transaction; {@link ConflictException} if a certificate for its KMS URI is held.
   */
  void addExternalKms(ExternalKmsRecord external);

  /** Removes the External KMS certificate of {@code kmsUri} and bumps the generation; false if none. */
  boolean removeExternalKms(String kmsUri);

  /** The External KMS certificates, by KMS URI. */
  List<ExternalKmsRecord> externalKms();

  /**
   * Grows by one on every import and removal of an External KMS certificate and every addition and
   * removal of a Migration KMS (0 before any).
   */
  long externalKmsGeneration();

  /**
   * Lists a Migration KMS and bumps {@link #externalKmsGeneration()}, in one transaction;
   * {@link ConflictException} if its KMS URI is listed.
   */
  void addMigrationKms(MigrationKmsRecord migration);

  /** Removes the Migration KMS {@code kmsUri} and bumps the generation; false if it was not listed. */
  boolean removeMigrationKms(String kmsUri);

  /** The Migration KMSs, by KMS URI. */
  List<MigrationKmsRecord> migrationKms();

  /**
   * Records a verified KMS Redirect Response (TS 33.180 D.4); false, and nothing changed, when a
   * KRR with the same digest is already recorded.
   */
  boolean addRedirect(RedirectRecord redirect);

  /** The most recently received KMS Redirect Responses, newest first, at most {@code limit}. */
  List<RedirectRecord> redirects(int limit);

  /**
   * Everything the store holds, read in one read-only transaction, so the parts are consistent with
   * each other however many nodes write meanwhile (a backup). Empty if there is no domain yet.
   */
  Optional<StoreSnapshot> snapshot();

  /**
   * Writes {@code snapshot} into this store in one transaction: all of it or, on any failure,
   * nothing. {@link StoreNotEmptyException}, changing nothing, unless the store is empty (no
   * domain, certificate, identity, External KMS certificate, KRR, audit record or audit chain key).
   */
  void restore(StoreSnapshot snapshot);

  /** Throws if the backend is unreachable. */
  void ping();

  @Override
  void close();
}
