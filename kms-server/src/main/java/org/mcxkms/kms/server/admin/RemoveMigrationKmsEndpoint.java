package org.mcxkms.kms.server.admin;

import java.util.Map;
import org.mcxkms.kms.server.domain.MigrationKmss;

/** {@code POST migration-kms/remove {kms_uri}}: stops permitting a Migration KMS. */
final class RemoveMigrationKmsEndpoint implements AdminEndpoint {
  private final MigrationKmss migrations;

  RemoveMigrationKmsEndpoint(MigrationKmss migrations) {
    this.migrations = migrations;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    String uri = call.text("kms_uri");
    if (!migrations.remove(uri)) {
      throw new AdminException(AdminError.NOT_FOUND, uri + " is not a listed Migration KMS");
    }
    return Map.of("removed", uri);
  }
}
