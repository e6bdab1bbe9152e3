package org.mcxkms.kms.server.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mcxkms.kms.server.store.IdentityRecord;
import org.mcxkms.kms.server.store.KmsStore;

/** {@code GET identities}: every registered identity. */
final class ListIdentitiesEndpoint implements AdminEndpoint {
  private final KmsStore store;
  private final Identities identities;

  ListIdentitiesEndpoint(KmsStore store, Identities identities) {
    this.store = store;
    this.identities = identities;
  }

  @Override
  public Object handle(AdminCall call) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (IdentityRecord r : store.identities()) {
      out.add(identities.describe(r));
    }
    return out;
  }
}
