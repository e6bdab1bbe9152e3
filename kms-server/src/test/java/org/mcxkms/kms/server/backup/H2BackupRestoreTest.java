package org.mcxkms.kms.server.backup;

import java.util.UUID;
import org.mcxkms.kms.server.store.JdbcKmsStore;
import org.mcxkms.kms.server.store.KmsStore;

class H2BackupRestoreTest extends BackupRestoreContract {
  @Override
  protected KmsStore emptyStore() {
    return JdbcKmsStore.open("jdbc:h2:mem:backup-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2);
  }
}
