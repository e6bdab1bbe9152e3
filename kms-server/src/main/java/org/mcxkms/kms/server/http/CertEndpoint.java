package org.mcxkms.kms.server.http;

import org.mcxkms.kms.server.core.KmsOutcome;
import org.mcxkms.kms.server.core.KmsService;
import org.mcxkms.kms.server.error.KmsException;

/**
 * KMS Cert (TS 33.180 D.1, Rel-17) at {@code cert/<KMS URI>} (path UNCONFIRMED): the certificates
 * of one KMS, ours or an External KMS's, in a KmsCertCache (the schema has no other type).
 */
final class CertEndpoint implements KmsEndpoint {
  private final KmsService service;

  CertEndpoint(KmsService service) {
    this.service = service;
  }

  @Override
  public KmsOutcome handle(Call call) throws KmsException {
    return service.cert(call.caller(), call.route().kmsUri());
  }
}
