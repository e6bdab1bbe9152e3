package org.mcxkms.kms.server.admin;

import org.mcxkms.kms.server.store.ConflictException;
import org.mcxkms.kms.server.store.IdentityKind;
import org.mcxkms.kms.server.store.IdentityRecord;
import org.mcxkms.kms.server.store.KmsStore;

/** {@code POST grants {server, target}}: a server entity may obtain the keys of {@code target}. */
final class AddGrantEndpoint implements AdminEndpoint {
  private final KmsStore store;
  private final Identities identities;

  AddGrantEndpoint(KmsStore store, Identities identities) {
    this.store = store;
    this.identities = identities;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    String server = Identities.checkUri("server", call.text("server"));
    String target = Identities.checkUri("target", call.text("target"));
    IdentityRecord s = identities.find(server);
    if (s.kind() != IdentityKind.SERVER) {
      throw new AdminException(AdminError.BAD_REQUEST, server + " is a user; only server entities hold grants");
    }
    try {
      store.addGrant(server, target);
    } catch (ConflictException e) {
      throw new AdminException(AdminError.CONFLICT, e.getMessage());
    }
    return identities.show(server);
  }
}
