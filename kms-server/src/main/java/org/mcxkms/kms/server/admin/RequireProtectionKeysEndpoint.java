package org.mcxkms.kms.server.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mcxkms.kms.server.extension.ClientKeyPolicy;
import org.mcxkms.kms.server.store.IdentityRecord;

/**
 * {@code POST keys/require {uri, required?}}: whether the client must use the security extension
 * (signed requests, TrK-ID when it has a TrK).
 */
final class RequireProtectionKeysEndpoint implements AdminEndpoint {
  private final Identities identities;
  private final ClientKeyPolicy clientKeys;

  RequireProtectionKeysEndpoint(Identities identities, ClientKeyPolicy clientKeys) {
    this.identities = identities;
    this.clientKeys = clientKeys;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    IdentityRecord r = identities.find(call.text("uri"));
    clientKeys.setRequired(r.uri(), call.flag("required", true));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uri", r.uri());
    m.put("required", clientKeys.required(r.uri()));
    return m;
  }
}
