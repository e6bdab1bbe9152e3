package org.mcxkms.kms.server.admin;

import java.time.Clock;
import java.util.Locale;
import org.mcxkms.kms.server.domain.MigrationKmsException;
import org.mcxkms.kms.server.domain.MigrationKmss;

/**
 * {@code POST migration-kms {kms_uri, kms_url, tls_pin?}}: permits this domain's clients to obtain
 * key material from a Migration KMS (TS 33.180 5.3.1). A refusal names its reason and stores
 * nothing.
 */
final class AddMigrationKmsEndpoint implements AdminEndpoint {
  private final MigrationKmss migrations;
  private final Clock clock;

  AddMigrationKmsEndpoint(MigrationKmss migrations, Clock clock) {
    this.migrations = migrations;
    this.clock = clock;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    String uri = call.text("kms_uri");
    String url = call.text("kms_url");
    String pin = call.optionalText("tls_pin");
    try {
      migrations.add(uri, url, pin, clock.instant());
    } catch (MigrationKmsException e) {
      AdminError error = e.reason() == MigrationKmsException.Reason.ALREADY_LISTED
          ? AdminError.CONFLICT : AdminError.BAD_REQUEST;
      throw new AdminException(error, e.reason().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
    }
    return migrations.records().stream().filter(r -> r.kmsUri().equals(uri)).map(MigrationKmsViews::view)
        .findFirst()
        .orElseThrow(() -> new AdminException(AdminError.CONFLICT, uri + " was removed meanwhile"));
  }
}
