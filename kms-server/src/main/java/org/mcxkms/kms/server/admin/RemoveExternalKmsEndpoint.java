package org.mcxkms.kms.server.admin;

import java.util.Map;
import org.mcxkms.kms.server.domain.ExternalKmss;

/** {@code POST external-kms/remove {kms_uri}}: stops trusting and publishing a partner KMS. */
final class RemoveExternalKmsEndpoint implements AdminEndpoint {
  private final ExternalKmss externals;

  RemoveExternalKmsEndpoint(ExternalKmss externals) {
    this.externals = externals;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    String uri = call.text("kms_uri");
    if (!externals.remove(uri)) {
      throw new AdminException(AdminError.NOT_FOUND, "no External KMS certificate of " + uri + " is imported");
    }
    return Map.of("removed", uri);
  }
}
