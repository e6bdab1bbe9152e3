package org.mcxkms.kms.server.backup;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.server.audit.AuditKey;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.config.SecureFiles;
import org.mcxkms.kms.server.domain.CertificateKeys;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.extension.ProtectionKeys;
import org.mcxkms.kms.server.issue.IssuedKeySet;
import org.mcxkms.kms.server.issue.KeySetIssuer;
import org.mcxkms.kms.server.store.AuditRecord;
import org.mcxkms.kms.server.store.ExternalKmsRecord;
import org.mcxkms.kms.server.store.IdentityKind;
import org.mcxkms.kms.server.store.IdentityRecord;
import org.mcxkms.kms.server.store.IdentityStatus;
import org.mcxkms.kms.server.store.KmsStore;
import org.mcxkms.kms.server.store.MigrationKmsRecord;
import org.mcxkms.kms.server.store.RedirectRecord;
import org.mcxkms.testkit.MutableClock;

/**
 * A KMS store with something in every table, made through the server's own classes: a domain with
 * a rotated certificate (two sets of master secrets), users and a server entity (one user revoked),
 * a grant, a TrK and an InK, an External KMS certificate, a Migration KMS and a chained audit trail; and the key sets
 * it issued for several identities and periods under each certificate, as octets.
 */
final class BackupFixture {
  static final String KMS_URI = "kms.backup.example";
  static final List<String> USERS = List.of("sip:alice@example.org", "sip:bob@example.org", "sip:carol@example.org");
  static final String GMS = "sip:gms@example.org";
  static final SecureRandom RANDOM = new SecureRandom();

  final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
  final KmsConfig config;
  final KmsStore store;
  final SecurityDomain domain;
  /** The TrK/InK octets by key ID (to look for in archives). */
  final Map<String, byte[]> protectionKeys = new LinkedHashMap<>();

  BackupFixture(Path dataDir, KmsStore store) throws Exception {
    this.config = config(dataDir);
    this.store = store;
    this.domain = SecurityDomain.openOrCreate(config, store, clock, RANDOM, w -> {});
    for (String u : USERS) {
      store.addIdentity(new IdentityRecord(u, IdentityKind.USER, IdentityStatus.ENABLED, clock.instant(), null, null));
    }
    store.addIdentity(new IdentityRecord(GMS, IdentityKind.SERVER, IdentityStatus.ENABLED, clock.instant(), null, null));
    store.addGrant(GMS, USERS.get(0));
    ProtectionKeys keys = new ProtectionKeys(store, domain, clock, RANDOM);
    for (ProtectionKey.Kind kind : ProtectionKey.Kind.values()) {
      ProtectionKey k = keys.generate(USERS.get(0), kind, kind.name().toLowerCase() + ".1");
      protectionKeys.put(k.id(), k.secret().toByteArray(SecretAccess.get()));
    }
    store.setSecurityRequired(USERS.get(0), true);
    store.addExternalKms(new ExternalKmsRecord("kms.partner.example", "<KmsCertificate/>", "cd".repeat(32),
        clock.instant()));
    store.addMigrationKms(new MigrationKmsRecord("kms.elsewhere.example", "https://kms.elsewhere.example:8443",
        "ab".repeat(32), clock.instant()));
    store.addRedirect(new RedirectRecord(0, "9f".repeat(32), USERS.get(0), USERS.get(0), USERS.get(2), USERS.get(0),
        "kms.partner.example", List.of(KMS_URI), 0, clock.instant(), clock.instant(), "<KmsRedirectResponse/>"));
    AuditKey auditKey = AuditKey.openOrCreate(store, domain, RANDOM);
    store.audit(List.of(new AuditRecord(clock.instant(), "r1", "n1", USERS.get(0), "keyprov", USERS.get(0), 1L, "ok",
        null)), auditKey);
    store.revoke(USERS.get(1), clock.instant(), period(clock.instant()));
    clock.advance(Duration.ofDays(40));
    domain.rotate();
    store.audit(List.of(new AuditRecord(clock.instant(), "r2", "n1", "admin", "admin.certificates.rotate", null, null,
        "ok", null)), auditKey);
  }

  static KmsConfig config(Path dataDir) {
    return KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dataDir.toString())
        .set(ConfigKey.KMS_URI, KMS_URI)
        .build();
  }

  /** A data directory for another node, holding a copy of this node's seal key file. */
  static Path copySealKey(Path from, Path to) throws Exception {
    SecureFiles.ensureDirectory(to);
    SecureFiles.writeSecret(to.resolve("seal.key"), SecureFiles.readSecret(from.resolve("seal.key")));
    return to;
  }

  long period(Instant t) {
    return domain.policy().periodNumber(t);
  }

  /**
   * The key sets of every identity for the current period and the next two under every certificate
   * of {@code d}, as "cert/identity/period" to RSK || SSK || PVT in hex.
   */
  Map<String, String> keySets(SecurityDomain d) {
    KeySetIssuer issuer = new KeySetIssuer(0, new SimpleMeterRegistry());
    Map<String, String> out = new LinkedHashMap<>();
    List<String> all = new ArrayList<>(USERS);
    all.add(GMS);
    long now = period(clock.instant());
    for (CertificateKeys c : d.certificates()) {
      for (String u : all) {
        for (long p = now - 1; p <= now + 1; p++) {
          IssuedKeySet k = issuer.issue(c, d.kmsUri(), d.policy(), u, p);
          out.put(c.number() + "/" + u + "/" + p, hex(k.rsk().toSecretBytes()) + hex(k.ssk().toSecretBytes())
              + HexFormat.of().formatHex(k.pvt().toByteArray()));
        }
      }
    }
    return out;
  }

  private static String hex(SecretBytes s) {
    return HexFormat.of().formatHex(s.toByteArray(SecretAccess.get()));
  }
}
