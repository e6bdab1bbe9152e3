package org.mcxkms.kms.server.http;

import org.mcxkms.kms.server.core.KmsOutcome;
import org.mcxkms.kms.server.core.KmsService;
import org.mcxkms.kms.server.error.KmsException;

/**
 * KMS CertCache (TS 33.180 D.2, D.3.1): the certificates of this KMS still within their validity,
 * with the cache number; {@code certcache/<n>} with the latest number returns none.
 */
final class CertCacheEndpoint implements KmsEndpoint {
  private final KmsService service;

  CertCacheEndpoint(KmsService service) {
    this.service = service;
  }

  @Override
  public KmsOutcome handle(Call call) throws KmsException {
    return service.certCache(call.caller(), call.route().cacheNum());
  }
}
