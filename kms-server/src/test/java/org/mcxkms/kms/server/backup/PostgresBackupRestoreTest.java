package org.mcxkms.kms.server.backup;

import org.mcxkms.kms.server.store.JdbcKmsStore;
import org.mcxkms.kms.server.store.KmsStore;
import org.mcxkms.testkit.PostgresServer;

/** The backup round trip on a real PostgreSQL server (see {@link PostgresServer}). */
class PostgresBackupRestoreTest extends BackupRestoreContract {
  @Override
  protected KmsStore emptyStore() {
    return JdbcKmsStore.open(PostgresServer.get().newDatabase(), "", "", 2);
  }
}
