package org.mcxkms.kms.server.admin;

import org.mcxkms.kms.server.store.KmsStore;

/** {@code POST grants/remove {server, target}}: withdraws a grant. */
final class RemoveGrantEndpoint implements AdminEndpoint {
  private final KmsStore store;
  private final Identities identities;

  RemoveGrantEndpoint(KmsStore store, Identities identities) {
    this.store = store;
    this.identities = identities;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    String server = call.text("server");
    String target = Identities.checkUri("target", call.text("target"));
    identities.find(server);
    if (!store.removeGrant(server, target)) {
      throw new AdminException(AdminError.NOT_FOUND, server + " holds no grant for " + target);
    }
    return identities.show(server);
  }
}
