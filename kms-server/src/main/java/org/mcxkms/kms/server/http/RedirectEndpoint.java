package org.mcxkms.kms.server.http;

import org.mcxkms.kms.server.core.KmsOutcome;
import org.mcxkms.kms.server.core.KmsService;
import org.mcxkms.kms.server.error.KmsException;

/**
 * Redirect (TS 33.180 5.3.1, D.2.2): a client uploads the KMS Redirect Responses (D.4) it received
 * or made, in the {@code KrrList} of its KmsRequest; they are verified and recorded.
 */
final class RedirectEndpoint implements KmsEndpoint {
  private final KmsService service;

  RedirectEndpoint(KmsService service) {
    this.service = service;
  }

  @Override
  public KmsOutcome handle(Call call) throws KmsException {
    return service.redirect(call.caller(), call.body() == null ? null : call.body().krrList().orElse(null));
  }
}
