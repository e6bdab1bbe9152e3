package org.mcxkms.kms.server.http;

import org.mcxkms.kms.server.core.KmsOutcome;
import org.mcxkms.kms.server.core.KmsService;
import org.mcxkms.kms.server.error.KmsException;

/** KMS Initialize (TS 33.180 D.2, D.3.1): the Root KMS certificate. */
final class InitEndpoint implements KmsEndpoint {
  private final KmsService service;

  InitEndpoint(KmsService service) {
    this.service = service;
  }

  @Override
  public KmsOutcome handle(Call call) throws KmsException {
    return service.init(call.caller());
  }
}
