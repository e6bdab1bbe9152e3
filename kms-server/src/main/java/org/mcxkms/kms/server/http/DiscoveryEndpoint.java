package org.mcxkms.kms.server.http;

import org.mcxkms.kms.server.core.KmsOutcome;
import org.mcxkms.kms.server.core.KmsService;
import org.mcxkms.kms.server.error.KmsException;

/**
 * KMS Discovery Lookup (TS 33.180 D.1, Rel-17) at {@code discovery/<user URI>} (path and content
 * UNCONFIRMED): the KMS URI of a user, answered with a {@code KmsLookup}.
 */
final class DiscoveryEndpoint implements KmsEndpoint {
  private final KmsService service;

  DiscoveryEndpoint(KmsService service) {
    this.service = service;
  }

  @Override
  public KmsOutcome handle(Call call) throws KmsException {
    return service.lookup(call.caller(), call.route().userUri());
  }
}
