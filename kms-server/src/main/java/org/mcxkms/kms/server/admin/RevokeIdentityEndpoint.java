package org.mcxkms.kms.server.admin;

import java.time.Clock;
import java.time.Instant;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.kms.server.core.PeriodWindow;
import org.mcxkms.kms.server.issue.KeySetIssuer;
import org.mcxkms.kms.server.store.KmsStore;

/**
 * {@code POST identities/revoke {uri}}: revokes at once: status REVOKED, and every key set up to
 * the last period already handed out (the current one plus the prefetch window) is revoked for
 * good, because it is derived deterministically and may be in the wrong hands.
 */
final class RevokeIdentityEndpoint implements AdminEndpoint {
  private final KmsStore store;
  private final Identities identities;
  private final KeySetIssuer issuer;
  private final KeyPeriodPolicy policy;
  private final PeriodWindow window;
  private final Clock clock;

  RevokeIdentityEndpoint(KmsStore store, Identities identities, KeySetIssuer issuer, KeyPeriodPolicy policy,
      PeriodWindow window, Clock clock) {
    this.store = store;
    this.identities = identities;
    this.issuer = issuer;
    this.policy = policy;
    this.window = window;
    this.clock = clock;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    String uri = identities.find(call.text("uri")).uri();
    Instant now = clock.instant();
    store.revoke(uri, now, window.last(policy, NtpTime.of(now).seconds()));
    issuer.evict(uri);
    return identities.show(uri);
  }
}
