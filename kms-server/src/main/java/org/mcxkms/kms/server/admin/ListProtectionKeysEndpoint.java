package org.mcxkms.kms.server.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mcxkms.kms.server.store.KmsStore;
import org.mcxkms.kms.server.store.ProtectionKeyRecord;

/** {@code GET keys?uri=U}: the TrK/InK IDs of an identity, pending or not; never the keys. */
final class ListProtectionKeysEndpoint implements AdminEndpoint {
  private final KmsStore store;
  private final Identities identities;

  ListProtectionKeysEndpoint(KmsStore store, Identities identities) {
    this.store = store;
    this.identities = identities;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    String uri = identities.find(call.query("uri")).uri();
    Set<String> pending = store.pendingProtectionKeys(uri);
    List<Map<String, Object>> out = new ArrayList<>();
    for (ProtectionKeyRecord r : store.protectionKeys(uri)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key_id", r.keyId());
      m.put("kind", "TRANSPORT".equals(r.kind()) ? "trk" : "ink");
      m.put("created_at", r.createdAt().toString());
      m.put("pending", pending.contains(r.keyId()));
      out.add(m);
    }
    return out;
  }
}
