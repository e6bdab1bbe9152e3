package org.mcxkms.kms.server.admin;

import org.mcxkms.kms.server.domain.MigrationKmss;

/** {@code GET migration-kms}: the Migration KMSs this domain's clients are given. */
final class ListMigrationKmsEndpoint implements AdminEndpoint {
  private final MigrationKmss migrations;

  ListMigrationKmsEndpoint(MigrationKmss migrations) {
    this.migrations = migrations;
  }

  @Override
  public Object handle(AdminCall call) {
    return migrations.records().stream().map(MigrationKmsViews::view).toList();
  }
}
