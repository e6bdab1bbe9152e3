package org.mcxkms.kms.server.domain;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.eccsi.EccsiKmsKey;
import org.mcxkms.crypto.sakke.SakkeKmsKey;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.seal.Kek;
import org.mcxkms.kms.server.seal.KekResolver;
import org.mcxkms.kms.server.seal.KekTarget;
import org.mcxkms.kms.server.seal.SealException;
import org.mcxkms.kms.server.seal.Sealer;
import org.mcxkms.kms.server.store.CertificateRecord;
import org.mcxkms.kms.server.store.ConflictException;
import org.mcxkms.kms.server.store.DomainRecord;
import org.mcxkms.kms.server.store.KmsStore;
import org.mcxkms.kms.server.store.ProtectionKeyRecord;
import org.mcxkms.kms.server.store.Reseal;

/**
 * The MCX security domain this KMS owns: KmsUri, key period rule and the KMS certificates with
 * their master secrets (opened from their seals at start).
 *
 * <p><b>Certificates and periods.</b> Key sets are always issued under the <em>current</em>
 * certificate: the newest one that is valid now. A rotation adds a certificate with fresh KSAK and
 * z; from then on every period's key sets come from it (CertUri tells clients which). Older
 * certificates stay published (init is the current one; certcache lists every certificate still
 * within its validity) so signatures made under them can still be checked until they expire.
 */
public final class SecurityDomain {
  /** Octets of the sealed plaintext: KSAK (32) || z (128). */
  static final int SEALED_LENGTH = 32 + SakkeKmsKey.MASTER_SECRET_LENGTH;
  /**
   * Seal ID of the audit chain key (sealed like a TrK/InK; it holds spaces, so it is never the ID
   * of a client key).
   */
  public static final String AUDIT_CHAIN_SEAL_ID = "mcx-kms audit-chain v1";

  /** The domain as last read: its KEK fields change when the seal moves to another KEK. */
  private volatile DomainRecord record;
  private final KeyPeriodPolicy policy;
  private final String issuer;
  private final KmsStore store;
  /** Seals under the KEK that {@link #record} names; replaced when the seal moves. */
  private volatile Sealer sealer;
  private final KmsConfig config;
  private final Consumer<String> warn;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration certValidity;
  private volatile List<CertificateKeys> certificates;

  private SecurityDomain(DomainRecord record, KmsConfig config, KmsStore store, Sealer sealer, Clock clock,
      SecureRandom random, Consumer<String> warn) {
    this.record = record;
    this.policy = KeyPeriodPolicy.of(record.keyPeriodSeconds(), record.keyPeriodOffsetSeconds());
    this.issuer = config.kmsIssuer();
    this.store = store;
    this.sealer = sealer;
    this.config = config;
    this.warn = warn;
    this.clock = clock;
    this.random = random;
    this.certValidity = config.certValidity();
    this.certificates = List.of();
  }

  /**
   * Opens the domain in {@code store}, or creates it (fresh KSAK and z, sealed) when the store has
   * none. Fails closed: a seal that does not open, or a configuration that contradicts the stored
   * domain, stops the start with a message saying why.
   */
  public static SecurityDomain openOrCreate(KmsConfig config, KmsStore store, Clock clock, SecureRandom random,
      Consumer<String> warn) throws StartupException {
    try {
      Optional<DomainRecord> existing = store.domain();
      if (existing.isEmpty()) {
        KekResolver.NewKek nk = KekResolver.forNewDomain(config, random, warn);
        String domainId = UUID.randomUUID().toString();
        DomainRecord d = new DomainRecord(domainId, config.kmsUri(), config.keyPeriodSeconds(),
            config.keyPeriodOffsetSeconds(), nk.kind(), nk.params(), nk.kek().checkValue(domainId), clock.instant());
        SecurityDomain domain = new SecurityDomain(d, config, store, new Sealer(nk.kek(), random), clock, random, warn);
        CertificateRecord first = domain.newCertificate(1, clock.instant());
        if (store.createDomain(d, first)) {
          domain.refresh();
          return domain;
        }
        // Another node created the domain at the same moment: use theirs.
        existing = store.domain();
      }
      DomainRecord d = existing.orElseThrow();
      checkConsistent(config, d, warn);
      Kek kek = KekResolver.forDomain(config, d);
      SecurityDomain domain = new SecurityDomain(d, config, store, new Sealer(kek, random), clock, random, warn);
      domain.refresh();
      return domain;
    } catch (SealException e) {
      throw new StartupException("refusing to start: " + e.getMessage());
    }
  }

  private static void checkConsistent(KmsConfig config, DomainRecord d, Consumer<String> warn) throws StartupException {
    Map<ConfigKey, String> stored = new LinkedHashMap<>();
    stored.put(ConfigKey.KMS_URI, d.kmsUri());
    stored.put(ConfigKey.KEY_PERIOD_SECONDS, Long.toString(d.keyPeriodSeconds()));
    stored.put(ConfigKey.KEY_PERIOD_OFFSET_SECONDS, Long.toString(d.keyPeriodOffsetSeconds()));
    for (Map.Entry<ConfigKey, String> e : stored.entrySet()) {
      String configured = config.get(e.getKey());
      if (configured.equals(e.getValue())) {
        continue;
      }
      if (configured.equals(e.getKey().defaultValue())) {
        continue; // not set explicitly: the stored domain's value applies
      }
      throw new StartupException("refusing to start: " + e.getKey().key() + " is configured as '" + configured
          + "' but the domain in the database was created with '" + e.getValue() + "'. It enters every UID and"
          + " cannot change for an existing domain; remove the setting or use another database.");
    }
  }

  /**
   * Reloads the certificates from the store, opening the seals of new ones; first follows the seal
   * to a new KEK if another node moved it ({@code admin rotate-kek}).
   */
  public synchronized void refresh() throws SealException {
    followKek();
    Map<Integer, CertificateKeys> known = new LinkedHashMap<>();
    for (CertificateKeys c : certificates) {
      known.put(c.number(), c);
    }
    List<CertificateKeys> out = new ArrayList<>();
    for (CertificateRecord r : store.certificates()) {
      CertificateKeys k = known.get(r.number());
      out.add(k != null && k.record().equals(r) ? k : open(r));
    }
    certificates = List.copyOf(out);
  }

  private CertificateKeys open(CertificateRecord r) throws SealException {
    SecretBytes both = sealer.open(r.sealedSecrets(), record.domainId(), r.number(), SEALED_LENGTH);
    byte[] b = both.toByteArray(SecretAccess.get());
    try {
      EccsiKmsKey eccsi = EccsiKmsKey.fromKsak(SecretBytes.copyOf(Arrays.copyOfRange(b, 0, 32), SecretAccess.get()));
      SakkeKmsKey sakke = SakkeKmsKey.fromMasterSecret(
          SecretBytes.copyOf(Arrays.copyOfRange(b, 32, SEALED_LENGTH), SecretAccess.get()));
      if (!Arrays.equals(eccsi.kpak().toByteArray(), HexFormat.of().parseHex(r.pubAuthKeyHex()))
          || !Arrays.equals(sakke.publicKey().toByteArray(), HexFormat.of().parseHex(r.pubEncKeyHex()))) {
        throw new SealException("certificate " + r.number() + ": the published KPAK or Z does not match its sealed"
            + " master secrets (the certificate row was altered)");
      }
      return new CertificateKeys(r, eccsi, sakke);
    } catch (InvalidEncodingException e) {
      throw new SealException("certificate " + r.number() + ": sealed master secret is invalid (" + e.getMessage() + ")");
    } finally {
      Arrays.fill(b, (byte) 0);
      both.destroy();
    }
  }

  private CertificateRecord newCertificate(int number, Instant now) {
    EccsiKmsKey eccsi = EccsiKmsKey.generate(random);
    SakkeKmsKey sakke = SakkeKmsKey.generate(random);
    byte[] k = eccsi.ksak().toByteArray(SecretAccess.get());
    byte[] z = sakke.masterSecret().toByteArray(SecretAccess.get());
    byte[] both = new byte[SEALED_LENGTH];
    System.arraycopy(k, 0, both, 0, 32);
    System.arraycopy(z, 0, both, 32, z.length);
    SecretBytes secret = SecretBytes.copyOf(both, SecretAccess.get());
    Arrays.fill(k, (byte) 0);
    Arrays.fill(z, (byte) 0);
    Arrays.fill(both, (byte) 0);
    String sealed = sealer.seal(secret, record.domainId(), number);
    secret.destroy();
    return new CertificateRecord(number, "urn:mcx-kms:cert:" + record.domainId() + ":" + number, now,
        now.plus(certValidity), false, HexFormat.of().formatHex(sakke.publicKey().toByteArray()),
        HexFormat.of().formatHex(eccsi.kpak().toByteArray()), sealed, now);
  }

  /**
   * Rotates the KMS certificate: fresh KSAK and z, a new certificate valid from now. Fails with
   * {@code ConflictException} if another node rotated at the same moment.
   */
  public synchronized CertificateKeys rotate() throws SealException {
    refresh();
    int next = certificates.stream().mapToInt(CertificateKeys::number).max().orElse(0) + 1;
    store.addCertificate(newCertificate(next, clock.instant()));
    refresh();
    return certificates.get(certificates.size() - 1);
  }

  /**
   * Seals a TrK/InK for the store, bound to this domain and the key ID, under the KEK the store
   * names now (so a node that has not yet noticed a {@code rotate-kek} elsewhere does not store a
   * seal under the old key).
   */
  public String sealProtectionKey(String keyId, SecretBytes key) {
    try {
      followKek();
    } catch (SealException e) {
      throw new IllegalStateException("the seal moved to a KEK this node cannot use: " + e.getMessage());
    }
    return sealer.sealKey(key, record.domainId(), keyId);
  }

  /** Opens a TrK/InK seal from the store (following the seal to a new KEK if it moved meanwhile). */
  public SecretBytes openProtectionKey(String keyId, String sealed, int length) throws SealException {
    try {
      return sealer.openKey(sealed, record.domainId(), keyId, length);
    } catch (SealException e) {
      if (followKek()) {
        return sealer.openKey(sealed, record.domainId(), keyId, length);
      }
      throw e;
    }
  }

  /**
   * Follows the seal if another node moved it to another KEK: opens the new KEK from what the
   * domain records with the means this node is configured with. Returns whether it moved.
   */
  private synchronized boolean followKek() throws SealException {
    DomainRecord stored = store.domain().orElseThrow(() -> new SealException("the domain is gone from the database"));
    DomainRecord mine = record;
    if (stored.kekKind().equals(mine.kekKind()) && stored.kekParams().equals(mine.kekParams())
        && stored.kekCheck().equals(mine.kekCheck())) {
      return false;
    }
    Kek kek = KekResolver.forRotatedDomain(config, stored);
    // The previous KEK is not wiped here: requests in flight may still be using it.
    sealer = new Sealer(kek, random);
    record = stored;
    warn.accept("the master-secret seal moved to " + KekResolver.describe(stored) + " (admin rotate-kek on another"
        + " node); this node follows it now"
        + (KekResolver.configuredFor(config, stored) ? "" : ". Update this node's seal.* settings to name it before"
            + " its next start, which is refused otherwise"));
    return true;
  }

  /**
   * Moves every sealed value (the master secrets of every certificate, every TrK/InK, the audit
   * chain key) under a new KEK in one transaction: afterwards all of them open with the new KEK
   * only, or, on any failure, nothing changed. The old KEK is not deleted: a token key stays in its
   * token and a key file on disk until the operator removes it.
   *
   * @throws ConflictException if another node changed a sealed value meanwhile (retry)
   */
  public synchronized KekRotated rotateKek(KekTarget target) throws SealException {
    refresh();
    DomainRecord before = record;
    Sealer old = sealer;
    String domainId = before.domainId();
    KekResolver.NewKek next = KekResolver.forRotation(config, target, random);
    if (next.kind().equals(before.kekKind()) && next.params().equals(before.kekParams())
        && next.kek().matches(domainId, before.kekCheck())) {
      next.kek().destroy();
      throw new SealException("the master secrets are already sealed by that key (" + KekResolver.describe(before)
          + ")");
    }
    Sealer fresh = new Sealer(next.kek(), random);
    List<Reseal.Resealed> certs = new ArrayList<>();
    for (CertificateRecord r : store.certificates()) {
      SecretBytes s = old.open(r.sealedSecrets(), domainId, r.number(), SEALED_LENGTH);
      certs.add(new Reseal.Resealed(Integer.toString(r.number()), r.sealedSecrets(), fresh.seal(s, domainId, r.number())));
      s.destroy();
    }
    List<Reseal.Resealed> keys = new ArrayList<>();
    for (ProtectionKeyRecord k : store.protectionKeys()) {
      keys.add(new Reseal.Resealed(k.keyId(), k.sealedKey(), resealKey(old, fresh, k.keyId(), k.sealedKey())));
    }
    Optional<String> auditSeal = store.auditKey();
    Reseal.Resealed audit = null;
    if (auditSeal.isPresent()) {
      audit = new Reseal.Resealed("audit", auditSeal.get(), resealKey(old, fresh, AUDIT_CHAIN_SEAL_ID, auditSeal.get()));
    }
    DomainRecord after = new DomainRecord(domainId, before.kmsUri(), before.keyPeriodSeconds(),
        before.keyPeriodOffsetSeconds(), next.kind(), next.params(), next.kek().checkValue(domainId),
        before.createdAt());
    store.reseal(new Reseal(before, after, certs, keys, audit));
    sealer = fresh;
    record = after;
    refresh();
    return new KekRotated(KekResolver.describe(before), KekResolver.describe(after), certs.size(), keys.size(),
        audit != null);
  }

  private String resealKey(Sealer from, Sealer to, String keyId, String sealed) throws SealException {
    SecretBytes s = from.openKey(sealed, record.domainId(), keyId, -1);
    try {
      return to.sealKey(s, record.domainId(), keyId);
    } finally {
      s.destroy();
    }
  }

  public DomainRecord record() {
    return record;
  }

  public String domainId() {
    return record.domainId();
  }

  public String kmsUri() {
    return record.kmsUri();
  }

  public String issuer() {
    return issuer;
  }

  public KeyPeriodPolicy policy() {
    return policy;
  }

  public List<CertificateKeys> certificates() {
    return certificates;
  }

  /** The certificate key sets are issued under: the newest one valid at {@code now}. */
  public Optional<CertificateKeys> current(Instant now) {
    List<CertificateKeys> all = certificates;
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).validAt(now)) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  /** Every certificate still within its validity at {@code now}, oldest first (certcache). */
  public List<CertificateKeys> published(Instant now) {
    List<CertificateKeys> out = new ArrayList<>();
    for (CertificateKeys c : certificates) {
      if (c.validAt(now)) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * Version of the certificate cache ({@code CacheNum}): grows whenever a certificate is added or
   * leaves its validity, so a client holding the latest number gets nothing new.
   */
  public long cacheNumber(Instant now) {
    long n = 0;
    for (CertificateKeys c : certificates) {
      n += c.validAt(now) || now.isBefore(c.validFrom()) ? 1 : 2;
    }
    return n;
  }

  @Override
  public String toString() {
    return "SecurityDomain[" + record.kmsUri() + ", " + certificates.size() + " certificate(s)]";
  }
}
