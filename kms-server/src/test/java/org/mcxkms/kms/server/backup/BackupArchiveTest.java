package org.mcxkms.kms.server.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.seal.KekResolver;
import org.mcxkms.kms.server.seal.Sealer;
import org.mcxkms.kms.server.store.AuditRow;
import org.mcxkms.kms.server.store.AuditTrail;
import org.mcxkms.kms.server.store.CertificateRecord;
import org.mcxkms.kms.server.store.ForwardingKmsStore;
import org.mcxkms.kms.server.store.JdbcKmsStore;
import org.mcxkms.kms.server.store.KmsStore;
import org.mcxkms.kms.server.store.StoreSnapshot;

/**
 * What a restore refuses, each with its typed error and nothing stored: any flipped octet, any
 * truncation, a deliberately altered archive (checksum recomputed), a wrong seal key, another
 * format version, a non-empty target, a store failing half way. And what an archive never holds:
 * a plaintext secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupArchiveTest {
  @TempDir static Path dir;
  private BackupFixture site;
  private Backups.Backup backup;
  private KmsConfig otherNode;
  private final List<KmsStore> stores = new ArrayList<>();

  @BeforeAll
  void makeABackup() throws Exception {
    site = new BackupFixture(dir.resolve("a"), newStore());
    backup = Backups.create(site.store, site.domain, site.clock, BackupFixture.RANDOM);
    otherNode = BackupFixture.config(BackupFixture.copySealKey(dir.resolve("a"), dir.resolve("b")));
  }

  @AfterAll
  void closeStores() {
    stores.forEach(KmsStore::close);
  }

  private KmsStore newStore() {
    KmsStore s = JdbcKmsStore.open("jdbc:h2:mem:archive-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2);
    stores.add(s);
    return s;
  }

  private BackupException refusal(byte[] archive, KmsConfig config, KmsStore target) {
    try {
      Backups.restore(archive, config, target, site.clock, BackupFixture.RANDOM, w -> {});
    } catch (BackupException e) {
      return e;
    }
    throw new AssertionError("the archive was restored");
  }

  private static void assertEmpty(KmsStore s) {
    assertThat(s.snapshot()).isEmpty();
    assertThat(s.identities()).isEmpty();
    assertThat(s.certificates()).isEmpty();
    assertThat(s.auditChainState().records()).isZero();
    assertThat(s.auditKey()).isEmpty();
  }

  /** The archive with its trailing checksum made to match again, as a deliberate attacker would. */
  private static byte[] rechecksummed(byte[] a) throws Exception {
    byte[] out = a.clone();
    byte[] sum = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(out, out.length - 32));
    System.arraycopy(sum, 0, out, out.length - 32, 32);
    return out;
  }

  @Test
  void everyFlippedOctetIsRefusedAndNothingIsStored() {
    byte[] a = backup.archive();
    KmsStore target = newStore();
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < a.length; i++) {
      byte[] t = a.clone();
      t[i] ^= (byte) 0x5a;
      BackupException e = refusal(t, otherNode, target);
      // the checksum catches it before the KEK is used; the magic and version are read first
      Set<BackupError> expected = i < 8 ? EnumSet.of(BackupError.NOT_AN_ARCHIVE)
          : i < 10 ? EnumSet.of(BackupError.UNSUPPORTED_VERSION)
          : EnumSet.of(BackupError.DAMAGED, BackupError.TRUNCATED, BackupError.MALFORMED);
      if (!expected.contains(e.error())) {
        wrong.add(i + ": " + e.error() + " " + e.getMessage());
      }
    }
    assertThat(wrong).isEmpty();
    assertEmpty(target);
  }

  @Test
  void aDeliberatelyAlteredArchiveFailsAuthentication() throws Exception {
    byte[] a = backup.archive();
    int headerLength = ByteBuffer.wrap(a, 10, 4).getInt();
    int bodyStart = 14 + headerLength + 4;
    KmsStore target = newStore();
    List<String> wrong = new ArrayList<>();
    // Every octet of the header and the first and last 64 of the body, checksum recomputed.
    for (int i = 10; i < a.length - 32; i++) {
      if (i >= bodyStart + 64 && i < a.length - 32 - 64) {
        continue;
      }
      byte[] t = a.clone();
      t[i] ^= 0x01;
      BackupException e = refusal(rechecksummed(t), otherNode, target);
      boolean body = i >= bodyStart;
      if (body ? e.error() != BackupError.TAMPERED : e.error() == BackupError.DAMAGED) {
        wrong.add(i + ": " + e.error() + " " + e.getMessage());
      }
    }
    assertThat(wrong).isEmpty();
    assertEmpty(target);
    byte[] t = a.clone();
    t[bodyStart + 100] ^= 0x01;
    assertThat(refusal(rechecksummed(t), otherNode, target).getMessage())
        .isEqualTo("the archive contents fail authentication: the archive was altered after it was written");
  }

  @Test
  void everyTruncationIsRefused() {
    byte[] a = backup.archive();
    KmsStore target = newStore();
    List<String> wrong = new ArrayList<>();
    for (int n = 0; n < a.length; n++) {
      BackupException e = refusal(Arrays.copyOf(a, n), otherNode, target);
      if (e.error() != BackupError.TRUNCATED || !e.getMessage().contains("truncated") && n > 0) {
        wrong.add(n + ": " + e.error() + " " + e.getMessage());
      }
    }
    assertThat(wrong).isEmpty();
    assertEmpty(target);
    assertThat(refusal(Arrays.copyOf(a, a.length - 1), otherNode, target).getMessage())
        .startsWith("the archive is truncated: it ends in the checksum");
  }

  @Test
  void aWrongSealKeyIsRefused() throws Exception {
    Path c = dir.resolve("c");
    Files.createDirectories(c);
    Files.writeString(c.resolve("seal.key"), "11".repeat(32) + "\n");
    Files.setPosixFilePermissions(c.resolve("seal.key"), PosixFilePermissions.fromString("rw-------"));
    KmsStore target = newStore();
    BackupException e = refusal(backup.archive(), BackupFixture.config(c), target);
    assertThat(e.error()).isEqualTo(BackupError.SEAL_KEY);
    assertThat(e.getMessage()).contains("wrong seal key file").contains(site.domain.domainId());

    KmsConfig passphrase = BackupFixture.config(dir.resolve("b")).toBuilder()
        .set(ConfigKey.SEAL_PASSPHRASE, "correct horse battery staple").build();
    BackupException p = refusal(backup.archive(), passphrase, target);
    assertThat(p.error()).isEqualTo(BackupError.SEAL_KEY);
    assertThat(p.getMessage()).contains("sealed with a key file, but a passphrase is configured");

    BackupException missing = refusal(backup.archive(), BackupFixture.config(dir.resolve("empty-dir")), target);
    assertThat(missing.error()).isEqualTo(BackupError.SEAL_KEY);
    assertThat(missing.getMessage()).contains("does not exist");
    assertThat(Files.exists(dir.resolve("empty-dir").resolve("seal.key"))).as("no key file is generated").isFalse();
    assertEmpty(target);
  }

  @Test
  void anotherFormatVersionIsRefused() throws Exception {
    byte[] t = backup.archive().clone();
    t[8] = 0;
    t[9] = 2;
    KmsStore target = newStore();
    BackupException e = refusal(rechecksummed(t), otherNode, target);
    assertThat(e.error()).isEqualTo(BackupError.UNSUPPORTED_VERSION);
    assertThat(e.getMessage()).isEqualTo("the archive has format version 2; this KMS reads version 1 only");
    assertThat(refusal("PK\u0003\u0004 a zip file".getBytes(StandardCharsets.ISO_8859_1), otherNode, target).error())
        .isEqualTo(BackupError.NOT_AN_ARCHIVE);
    assertEmpty(target);
  }

  @Test
  void aStoreThatIsNotEmptyIsRefusedUntouched() {
    BackupException e = refusal(backup.archive(), site.config, site.store);
    assertThat(e.error()).isEqualTo(BackupError.STORE_NOT_EMPTY);
    assertThat(e.getMessage()).contains("not empty").contains(site.domain.domainId());
    assertThat(site.store.certificates()).hasSize(2);
  }

  @Test
  void aStoreFailingHalfWayLeavesNothing() {
    KmsStore real = newStore();
    // The database rejects the last rows written (a repeated audit number), after all the others.
    KmsStore failing = new ForwardingKmsStore(real) {
      @Override
      public void restore(StoreSnapshot s) {
        AuditTrail t = s.audit();
        List<AuditRow> rows = new ArrayList<>(t.records());
        rows.add(rows.get(0));
        super.restore(s.withAudit(new AuditTrail(t.sealedKey(), t.headSeq(), t.headMac(),
            t.anchorSeq(), t.anchorMac(), t.anchorTag(), rows)));
      }
    };
    BackupException e = refusal(backup.archive(), otherNode, failing);
    assertThat(e.error()).isEqualTo(BackupError.STORE);
    assertThat(e.getMessage()).startsWith("the restore failed and nothing was stored");
    assertEmpty(real);
  }

  @Test
  void noPlaintextSecretIsInTheArchive() throws Exception {
    byte[] a = backup.archive();
    List<byte[]> secrets = new ArrayList<>(site.protectionKeys.values());
    // The master secrets (KSAK || z) of both certificates, opened here only to look for them.
    Sealer sealer = new Sealer(KekResolver.forDomain(site.config, site.store.domain().orElseThrow()),
        BackupFixture.RANDOM);
    for (CertificateRecord c : site.store.certificates()) {
      byte[] both = sealer.open(c.sealedSecrets(), site.domain.domainId(), c.number(), 160)
          .toByteArray(SecretAccess.get());
      secrets.add(Arrays.copyOfRange(both, 0, 32));
      secrets.add(Arrays.copyOfRange(both, 32, 160));
    }
    secrets.add(site.domain.openProtectionKey("mcx-kms audit-chain v1", site.store.auditKey().orElseThrow(), 32)
        .toByteArray(SecretAccess.get()));
    ArchiveHeader h = ArchiveReader.parse(a).header();
    SecretBytes archiveKey = site.domain.openProtectionKey(ArchiveHeader.sealId(h.archiveId()), h.sealedArchiveKey(),
        32);
    secrets.add(archiveKey.toByteArray(SecretAccess.get()));
    assertThat(secrets).hasSize(2 + 4 + 1 + 1);

    List<String> found = new ArrayList<>();
    for (int i = 0; i < secrets.size(); i++) {
      byte[] s = secrets.get(i);
      for (byte[] form : List.of(s, HexFormat.of().formatHex(s).getBytes(StandardCharsets.US_ASCII),
          HexFormat.of().formatHex(s).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
          Base64.getEncoder().withoutPadding().encodeToString(s).getBytes(StandardCharsets.US_ASCII),
          Base64.getUrlEncoder().withoutPadding().encodeToString(s).getBytes(StandardCharsets.US_ASCII))) {
        if (indexOf(a, Arrays.copyOf(form, Math.min(form.length, 24))) >= 0) {
          found.add("secret " + i);
        }
      }
    }
    assertThat(found).isEmpty();
    // The search works: the KmsUri is in the clear header. The seals inside are the store's, never re-sealed.
    assertThat(indexOf(a, BackupFixture.KMS_URI.getBytes(StandardCharsets.UTF_8))).isPositive();
    StoreSnapshot inside = ArchiveReader.parse(a).decrypt(archiveKey);
    assertThat(inside.certificates()).isEqualTo(site.store.certificates());
    assertThat(inside.audit().sealedKey()).isEqualTo(site.store.auditKey().orElseThrow());
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
