package org.mcxkms.kms.server.admin;

import org.mcxkms.kms.server.store.IdentityStatus;
import org.mcxkms.kms.server.store.KmsStore;

/** {@code POST identities/enable {uri}}: re-enables; a revoked identity only for periods after its revoked ones. */
final class EnableIdentityEndpoint implements AdminEndpoint {
  private final KmsStore store;
  private final Identities identities;

  EnableIdentityEndpoint(KmsStore store, Identities identities) {
    this.store = store;
    this.identities = identities;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    String uri = identities.find(call.text("uri")).uri();
    store.setStatus(uri, IdentityStatus.ENABLED);
    return identities.show(uri);
  }
}
