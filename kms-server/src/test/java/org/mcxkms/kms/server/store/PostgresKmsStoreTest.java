package org.mcxkms.kms.server.store;

import org.mcxkms.testkit.PostgresServer;

/** The store contract against a real PostgreSQL server (see {@link PostgresServer}). */
class PostgresKmsStoreTest extends KmsStoreContract {
  private String url;

  @Override
  protected KmsStore newStore() {
    url = PostgresServer.get().newDatabase();
    return JdbcKmsStore.open(url, "", "", 4);
  }

  @Override
  protected KmsStore sameDatabase() {
    return JdbcKmsStore.open(url, "", "", 4);
  }
}
