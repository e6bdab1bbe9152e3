package org.mcxkms.kms.server.store;

import java.util.UUID;

class H2KmsStoreTest extends KmsStoreContract {
  private String url;

  @Override
  protected KmsStore newStore() {
    url = "jdbc:h2:mem:kms-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    return JdbcKmsStore.open(url, "", "", 4);
  }

  @Override
  protected KmsStore sameDatabase() {
    return JdbcKmsStore.open(url, "", "", 4);
  }
}
