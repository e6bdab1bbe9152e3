package org.mcxkms.kms.server.admin;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.protocol.KmsXmlWriter;
import org.mcxkms.kms.server.domain.ExternalKmss;
import org.mcxkms.kms.server.domain.RootCertificates;
import org.mcxkms.kms.server.domain.SecurityDomain;

/**
 * {@code GET external-kms/own}: this KMS's current certificate as a KmsCertificate document and its
 * fingerprint, to hand to a partner operator who imports it as an External KMS.
 */
final class ExportOwnCertificateEndpoint implements AdminEndpoint {
  private final SecurityDomain domain;
  private final Clock clock;

  ExportOwnCertificateEndpoint(SecurityDomain domain, Clock clock) {
    this.domain = domain;
    this.clock = clock;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    KmsCertificate c = RootCertificates.of(domain, domain.current(clock.instant()).orElseThrow(() ->
        new AdminException(AdminError.CONFLICT, "no KMS certificate is valid now; rotate the certificate first")));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kms_uri", c.kmsUri());
    m.put("fingerprint", ExternalKmss.fingerprint(c));
    m.put("certificate", new String(KmsXmlWriter.create().write(c), StandardCharsets.UTF_8));
    return m;
  }
}
