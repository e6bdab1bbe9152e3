package org.mcxkms.kms.server.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.server.audit.AuditAction;
import org.mcxkms.kms.server.audit.AuditKey;
import org.mcxkms.kms.server.audit.AuditVerifier;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.store.AuditRecord;
import org.mcxkms.kms.server.store.KmsStore;
import org.mcxkms.kms.server.store.StoreSnapshot;

/**
 * A backup restored into a fresh database on another node gives byte-identical key sets for every
 * identity and period under every certificate (the rotated one too), the same TrK/InK and a chain
 * that still verifies, with the restore recorded on it. Run against every store backend.
 */
abstract class BackupRestoreContract {
  @TempDir Path dir;
  private final List<KmsStore> stores = new ArrayList<>();

  /** A new store over an empty database. */
  protected abstract KmsStore emptyStore();

  private KmsStore newStore() {
    KmsStore s = emptyStore();
    stores.add(s);
    return s;
  }

  @AfterEach
  void closeStores() {
    stores.forEach(KmsStore::close);
  }

  @Test
  void aRestoredNodeIssuesByteIdenticalKeySets() throws Exception {
    BackupFixture site = new BackupFixture(dir.resolve("site-a"), newStore());
    Map<String, String> before = site.keySets(site.domain);
    assertThat(site.domain.certificates()).hasSize(2);
    assertThat(before).hasSize(2 * 4 * 3);

    Backups.Backup backup = Backups.create(site.store, site.domain, site.clock, BackupFixture.RANDOM);
    StoreSnapshot original = site.store.snapshot().orElseThrow();

    // Site A is lost. Site B has the seal key file (kept apart from the data) and an empty database.
    KmsConfig configB = BackupFixture.config(BackupFixture.copySealKey(dir.resolve("site-a"), dir.resolve("site-b")));
    KmsStore storeB = newStore();
    List<String> warnings = new ArrayList<>();
    RestoreSummary summary = Backups.restore(backup.archive(), configB, storeB, site.clock, BackupFixture.RANDOM,
        warnings::add);
    assertThat(warnings).isEmpty();
    assertThat(summary.domainId()).isEqualTo(site.domain.domainId());
    assertThat(summary.counts()).containsEntry("certificates", 2L).containsEntry("identities", 4L)
        .containsEntry("protection_keys", 2L).containsEntry("redirects", 1L);
    assertThat(summary.auditIntact()).isTrue();

    SecurityDomain restored = SecurityDomain.openOrCreate(configB, storeB, site.clock, BackupFixture.RANDOM, w -> {});
    assertThat(restored.domainId()).isEqualTo(site.domain.domainId());
    assertThat(site.keySets(restored)).isEqualTo(before);

    for (Map.Entry<String, byte[]> k : site.protectionKeys.entrySet()) {
      String sealed = storeB.protectionKey(k.getKey()).orElseThrow().sealedKey();
      assertThat(restored.openProtectionKey(k.getKey(), sealed, ProtectionKey.LENGTH).toByteArray(SecretAccess.get()))
          .isEqualTo(k.getValue());
    }

    // Everything but the restore's own audit record is as it was.
    StoreSnapshot after = storeB.snapshot().orElseThrow();
    assertThat(after.withAudit(original.audit())).isEqualTo(original);
    assertThat(after.audit().records()).hasSize(original.audit().records().size() + 1);
    AuditRecord last = after.audit().records().get(after.audit().records().size() - 1).record();
    assertThat(last.action()).isEqualTo(AuditAction.ADMIN_RESTORE.auditName());
    assertThat(last.detail()).contains(backup.header().archiveId());
    AuditVerifier.Result chain = AuditVerifier.verify(storeB, AuditKey.openOrCreate(storeB, restored,
        BackupFixture.RANDOM));
    assertThat(chain.intact()).as("%s", chain.problem()).isTrue();
    assertThat(chain.headSeq()).isEqualTo(original.audit().headSeq() + 1);
  }
}
