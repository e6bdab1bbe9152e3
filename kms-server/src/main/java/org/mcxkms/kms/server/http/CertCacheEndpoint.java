package org.mcxkms.kms.server.http;

import java.util.ArrayList;
import java.util.List;
import org.mcxkms.kms.protocol.KmsCertCache;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.server.core.KmsService;
import org.mcxkms.kms.server.domain.CertificateKeys;
import org.mcxkms.kms.server.error.KmsException;

/**
 * KMS CertCache (D.2, D.3.1): the certificates of this KMS still within their validity, with the
 * cache number; {@code certcache/<n>} with the latest number returns none.
 */
final class CertCacheEndpoint implements KmsEndpoint {
  private final KmsService service;

  CertCacheEndpoint(KmsService service) {
    this.service = service;
  }

  @Override
  public Result handle(Call call) throws KmsException {
    KmsService.CertCacheResult r = service.certCache(call.caller(), call.route().cacheNum());
    List<KmsCertificate> certificates = new ArrayList<>();
    for (CertificateKeys c : r.certificates()) {
      certificates.add(KmsDocuments.certificate(service.domain(), c));
    }
    return new Result(KmsCertCache.of(r.cacheNum(), certificates), call.caller().identity(), java.util.List.of(),
        "cache " + r.cacheNum() + ", " + r.certificates().size() + " certificate(s)");
  }
}
