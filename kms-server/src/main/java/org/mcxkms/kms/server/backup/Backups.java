package org.mcxkms.kms.server.backup;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.server.audit.AuditAction;
import org.mcxkms.kms.server.audit.AuditKey;
import org.mcxkms.kms.server.audit.AuditVerifier;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.config.SecureFiles;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.domain.StartupException;
import org.mcxkms.kms.server.seal.SealException;
import org.mcxkms.kms.server.store.AuditRecord;
import org.mcxkms.kms.server.store.AuditRow;
import org.mcxkms.kms.server.store.AuditTrail;
import org.mcxkms.kms.server.store.IdentityQuery;
import org.mcxkms.kms.server.store.JdbcKmsStore;
import org.mcxkms.kms.server.store.KmsStore;
import org.mcxkms.kms.server.store.ProtectionKeyRecord;
import org.mcxkms.kms.server.store.StoreException;
import org.mcxkms.kms.server.store.StoreNotEmptyException;
import org.mcxkms.kms.server.store.StoreSnapshot;

/**
 * Backup and restore of a whole KMS store.
 *
 * <p><b>Backup</b> (by the running server, which holds the KEK): one consistent snapshot of the
 * store, encrypted and authenticated with AES-256-GCM under a fresh archive key; the archive key is
 * sealed through the {@link SecurityDomain} like every other sealed value, so whatever KEK seals
 * the domain (passphrase, key file, HSM) is needed to open it. The master secrets and TrK/InK stay
 * in their own seals inside: nothing in an archive is a plaintext secret.
 *
 * <p><b>Restore</b> (offline, into an empty database, before the node's first {@code serve}): the
 * archive is checked (framing, checksum), its domain is opened with this node's seal configuration
 * exactly as {@code serve} would open it, the contents are authenticated and decrypted, every
 * sealed master secret is opened and checked against its public keys, the audit chain is walked,
 * a record of the restore is chained onto it, and then everything is written in one transaction.
 * Any failure before or during the write leaves the store empty.
 */
public final class Backups {
  private Backups() {}

  /** A finished archive and its header. */
  public record Backup(ArchiveHeader header, byte[] archive) {}

  /** An archive of everything in {@code store}, whose domain {@code domain} is. */
  public static Backup create(KmsStore store, SecurityDomain domain, Clock clock, SecureRandom random)
      throws BackupException {
    Optional<StoreSnapshot> taken = store.snapshot();
    if (taken.isEmpty()) {
      throw new BackupException(BackupError.NO_DOMAIN, "the store holds no domain: there is nothing to back up");
    }
    StoreSnapshot s = taken.get();
    if (!s.domain().domainId().equals(domain.domainId())) {
      throw new BackupException(BackupError.NO_DOMAIN, "the store holds domain " + s.domain().domainId()
          + ", not this node's domain " + domain.domainId());
    }
    String archiveId = UUID.randomUUID().toString();
    SecretBytes key = SecretBytes.random(ArchiveFormat.KEY_LENGTH, random);
    try {
      String sealed = domain.sealProtectionKey(ArchiveHeader.sealId(archiveId), key);
      ArchiveHeader header = new ArchiveHeader(archiveId, clock.instant().truncatedTo(ChronoUnit.MICROS), s.domain(),
          sealed, s.counts());
      return new Backup(header, ArchiveWriter.write(header, s, key, random));
    } finally {
      key.destroy();
    }
  }

  /**
   * The header of {@code archive} after checking its framing and checksum (no key needed): what a
   * client checks before it keeps an archive it was sent.
   */
  public static ArchiveHeader inspect(byte[] archive) throws BackupException {
    return ArchiveReader.parse(archive).header();
  }

  /**
   * Restores the archive in {@code file} into the database {@code config} names (opened and closed
   * here), with the seal configuration of {@code config}.
   */
  public static RestoreSummary restore(Path file, KmsConfig config, Clock clock, SecureRandom random,
      Consumer<String> warn) throws BackupException, IOException {
    long size = Files.size(file);
    if (size > (long) ArchiveFormat.MAX_BODY + ArchiveFormat.MAX_HEADER + 1024) {
      throw new BackupException(BackupError.MALFORMED, file + " has " + size + " octets, more than any archive");
    }
    byte[] archive = Files.readAllBytes(file);
    ArchiveReader.parse(archive); // refuse a damaged file before touching the database
    SecureFiles.ensureDirectory(config.dataDir().toAbsolutePath());
    KmsStore store;
    try {
      store = JdbcKmsStore.open(config.dbUrl(), config.dbUser(), config.dbPassword(), 2);
    } catch (StoreException e) {
      throw new BackupException(BackupError.STORE, e.getMessage());
    }
    try (store) {
      return restore(archive, config, store, clock, random, warn);
    }
  }

  /** Restores {@code archive} into the empty store {@code target}; see the class comment. */
  public static RestoreSummary restore(byte[] archive, KmsConfig config, KmsStore target, Clock clock,
      SecureRandom random, Consumer<String> warn) throws BackupException {
    ArchiveReader.Parsed parsed = ArchiveReader.parse(archive);
    ArchiveHeader header = parsed.header();
    refuseNonEmpty(target);

    ArchiveView view = new ArchiveView(header.domain());
    SecurityDomain domain;
    try {
      domain = SecurityDomain.openOrCreate(config, view, clock, random, warn);
    } catch (StartupException e) {
      throw new BackupException(BackupError.SEAL_KEY, "cannot open the archived domain " + header.domain().domainId()
          + " with this node's seal key and settings: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new BackupException(BackupError.MALFORMED, "the archived domain record is invalid: " + e.getMessage());
    }
    StoreSnapshot contents;
    SecretBytes key;
    try {
      key = domain.openProtectionKey(ArchiveHeader.sealId(header.archiveId()), header.sealedArchiveKey(),
          ArchiveFormat.KEY_LENGTH);
    } catch (SealException e) {
      throw new BackupException(BackupError.TAMPERED, "the archive key does not open although the seal key is right:"
          + " the archive header was altered (" + e.getMessage() + ")");
    }
    try {
      contents = parsed.decrypt(key);
    } finally {
      key.destroy();
    }
    if (!contents.domain().equals(header.domain()) || !contents.counts().equals(header.counts())) {
      throw new BackupException(BackupError.MALFORMED, "the archive's contents do not match its header (domain or"
          + " counts): it was not written by a KMS");
    }

    view.load(contents);
    try {
      domain.refresh(); // opens every certificate's master secrets and checks them against KPAK and Z
    } catch (SealException e) {
      // the contents authenticated, so the seal was already damaged in the store that was backed up
      throw new BackupException(BackupError.TAMPERED, "a sealed master secret in the archive does not open (it was"
          + " damaged in the backed-up store): " + e.getMessage());
    }
    int unopened = 0;
    for (ProtectionKeyRecord k : contents.protectionKeys()) {
      try {
        domain.openProtectionKey(k.keyId(), k.sealedKey(), ProtectionKey.LENGTH).destroy();
      } catch (SealException e) {
        unopened++;
      }
    }
    if (unopened > 0) {
      warn.accept(unopened + " TrK/InK seal(s) in the archive do not open: they were damaged in the store that was"
          + " backed up; replace those keys after the restore ('admin add-key')");
    }

    StoreSnapshot toWrite = contents;
    boolean intact = false;
    String problem = "the archive has no audit chain key (the backed-up node never started)";
    if (contents.audit().sealedKey() != null) {
      AuditKey auditKey;
      try {
        auditKey = AuditKey.openOrCreate(view, domain, random);
      } catch (SealException e) {
        throw new BackupException(BackupError.TAMPERED, "the archived audit chain key does not open: "
            + e.getMessage());
      }
      AuditVerifier.Result verified = AuditVerifier.verify(view, auditKey);
      intact = verified.intact();
      problem = verified.problem();
      if (!intact) {
        warn.accept("the archived audit chain does not verify (" + problem + "); it is restored as it was");
      }
      toWrite = contents.withAudit(chainRestoreRecord(contents.audit(), header, auditKey, clock));
    }

    try {
      target.restore(toWrite);
    } catch (StoreNotEmptyException e) {
      throw new BackupException(BackupError.STORE_NOT_EMPTY, e.getMessage());
    } catch (StoreException e) {
      throw new BackupException(BackupError.STORE, "the restore failed and nothing was stored: " + e.getMessage());
    }
    return new RestoreSummary(header.archiveId(), header.createdAt(), header.domain().domainId(),
        header.domain().kmsUri(), contents.counts(), intact, problem, unopened);
  }

  private static void refuseNonEmpty(KmsStore target) throws BackupException {
    try {
      Optional<String> held = target.domain().map(d -> "domain " + d.domainId());
      if (held.isEmpty() && !target.identities(new IdentityQuery(null, null, null, null, 1)).isEmpty()) {
        held = Optional.of("identities");
      }
      if (held.isPresent()) {
        throw new BackupException(BackupError.STORE_NOT_EMPTY, "the target database is not empty (it holds "
            + held.get() + "): restore into a new, empty database before the node's first start");
      }
    } catch (StoreException e) {
      throw new BackupException(BackupError.STORE, e.getMessage());
    }
  }

  /** The trail with a record of this restore chained onto its head, so the restored trail says where it came from. */
  private static AuditTrail chainRestoreRecord(AuditTrail trail, ArchiveHeader header, AuditKey key, Clock clock) {
    AuditRecord r = new AuditRecord(Instant.now(clock), "restore-" + header.archiveId(), node(), "admin",
        AuditAction.ADMIN_RESTORE.auditName(), null, null, AuditAction.OK,
        "restored archive " + header.archiveId() + " made " + header.createdAt() + ": " + describe(header));
    long seq = trail.headSeq() + 1;
    return trail.append(new AuditRow(seq, r, trail.headMac(), key.link(seq, trail.headMac(), r)));
  }

  /** The header's counts in the archive's order. */
  public static Map<String, Long> orderedCounts(ArchiveHeader header) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (String name : ArchiveFormat.COUNTS) {
      m.put(name, header.counts().get(name));
    }
    return m;
  }

  /** The header's counts in their order, e.g. "certificates=2, identities=10, ...". */
  static String describe(ArchiveHeader header) {
    StringBuilder sb = new StringBuilder();
    for (String name : ArchiveFormat.COUNTS) {
      sb.append(sb.length() == 0 ? "" : ", ").append(name).append('=').append(header.counts().get(name));
    }
    return sb.toString();
  }

  private static String node() {
    try {
      return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    } catch (IOException e) {
      return "node-" + ProcessHandle.current().pid();
    }
  }
}
