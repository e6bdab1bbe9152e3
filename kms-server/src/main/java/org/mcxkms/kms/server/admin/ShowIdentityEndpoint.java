package org.mcxkms.kms.server.admin;

/** {@code GET identity?uri=U}: one identity, with the grants of a server entity. */
final class ShowIdentityEndpoint implements AdminEndpoint {
  private final Identities identities;

  ShowIdentityEndpoint(Identities identities) {
    this.identities = identities;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    return identities.show(call.query("uri"));
  }
}
