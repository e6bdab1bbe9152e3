package org.mcxkms.kms.server.admin;

import java.time.Clock;
import java.util.Locale;
import org.mcxkms.kms.server.store.ConflictException;
import org.mcxkms.kms.server.store.IdentityKind;
import org.mcxkms.kms.server.store.IdentityRecord;
import org.mcxkms.kms.server.store.IdentityStatus;
import org.mcxkms.kms.server.store.KmsStore;

/** {@code POST identities {uri, kind: user|server}}: registers a user or a server entity. */
final class AddIdentityEndpoint implements AdminEndpoint {
  private final KmsStore store;
  private final Identities identities;
  private final Clock clock;

  AddIdentityEndpoint(KmsStore store, Identities identities, Clock clock) {
    this.store = store;
    this.identities = identities;
    this.clock = clock;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    String uri = Identities.checkUri("uri", call.text("uri"));
    String kind = call.body().path("kind").asText("user");
    IdentityKind k;
    try {
      k = IdentityKind.valueOf(kind.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new AdminException(AdminError.BAD_REQUEST, "kind must be 'user' or 'server'");
    }
    try {
      store.addIdentity(new IdentityRecord(uri, k, IdentityStatus.ENABLED, clock.instant(), null, null));
    } catch (ConflictException e) {
      throw new AdminException(AdminError.CONFLICT, uri + " is already registered");
    }
    return identities.show(uri);
  }
}
