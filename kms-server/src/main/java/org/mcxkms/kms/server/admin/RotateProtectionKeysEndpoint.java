package org.mcxkms.kms.server.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.server.error.KmsException;
import org.mcxkms.kms.server.extension.ClientKeyPolicy;
import org.mcxkms.kms.server.store.IdentityRecord;

/**
 * {@code POST keys/rotate {uri}}: starts an in-band rotation of a client's TrK/InK: new keys are
 * pending and travel to the client wrapped under its TrK (NewTransportKey/NewIntegrityKey); its
 * first use of them retires the old ones. Only the IDs are returned.
 */
final class RotateProtectionKeysEndpoint implements AdminEndpoint {
  private final Identities identities;
  private final ClientKeyPolicy clientKeys;

  RotateProtectionKeysEndpoint(Identities identities, ClientKeyPolicy clientKeys) {
    this.identities = identities;
    this.clientKeys = clientKeys;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    IdentityRecord r = identities.find(call.text("uri"));
    List<ProtectionKey> created;
    try {
      created = clientKeys.rotate(r.uri());
    } catch (KmsException e) {
      throw new AdminException(AdminError.CONFLICT, e.getMessage());
    }
    List<Map<String, Object>> pending = new ArrayList<>();
    for (ProtectionKey k : created) {
      Map<String, Object> km = new LinkedHashMap<>();
      km.put("key_id", k.id());
      km.put("kind", k.kind() == ProtectionKey.Kind.TRANSPORT ? "trk" : "ink");
      pending.add(km);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uri", r.uri());
    m.put("pending", pending);
    return m;
  }
}
