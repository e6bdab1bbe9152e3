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
import org.mcxkms.kms.server.seal.SealException;
import org.mcxkms.kms.server.seal.Sealer;
import org.mcxkms.kms.server.store.CertificateRecord;
import org.mcxkms.kms.server.store.DomainRecord;
import org.mcxkms.kms.server.store.KmsStore;

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

  private final DomainRecord record;
  private final KeyPeriodPolicy policy;
  private final String issuer;
  private final KmsStore store;
  private final Sealer sealer;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration certValidity;
  private volatile List<CertificateKeys> certificates;

  private SecurityDomain(DomainRecord record, String issuer, KmsStore store, Sealer sealer, Clock clock,
      SecureRandom random, Duration certValidity) {
    this.record = record;
    this.policy = KeyPeriodPolicy.of(record.keyPeriodSeconds(), record.keyPeriodOffsetSeconds());
    this.issuer = issuer;
    this.store = store;
    this.sealer = sealer;
    this.clock = clock;
    this.random = random;
    this.certValidity = certValidity;
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
        SecurityDomain domain = new SecurityDomain(d, config.kmsIssuer(), store, new Sealer(nk.kek(), random), clock,
            random, config.certValidity());
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
      SecurityDomain domain = new SecurityDomain(d, config.kmsIssuer(), store, new Sealer(kek, random), clock, random,
          config.certValidity());
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

  /** Reloads the certificates from the store, opening the seals of new ones. */
  public synchronized void refresh() throws SealException {
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

  /** Seals a TrK/InK for the store, bound to this domain and the key ID. */
  public String sealProtectionKey(String keyId, SecretBytes key) {
    return sealer.sealKey(key, record.domainId(), keyId);
  }

  /** Opens a TrK/InK seal from the store. */
  public SecretBytes openProtectionKey(String keyId, String sealed, int length) throws SealException {
    return sealer.openKey(sealed, record.domainId(), keyId, length);
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
