package org.mcxkms.kms.server.admin;

import java.time.Clock;
import org.mcxkms.kms.server.domain.ExternalKmss;

/** {@code GET external-kms}: the imported External KMS certificates with their state. */
final class ListExternalKmsEndpoint implements AdminEndpoint {
  private final ExternalKmss externals;
  private final Clock clock;

  ListExternalKmsEndpoint(ExternalKmss externals, Clock clock) {
    this.externals = externals;
    this.clock = clock;
  }

  @Override
  public Object handle(AdminCall call) {
    return externals.all(clock.instant()).stream().map(ExternalKmsViews::view).toList();
  }
}
