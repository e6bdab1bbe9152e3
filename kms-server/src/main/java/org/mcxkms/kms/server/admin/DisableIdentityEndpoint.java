package org.mcxkms.kms.server.admin;

import org.mcxkms.kms.server.issue.KeySetIssuer;
import org.mcxkms.kms.server.store.IdentityStatus;
import org.mcxkms.kms.server.store.KmsStore;

/** {@code POST identities/disable {uri}}: a reversible stop; the same keys come back when re-enabled. */
final class DisableIdentityEndpoint implements AdminEndpoint {
  private final KmsStore store;
  private final Identities identities;
  private final KeySetIssuer issuer;

  DisableIdentityEndpoint(KmsStore store, Identities identities, KeySetIssuer issuer) {
    this.store = store;
    this.identities = identities;
    this.issuer = issuer;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    String uri = identities.find(call.text("uri")).uri();
    store.setStatus(uri, IdentityStatus.DISABLED);
    issuer.evict(uri);
    return identities.show(uri);
  }
}
