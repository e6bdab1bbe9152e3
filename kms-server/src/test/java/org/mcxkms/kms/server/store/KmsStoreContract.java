package org.mcxkms.kms.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link KmsStore} must have; subclasses supply a fresh, empty store. */
public abstract class KmsStoreContract {
  protected KmsStore store;

  /** A new store over an empty database. */
  protected abstract KmsStore newStore();

  /** A second store (another KMS node) over the same database as the last {@link #newStore()}. */
  protected abstract KmsStore sameDatabase();

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

  static DomainRecord domain(String id) {
    return new DomainRecord(id, "kms.example.org", 2592000, 0, "keyfile", "v1", "abcd", T0);
  }

  static CertificateRecord cert(int n) {
    return new CertificateRecord(n, "urn:test:cert:" + n, T0, T0.plusSeconds(86400), false, "04aa", "04bb", "sealed-" + n, T0);
  }

  static IdentityRecord user(String uri) {
    return new IdentityRecord(uri, IdentityKind.USER, IdentityStatus.ENABLED, T0, null, null);
  }

  static IdentityRecord server(String uri) {
    return new IdentityRecord(uri, IdentityKind.SERVER, IdentityStatus.ENABLED, T0, null, null);
  }

  @Test
  void emptyStoreHasNoDomain() {
    assertThat(store.domain()).isEmpty();
    assertThat(store.certificates()).isEmpty();
    assertThat(store.identities()).isEmpty();
    store.ping();
  }

  @Test
  void domainIsCreatedOnceWithItsFirstCertificate() {
    assertThat(store.createDomain(domain("d1"), cert(1))).isTrue();
    assertThat(store.createDomain(domain("d2"), cert(1))).isFalse();
    DomainRecord d = store.domain().orElseThrow();
    assertThat(d).isEqualTo(domain("d1"));
    assertThat(d.createdAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05.123456Z"));
    assertThat(store.certificates()).containsExactly(cert(1));
  }

  /** A domain with two certificates, a TrK, a pending InK and the audit chain key, and their re-seal. */
  private Reseal sealedDomain() {
    store.createDomain(domain("d1"), cert(1));
    store.addCertificate(cert(2));
    store.addIdentity(user("alice"));
    store.addProtectionKey(new ProtectionKeyRecord("trk.1", "alice", "TRANSPORT", "v1.old-a", T0));
    store.addPendingProtectionKey(new ProtectionKeyRecord("ink.1", "alice", "INTEGRITY", "v1.old-b", T0));
    assertThat(store.createAuditKey("v1.old-audit")).isTrue();
    DomainRecord after = new DomainRecord("d1", "kms.example.org", 2592000, 0, "pkcs11", "pkcs11;label=k2", "gcm.x", T0);
    return new Reseal(domain("d1"), after,
        List.of(new Reseal.Resealed("1", "sealed-1", "new-1"), new Reseal.Resealed("2", "sealed-2", "new-2")),
        List.of(new Reseal.Resealed("ink.1", "v1.old-b", "v1.new-b"), new Reseal.Resealed("trk.1", "v1.old-a", "v1.new-a")),
        new Reseal.Resealed("audit", "v1.old-audit", "v1.new-audit"));
  }

  private List<String> seals() {
    List<String> out = new ArrayList<>();
    store.certificates().forEach(c -> out.add(c.sealedSecrets()));
    store.protectionKeys().forEach(k -> out.add(k.sealedKey()));
    store.auditKey().ifPresent(out::add);
    return out;
  }

  @Test
  void resealReplacesEverySealAndTheKekRecordTogether() {
    Reseal r = sealedDomain();
    store.reseal(r);
    assertThat(seals()).containsExactly("new-1", "new-2", "v1.new-b", "v1.new-a", "v1.new-audit");
    assertThat(store.domain().orElseThrow()).isEqualTo(r.after());
    assertThat(store.pendingProtectionKeys("alice")).containsExactly("ink.1");
    // The same rotation again finds the KEK record changed: refused, nothing changes.
    assertThatThrownBy(() -> store.reseal(r)).isInstanceOf(ConflictException.class);
    assertThat(seals()).containsExactly("new-1", "new-2", "v1.new-b", "v1.new-a", "v1.new-audit");
  }

  @Test
  void resealChangesNothingWhenAnotherNodeChangedASealedRowMeanwhile() {
    Reseal r = sealedDomain();
    List<String> before = seals();
    KmsStore other = sameDatabase();
    try {
      // A TrK added after the rotation read the store: it would stay under the old KEK.
      other.addProtectionKey(new ProtectionKeyRecord("trk.2", "alice", "TRANSPORT", "v1.old-c", T0));
      assertThatThrownBy(() -> store.reseal(r)).isInstanceOf(ConflictException.class).hasMessageContaining("added");
      assertThat(other.removeProtectionKey("trk.2")).isTrue();
      // A seal replaced meanwhile (the last statement of the transaction would have to roll back
      // the certificates and keys already updated before it).
      other.addCertificate(cert(3));
      Reseal withThird = new Reseal(r.before(), r.after(), List.of(r.certificates().get(0), r.certificates().get(1),
          new Reseal.Resealed("3", "sealed-3", "new-3")), r.protectionKeys(),
          new Reseal.Resealed("audit", "v1.changed", "v1.new-audit"));
      assertThatThrownBy(() -> store.reseal(withThird)).isInstanceOf(ConflictException.class)
          .hasMessageContaining("audit chain key");
      List<String> expected = new ArrayList<>(before);
      expected.add(2, "sealed-3");
      assertThat(seals()).isEqualTo(expected);
      assertThat(store.domain().orElseThrow()).isEqualTo(domain("d1"));
    } finally {
      other.close();
    }
  }

  @Test
  void failedDomainCreationLeavesNothingBehind() {
    store.addCertificate(cert(1)); // so the domain's first certificate collides
    assertThatThrownBy(() -> store.createDomain(domain("d1"), cert(1))).isInstanceOf(StoreException.class);
    assertThat(store.domain()).isEmpty();
  }

  @Test
  void certificatesAreOrderedAndNumbersAreUnique() {
    store.createDomain(domain("d"), cert(1));
    store.addCertificate(cert(3));
    store.addCertificate(cert(2));
    assertThat(store.certificates()).extracting(CertificateRecord::number).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> store.addCertificate(cert(2))).isInstanceOf(ConflictException.class);
    CertificateRecord sameUri = new CertificateRecord(9, cert(1).certUri(), T0, T0, false, "04", "04", "s", T0);
    assertThatThrownBy(() -> store.addCertificate(sameUri)).isInstanceOf(ConflictException.class);
  }

  @Test
  void identitiesAreAddedOnceAndListedByUri() {
    store.addIdentity(user("sip:bob@example.org"));
    store.addIdentity(server("sip:gms@example.org"));
    store.addIdentity(user("sip:alice@example.org"));
    assertThatThrownBy(() -> store.addIdentity(user("sip:bob@example.org"))).isInstanceOf(ConflictException.class);
    assertThat(store.identities())
        .extracting(IdentityRecord::uri)
        .containsExactly("sip:alice@example.org", "sip:bob@example.org", "sip:gms@example.org");
    assertThat(store.identity("sip:gms@example.org").orElseThrow().kind()).isEqualTo(IdentityKind.SERVER);
    assertThat(store.identity("sip:nobody@example.org")).isEmpty();
  }

  @Test
  void uriIsStoredVerbatimIncludingUnicodeAndCase() {
    String uri = "sip:Ærøskøbing+1@Example.org;user=phone";
    store.addIdentity(user(uri));
    assertThat(store.identity(uri)).isPresent();
    assertThat(store.identity(uri.toLowerCase())).isEmpty();
  }

  @Test
  void disableAndEnable() {
    store.addIdentity(user("a"));
    assertThat(store.setStatus("a", IdentityStatus.DISABLED)).isTrue();
    assertThat(store.identity("a").orElseThrow().status()).isEqualTo(IdentityStatus.DISABLED);
    assertThat(store.setStatus("a", IdentityStatus.ENABLED)).isTrue();
    assertThat(store.identity("a").orElseThrow().status()).isEqualTo(IdentityStatus.ENABLED);
    assertThat(store.setStatus("missing", IdentityStatus.DISABLED)).isFalse();
  }

  @Test
  void revocationMarksPeriodsAndIsNeverLowered() {
    store.addIdentity(user("a"));
    assertThat(store.revoke("a", T0, 100)).isTrue();
    IdentityRecord r = store.identity("a").orElseThrow();
    assertThat(r.status()).isEqualTo(IdentityStatus.REVOKED);
    assertThat(r.revokedThroughPeriod()).isEqualTo(100L);
    assertThat(r.revokedAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05.123456Z"));
    assertThat(r.periodRevoked(100)).isTrue();
    assertThat(r.periodRevoked(101)).isFalse();

    store.revoke("a", T0, 90);
    assertThat(store.identity("a").orElseThrow().revokedThroughPeriod()).isEqualTo(100L);
    // Re-enabling keeps the revoked periods.
    store.setStatus("a", IdentityStatus.ENABLED);
    r = store.identity("a").orElseThrow();
    assertThat(r.status()).isEqualTo(IdentityStatus.ENABLED);
    assertThat(r.periodRevoked(100)).isTrue();
    store.revoke("a", T0, 105);
    assertThat(store.identity("a").orElseThrow().revokedThroughPeriod()).isEqualTo(105L);
    assertThat(store.revoke("missing", T0, 1)).isFalse();
  }

  @Test
  void grantsOnlyForRegisteredServerEntities() {
    store.addIdentity(server("gms"));
    store.addIdentity(user("alice"));
    store.addGrant("gms", "bob");
    store.addGrant("gms", "alice");
    assertThat(store.grants("gms")).containsExactly("alice", "bob");
    assertThat(store.isGranted("gms", "alice")).isTrue();
    assertThat(store.isGranted("gms", "carol")).isFalse();
    assertThat(store.isGranted("alice", "gms")).isFalse();
    assertThatThrownBy(() -> store.addGrant("gms", "bob")).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> store.addGrant("alice", "bob")).isInstanceOf(ConflictException.class).hasMessageContaining("not a server");
    assertThatThrownBy(() -> store.addGrant("unknown", "bob")).isInstanceOf(ConflictException.class);
    assertThat(store.removeGrant("gms", "bob")).isTrue();
    assertThat(store.removeGrant("gms", "bob")).isFalse();
    assertThat(store.grants("gms")).containsExactly("alice");
  }

  private static RedirectRecord redirect(String digestDigit, Instant received, List<String> accepted) {
    return new RedirectRecord(0, digestDigit.repeat(64), "sip:alice@a.example", "sip:bob@b.example", "sip:alice@a.example",
        "sip:bob@b.example", "kms.a.example", accepted, 1, T0, received, "<KmsRedirectResponse/>");
  }

  @Test
  void redirectResponsesAreRecordedOnceAndListedNewestFirst() {
    assertThat(store.redirects(10)).isEmpty();
    assertThat(store.addRedirect(redirect("a", T0, List.of("kms.b.example", "kms.c.example")))).isTrue();
    assertThat(store.addRedirect(redirect("b", T0.plusSeconds(1), List.of()))).isTrue();
    assertThat(store.addRedirect(redirect("a", T0.plusSeconds(2), List.of()))).as("same digest").isFalse();
    List<RedirectRecord> all = store.redirects(10);
    assertThat(all).extracting(RedirectRecord::digest).containsExactly("b".repeat(64), "a".repeat(64));
    RedirectRecord first = all.get(1);
    assertThat(first.id()).isPositive();
    assertThat(first).isEqualTo(redirect("a", T0, List.of("kms.b.example", "kms.c.example")).withId(first.id()));
    assertThat(all.get(0).acceptedKmsUris()).isEmpty();
    assertThat(store.redirects(1)).hasSize(1);
  }

  @Test
  void externalKmsCertificatesAreImportedListedAndRemovedWithAGenerationBump() {
    assertThat(store.externalKms()).isEmpty();
    assertThat(store.externalKmsGeneration()).isZero();
    String fp = "ab".repeat(32);
    store.addExternalKms(new ExternalKmsRecord("kms.b.example", "<KmsCertificate/>", fp, T0));
    store.addExternalKms(new ExternalKmsRecord("kms.a.example", "<KmsCertificate/>", fp, T0));
    assertThat(store.externalKmsGeneration()).isEqualTo(2);
    assertThat(store.externalKms()).extracting(ExternalKmsRecord::kmsUri).containsExactly("kms.a.example", "kms.b.example");
    assertThat(store.externalKms().get(0)).isEqualTo(new ExternalKmsRecord("kms.a.example", "<KmsCertificate/>", fp, T0));
    assertThatThrownBy(() -> store.addExternalKms(new ExternalKmsRecord("kms.a.example", "<x/>", fp, T0)))
        .isInstanceOf(ConflictException.class);
    assertThat(store.externalKmsGeneration()).as("a refused import changes nothing").isEqualTo(2);
    assertThat(store.removeExternalKms("kms.a.example")).isTrue();
    assertThat(store.removeExternalKms("kms.a.example")).isFalse();
    assertThat(store.externalKmsGeneration()).isEqualTo(3);
    assertThat(store.externalKms()).extracting(ExternalKmsRecord::kmsUri).containsExactly("kms.b.example");
  }

  @Test
  void migrationKmssAreListedAndRemovedWithAGenerationBump() {
    assertThat(store.migrationKms()).isEmpty();
    String pin = "cd".repeat(32);
    store.addMigrationKms(new MigrationKmsRecord("kms.c.example", "https://kms.c.example/v1", pin, T0));
    store.addMigrationKms(new MigrationKmsRecord("kms.b.example", "https://kms.b.example/v1", null, T0));
    assertThat(store.externalKmsGeneration()).isEqualTo(2);
    assertThat(store.migrationKms()).containsExactly(
        new MigrationKmsRecord("kms.b.example", "https://kms.b.example/v1", null, T0),
        new MigrationKmsRecord("kms.c.example", "https://kms.c.example/v1", pin, T0));
    assertThatThrownBy(() -> store.addMigrationKms(new MigrationKmsRecord("kms.b.example", "https://x/", null, T0)))
        .isInstanceOf(ConflictException.class);
    assertThat(store.externalKmsGeneration()).as("a refused addition changes nothing").isEqualTo(2);
    assertThat(store.migrationKms()).hasSize(2);
    assertThat(store.removeMigrationKms("kms.b.example")).isTrue();
    assertThat(store.removeMigrationKms("kms.b.example")).isFalse();
    assertThat(store.externalKmsGeneration()).isEqualTo(3);
    assertThat(store.migrationKms()).extracting(MigrationKmsRecord::kmsUri).containsExactly("kms.c.example");
  }

  @Test
  void auditIsAppendedAndReadNewestFirst() {
    for (int i = 0; i < 5; i++) {
      store.audit(List.of(new AuditRecord(T0.plusSeconds(i), "req-" + i, "node", "alice", "keyprov", "alice", (long) i,
          "ok", null)), CHAIN);
    }
    store.audit(List.of(new AuditRecord(T0, "req-x", null, null, "admin.rotate", null, null, "ok", "detail")), CHAIN);
    List<AuditRecord> recent = store.recentAudit(3);
    assertThat(recent).extracting(AuditRecord::requestId).containsExactly("req-x", "req-4", "req-3");
    assertThat(recent.get(1).period()).isEqualTo(4L);
    assertThat(recent.get(0).period()).isNull();
    assertThat(recent.get(0).detail()).isEqualTo("detail");
  }

  @Test
  void protectionKeysBelongToRegisteredIdentitiesAndHaveUniqueIds() {
    store.addIdentity(user("alice"));
    store.addIdentity(user("bob"));
    store.addProtectionKey(new ProtectionKeyRecord("trk.1", "alice", "TRANSPORT", "v1.sealed-a", T0));
    store.addProtectionKey(new ProtectionKeyRecord("ink.1", "alice", "INTEGRITY", "v1.sealed-b", T0));
    store.addProtectionKey(new ProtectionKeyRecord("ink.2", "bob", "INTEGRITY", "v1.sealed-c", T0));
    assertThat(store.protectionKeys("alice")).extracting(ProtectionKeyRecord::keyId).containsExactly("ink.1", "trk.1");
    assertThat(store.protectionKey("ink.2").orElseThrow().identityUri()).isEqualTo("bob");
    assertThat(store.protectionKey("trk.1").orElseThrow().sealedKey()).isEqualTo("v1.sealed-a");
    assertThatThrownBy(() -> store.addProtectionKey(new ProtectionKeyRecord("trk.1", "bob", "TRANSPORT", "x", T0)))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> store.addProtectionKey(new ProtectionKeyRecord("k", "nobody", "TRANSPORT", "x", T0)))
        .isInstanceOf(ConflictException.class);
    assertThat(store.removeProtectionKey("trk.1")).isTrue();
    assertThat(store.removeProtectionKey("trk.1")).isFalse();
    assertThat(store.protectionKey("trk.1")).isEmpty();
  }

  @Test
  void aPendingKeyReplacesTheOthersOfItsKindWhenPromoted() {
    store.addIdentity(user("alice"));
    store.addIdentity(user("bob"));
    store.addProtectionKey(new ProtectionKeyRecord("trk.1", "alice", "TRANSPORT", "s1", T0));
    store.addProtectionKey(new ProtectionKeyRecord("ink.1", "alice", "INTEGRITY", "s2", T0));
    store.addProtectionKey(new ProtectionKeyRecord("trk.b", "bob", "TRANSPORT", "s3", T0));
    store.addPendingProtectionKey(new ProtectionKeyRecord("trk.2", "alice", "TRANSPORT", "s4", T0));
    assertThat(store.pendingProtectionKeys("alice")).containsExactly("trk.2");
    assertThat(store.pendingProtectionKeys("bob")).isEmpty();
    assertThat(store.protectionKeys("alice")).extracting(ProtectionKeyRecord::keyId).containsExactly("ink.1", "trk.1", "trk.2");
    assertThat(store.promoteProtectionKey("bob", "trk.2")).isFalse(); // not bob's
    assertThat(store.promoteProtectionKey("alice", "trk.1")).isFalse(); // not pending
    assertThat(store.promoteProtectionKey("alice", "trk.2")).isTrue();
    assertThat(store.promoteProtectionKey("alice", "trk.2")).isFalse(); // done already (another node)
    assertThat(store.pendingProtectionKeys("alice")).isEmpty();
    assertThat(store.protectionKeys("alice")).extracting(ProtectionKeyRecord::keyId).containsExactly("ink.1", "trk.2");
    assertThat(store.protectionKeys("bob")).extracting(ProtectionKeyRecord::keyId).containsExactly("trk.b");
    // removing a pending key removes its mark too
    store.addPendingProtectionKey(new ProtectionKeyRecord("ink.2", "alice", "INTEGRITY", "s5", T0));
    assertThat(store.removeProtectionKey("ink.2")).isTrue();
    assertThat(store.pendingProtectionKeys("alice")).isEmpty();
    assertThatThrownBy(() -> store.addPendingProtectionKey(new ProtectionKeyRecord("trk.2", "alice", "TRANSPORT", "x", T0)))
        .isInstanceOf(ConflictException.class);
    assertThat(store.pendingProtectionKeys("alice")).isEmpty(); // the failed insert left no mark
  }

  @Test
  void theSecurityRequirementIsPerIdentity() {
    store.addIdentity(user("alice"));
    store.addIdentity(user("bob"));
    assertThat(store.securityRequired("alice")).isFalse();
    store.setSecurityRequired("alice", true);
    assertThat(store.securityRequired("alice")).isTrue();
    assertThat(store.securityRequired("bob")).isFalse();
    KmsStore other = sameDatabase();
    try {
      assertThat(other.securityRequired("alice")).isTrue();
      other.setSecurityRequired("alice", false);
    } finally {
      other.close();
    }
    assertThat(store.securityRequired("alice")).isFalse();
    assertThatThrownBy(() -> store.setSecurityRequired("nobody", true)).isInstanceOf(ConflictException.class);
  }

  @Test
  void auditBatchIsWrittenWhole() {
    List<AuditRecord> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(new AuditRecord(T0, "b-" + i, "node", "alice", "keyprov", "alice", (long) i, "ok", null));
    }
    store.audit(batch, CHAIN);
    assertThat(store.recentAudit(100)).hasSize(50).first().extracting(AuditRecord::requestId).isEqualTo("b-49");
    // A batch whose fourth record cannot be linked writes nothing, and the chain head stays.
    List<AuditRecord> bad = new ArrayList<>(batch.subList(0, 4));
    AuditChain failing = (seq, prev, r) -> {
      if (seq == 54) {
        throw new StoreException("cannot link");
      }
      return CHAIN.link(seq, prev, r);
    };
    assertThatThrownBy(() -> store.audit(bad, failing)).isInstanceOf(StoreException.class);
    assertThat(store.recentAudit(100)).hasSize(50);
    assertThat(store.auditChainState().headSeq()).isEqualTo(50);
  }

  @Test
  void identitiesArePagedByUriAndFiltered() {
    store.createDomain(domain("d1"), cert(1));
    for (String u : new String[] {"sip:carol@x", "sip:al_ice@x", "sip:bob@x", "sip:alpha@x", "sip:dave@x"}) {
      store.addIdentity(user(u));
    }
    store.addIdentity(server("sip:gms@x"));
    store.revoke("sip:bob@x", T0, 7);
    store.setStatus("sip:dave@x", IdentityStatus.DISABLED);

    List<IdentityRecord> first = store.identities(new IdentityQuery(null, null, null, null, 2));
    assertThat(first).extracting(IdentityRecord::uri).containsExactly("sip:al_ice@x", "sip:alpha@x");
    assertThat(store.identities(new IdentityQuery(null, null, null, first.get(1).uri(), 3)))
        .extracting(IdentityRecord::uri).containsExactly("sip:bob@x", "sip:carol@x", "sip:dave@x");
    assertThat(store.identities(new IdentityQuery(null, null, null, "sip:gms@x", 3))).isEmpty();
    // The search is a case-insensitive substring; '_' and '%' are literal, not wildcards.
    assertThat(store.identities(new IdentityQuery("AL", null, null, null, 10)))
        .extracting(IdentityRecord::uri).containsExactly("sip:al_ice@x", "sip:alpha@x");
    assertThat(store.identities(new IdentityQuery("l_i", null, null, null, 10)))
        .extracting(IdentityRecord::uri).containsExactly("sip:al_ice@x");
    assertThat(store.identities(new IdentityQuery("%", null, null, null, 10))).isEmpty();
    assertThat(store.identities(new IdentityQuery(null, IdentityKind.SERVER, null, null, 10)))
        .extracting(IdentityRecord::uri).containsExactly("sip:gms@x");
    assertThat(store.identities(new IdentityQuery(null, null, IdentityStatus.REVOKED, null, 10)))
        .extracting(IdentityRecord::uri).containsExactly("sip:bob@x");
    assertThat(store.identities(new IdentityQuery("a", IdentityKind.USER, IdentityStatus.DISABLED, null, 10)))
        .extracting(IdentityRecord::uri).containsExactly("sip:dave@x");
    assertThatThrownBy(() -> new IdentityQuery(null, null, null, null, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void auditIsFilteredNewestFirst() {
    List<AuditRecord> batch = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      batch.add(new AuditRecord(T0.plusSeconds(i), "r-" + i, null, "admin", i % 2 == 0 ? "keyprov" : "admin.x",
          i < 3 ? "sip:a@x" : "sip:b@x", null, i == 4 ? "forbidden" : "ok", null));
    }
    store.audit(batch, CHAIN);
    assertThat(store.audit(new AuditQuery(null, null, null, null, null, 10))).extracting(AuditRecord::requestId)
        .containsExactly("r-5", "r-4", "r-3", "r-2", "r-1", "r-0");
    assertThat(store.audit(new AuditQuery("sip:a@x", "keyprov", null, null, null, 10)))
        .extracting(AuditRecord::requestId).containsExactly("r-2", "r-0");
    assertThat(store.audit(new AuditQuery(null, null, "forbidden", null, null, 10)))
        .extracting(AuditRecord::requestId).containsExactly("r-4");
    assertThat(store.audit(new AuditQuery(" ", null, null, T0.plusMillis(500), T0.plusMillis(2500), 10)))
        .extracting(AuditRecord::requestId).containsExactly("r-2", "r-1");
    assertThat(store.audit(new AuditQuery(null, null, null, null, null, 2))).hasSize(2);
  }

  /** A stand-in link: deterministic, depends on the predecessor and the record. */
  static final AuditChain CHAIN = (seq, prev, r) -> Integer.toHexString((seq + "|" + prev + "|" + r).hashCode());

  @Test
  void auditRecordsAreNumberedAndLinkedInOneSequence() {
    store.audit(List.of(new AuditRecord(T0, "a", "n", "c", "keyprov", "alice", 1L, "ok", null),
        new AuditRecord(T0, "b", "n", "c", "keyprov", "alice", 2L, "ok", null)), CHAIN);
    store.audit(List.of(new AuditRecord(T0, "c", "n", null, "init", null, null, "ok", "x\r\ny")), CHAIN);
    List<ChainedAuditRecord> all = store.auditChain(0, 10);
    assertThat(all).extracting(ChainedAuditRecord::seq).containsExactly(1L, 2L, 3L);
    assertThat(all.get(0).previousMac()).isEmpty();
    assertThat(all.get(1).previousMac()).isEqualTo(all.get(0).mac());
    assertThat(all.get(2).previousMac()).isEqualTo(all.get(1).mac());
    assertThat(all.get(2).mac()).isEqualTo(CHAIN.link(3, all.get(1).mac(), all.get(2).record()));
    assertThat(all.get(2).record().detail()).isEqualTo("x\uFFFD\uFFFDy"); // no line breaks reach the trail
    AuditChainState s = store.auditChainState();
    assertThat(s.headSeq()).isEqualTo(3);
    assertThat(s.headMac()).isEqualTo(all.get(2).mac());
    assertThat(store.auditChain(1, 1)).extracting(ChainedAuditRecord::seq).containsExactly(2L);
    assertThat(store.lastAuditSeqBefore(T0.plusSeconds(1))).isEqualTo(3);
    assertThat(store.lastAuditSeqBefore(T0)).isZero();
  }

  @Test
  void pruningDeletesThroughASeqOnceAndLeavesTheAnchor() {
    for (int i = 0; i < 5; i++) {
      store.audit(List.of(new AuditRecord(T0, "r" + i, "n", "c", "keyprov", null, null, "ok", null)), CHAIN);
    }
    String mac3 = store.auditChain(2, 1).get(0).mac();
    assertThat(store.pruneAudit(0, 3, mac3, "tag")).isTrue();
    assertThat(store.pruneAudit(0, 4, "m", "t")).as("the anchor moved: a second pruner loses").isFalse();
    assertThat(store.pruneAudit(3, 9, "m", "t")).as("beyond the head").isFalse();
    assertThat(store.auditChain(0, 10)).extracting(ChainedAuditRecord::seq).containsExactly(4L, 5L);
    AuditChainState s = store.auditChainState();
    assertThat(s.anchorSeq()).isEqualTo(3);
    assertThat(s.anchorMac()).isEqualTo(mac3);
    assertThat(s.anchorTag()).isEqualTo("tag");
    assertThat(s.records()).isEqualTo(2);
  }

  @Test
  void twoNodesAppendingAtOnceFormOneUnbrokenChain() throws Exception {
    KmsStore other = sameDatabase();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (KmsStore node : List.of(store, other)) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < 40; i++) {
            node.audit(List.of(new AuditRecord(T0, "x" + i, node == store ? "a" : "b", "c", "keyprov", null, null, "ok",
                null), new AuditRecord(T0, "y" + i, "n", "c", "keyprov", null, null, "ok", null)), CHAIN);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
      other.close();
    }
    List<ChainedAuditRecord> all = store.auditChain(0, 1000);
    assertThat(all).hasSize(160);
    String previous = "";
    for (int i = 0; i < all.size(); i++) {
      ChainedAuditRecord r = all.get(i);
      assertThat(r.seq()).isEqualTo(i + 1L);
      assertThat(r.previousMac()).isEqualTo(previous);
      assertThat(r.mac()).isEqualTo(CHAIN.link(r.seq(), previous, r.record()));
      previous = r.mac();
    }
    assertThat(store.auditChainState().headSeq()).isEqualTo(160);
  }

  @Test
  void theAuditKeyIsStoredOnce() {
    assertThat(store.auditKey()).isEmpty();
    assertThat(store.createAuditKey("v1.first")).isTrue();
    assertThat(store.createAuditKey("v1.second")).isFalse();
    assertThat(store.auditKey()).contains("v1.first");
  }

  @Test
  void concurrentNodesCreateOneDomainAndNoDuplicateIdentity() throws Exception {
    KmsStore other = sameDatabase();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> creators = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        KmsStore s = i % 2 == 0 ? store : other;
        String id = "d" + i;
        creators.add(() -> s.createDomain(domain(id), cert(1)));
      }
      int created = 0;
      for (Future<Boolean> f : pool.invokeAll(creators)) {
        created += f.get() ? 1 : 0;
      }
      assertThat(created).isEqualTo(1);
      assertThat(other.domain()).isEqualTo(store.domain());

      List<Callable<Boolean>> adders = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        KmsStore s = i % 2 == 0 ? store : other;
        adders.add(() -> {
          try {
            s.addIdentity(user("sip:race@example.org"));
            return true;
          } catch (ConflictException e) {
            return false;
          }
        });
      }
      int added = 0;
      for (Future<Boolean> f : pool.invokeAll(adders)) {
        added += f.get() ? 1 : 0;
      }
      assertThat(added).isEqualTo(1);
      // A change by one node is seen by the other at once (revocation across nodes).
      other.revoke("sip:race@example.org", T0, 7);
      assertThat(store.identity("sip:race@example.org").orElseThrow().status()).isEqualTo(IdentityStatus.REVOKED);
    } finally {
      pool.shutdownNow();
      other.close();
    }
  }

  private static final String ALICE = "sip:alice@example.org";
  private static final String GMS = "sip:gms@example.org";

  /** Something in every table: certificates, identities (one revoked), a grant, keys (one pending), policy, audit. */
  private static void fillEveryTable(KmsStore s) {
    s.createDomain(domain("d"), cert(1));
    s.addCertificate(cert(2));
    s.addIdentity(user(ALICE));
    s.addIdentity(user("sip:bob@example.org"));
    s.addIdentity(server(GMS));
    s.revoke("sip:bob@example.org", T0.plusSeconds(5), 12);
    s.addGrant(GMS, ALICE);
    s.addProtectionKey(new ProtectionKeyRecord("trk.1", ALICE, "TRANSPORT", "v1.sealed-trk", T0));
    s.addPendingProtectionKey(new ProtectionKeyRecord("ink.2", ALICE, "INTEGRITY", "v1.sealed-ink", T0));
    s.setSecurityRequired(ALICE, true);
    s.addExternalKms(new ExternalKmsRecord("kms.b.example", "<KmsCertificate/>", "ab".repeat(32), T0));
    s.addRedirect(redirect("e", T0.plusSeconds(2), List.of("kms.b.example", "kms.c.example")));
    s.addRedirect(redirect("f", T0.plusSeconds(1), List.of()));
    s.createAuditKey("v1.audit-key");
    s.audit(List.of(new AuditRecord(T0, "r1", "n", "alice", "keyprov", ALICE, 7L, "ok", null),
        new AuditRecord(T0.plusSeconds(1), "r2", null, null, "init", null, null, "forbidden", "d\u00e9tail")), CHAIN);
  }

  @Test
  void aSnapshotRestoresIntoAnEmptyStoreAsItWas() {
    assertThat(store.snapshot()).isEmpty();
    fillEveryTable(store);
    StoreSnapshot s = store.snapshot().orElseThrow();
    assertThat(s.counts()).containsEntry("certificates", 2L).containsEntry("identities", 3L)
        .containsEntry("grants", 1L).containsEntry("protection_keys", 2L).containsEntry("external_kms", 1L)
        .containsEntry("redirects", 2L).containsEntry("audit_records", 2L);
    assertThat(s.redirects()).extracting(RedirectRecord::digest).containsExactly("e".repeat(64), "f".repeat(64));
    assertThat(s.pendingKeyIds()).containsExactly("ink.2");
    assertThat(s.externalKmsGeneration()).isEqualTo(1);
    assertThat(s.audit().headSeq()).isEqualTo(2);
    try (KmsStore fresh = newStore()) {
      fresh.restore(s);
      assertThat(fresh.snapshot()).contains(s);
      // It works as the original did: grants, pending keys, policy, revocation, and the chain continues.
      assertThat(fresh.isGranted(GMS, ALICE)).isTrue();
      assertThat(fresh.pendingProtectionKeys(ALICE)).containsExactly("ink.2");
      assertThat(fresh.securityRequired(ALICE)).isTrue();
      assertThat(fresh.identity("sip:bob@example.org").orElseThrow().periodRevoked(12)).isTrue();
      assertThat(fresh.auditKey()).contains("v1.audit-key");
      assertThat(fresh.redirects(10)).extracting(RedirectRecord::acceptedKmsUris)
          .containsExactly(List.of("kms.b.example", "kms.c.example"), List.of());
      fresh.audit(List.of(new AuditRecord(T0, "r3", "n", null, "init", null, null, "ok", null)), CHAIN);
      ChainedAuditRecord third = fresh.auditChain(2, 10).get(0);
      assertThat(third.seq()).isEqualTo(3);
      assertThat(third.previousMac()).isEqualTo(s.audit().headMac());
      assertThat(fresh.recentAudit(10)).extracting(AuditRecord::requestId).containsExactly("r3", "r2", "r1");
    }
  }

  @Test
  void restoreRefusesAStoreThatIsNotEmptyAndChangesNothing() {
    fillEveryTable(store);
    StoreSnapshot s = store.snapshot().orElseThrow();
    try (KmsStore fresh = newStore()) {
      fresh.addIdentity(user("sip:early@example.org"));
      assertThatThrownBy(() -> fresh.restore(s)).isInstanceOf(StoreNotEmptyException.class)
          .hasMessageContaining("identities: 1");
      assertThat(fresh.domain()).isEmpty();
      assertThat(fresh.identities()).extracting(IdentityRecord::uri).containsExactly("sip:early@example.org");
    }
    assertThatThrownBy(() -> store.restore(s)).isInstanceOf(StoreNotEmptyException.class)
        .hasMessageContaining("domain: 1");
    assertThat(store.snapshot()).contains(s);
  }

  @Test
  void aRestoreThatFailsHalfWayLeavesTheStoreEmpty() {
    fillEveryTable(store);
    StoreSnapshot good = store.snapshot().orElseThrow();
    // The audit rows are written last; a repeated number violates their unique index.
    AuditTrail t = good.audit();
    List<AuditRow> rows = new ArrayList<>(t.records());
    rows.add(rows.get(0));
    StoreSnapshot bad = good.withAudit(new AuditTrail(t.sealedKey(), t.headSeq(), t.headMac(), t.anchorSeq(),
        t.anchorMac(), t.anchorTag(), rows));
    try (KmsStore fresh = newStore()) {
      assertThatThrownBy(() -> fresh.restore(bad)).isInstanceOf(StoreException.class)
          .isNotInstanceOf(StoreNotEmptyException.class);
      assertThat(fresh.snapshot()).isEmpty();
      assertThat(fresh.certificates()).isEmpty();
      assertThat(fresh.identities()).isEmpty();
      assertThat(fresh.externalKms()).isEmpty();
      assertThat(fresh.externalKmsGeneration()).isZero();
      assertThat(fresh.redirects(10)).isEmpty();
      assertThat(fresh.auditKey()).isEmpty();
      assertThat(fresh.auditChainState().records()).isZero();
      fresh.restore(good); // still empty, so the good one goes in
      assertThat(fresh.snapshot()).contains(good);
    }
  }

  @Test
  void aSnapshotTakenWhileAnotherNodeWritesIsConsistent() throws Exception {
    store.createDomain(domain("d"), cert(1));
    KmsStore other = sameDatabase();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      // Each append is one transaction of 5 records that also moves the chain head.
      Future<?> writer = pool.submit(() -> {
        for (int i = 0; i < 60; i++) {
          List<AuditRecord> batch = new ArrayList<>();
          for (int j = 0; j < 5; j++) {
            batch.add(new AuditRecord(T0, "w" + i + "." + j, "b", null, "keyprov", null, null, "ok", null));
          }
          other.audit(batch, CHAIN);
        }
      });
      int seen = 0;
      while (!writer.isDone() || seen == 0) {
        AuditTrail t = store.snapshot().orElseThrow().audit();
        // rows and head come from the same instant: the head is the last row, the count a whole number of batches
        assertThat((long) t.records().size()).isEqualTo(t.headSeq());
        assertThat(t.records().size() % 5).isZero();
        if (!t.records().isEmpty()) {
          assertThat(t.records().get(t.records().size() - 1).mac()).isEqualTo(t.headMac());
        }
        seen++;
      }
      writer.get();
    } finally {
      pool.shutdownNow();
      other.close();
    }
  }
}
