package org.mcxkms.kms.server.http;

import org.mcxkms.kms.protocol.KmsInit;
import org.mcxkms.kms.server.core.KmsService;
import org.mcxkms.kms.server.error.KmsException;

/** KMS Initialize (D.1, D.3.1): the Root KMS certificate. */
final class InitEndpoint implements KmsEndpoint {
  private final KmsService service;

  InitEndpoint(KmsService service) {
    this.service = service;
  }

  @Override
  public Result handle(Call call) throws KmsException {
    KmsService.InitResult r = service.init(call.caller());
    return new Result(KmsInit.of(KmsDocuments.certificate(service.domain(), r.certificate())),
        call.caller().identity(), java.util.List.of(), "certificate " + r.certificate().number());
  }
}
