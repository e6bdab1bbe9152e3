package org.mcxkms.kms.server.admin;

import java.util.Map;
import org.mcxkms.kms.server.store.KmsStore;

/** {@code POST keys/remove {key_id}}: the key stops working at once on every node. */
final class RemoveProtectionKeyEndpoint implements AdminEndpoint {
  private final KmsStore store;

  RemoveProtectionKeyEndpoint(KmsStore store) {
    this.store = store;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    String keyId = Identities.checkName("key_id", call.text("key_id"));
    if (!store.removeProtectionKey(keyId)) {
      throw new AdminException(AdminError.NOT_FOUND, "no key " + keyId);
    }
    return Map.of("removed", keyId);
  }
}
