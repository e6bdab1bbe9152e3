package org.mcxkms.kms.server.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mcxkms.kms.server.domain.CertificateKeys;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.issue.KeySetIssuer;
import org.mcxkms.kms.server.seal.SealException;
import org.mcxkms.kms.server.store.ConflictException;

/**
 * {@code POST certificates/rotate}: a new KMS certificate with fresh KSAK and z, valid from now;
 * key sets are issued under it from then on, so the cached ones of the old certificate are dropped.
 */
final class RotateCertificateEndpoint implements AdminEndpoint {
  private final SecurityDomain domain;
  private final KeySetIssuer issuer;

  RotateCertificateEndpoint(SecurityDomain domain, KeySetIssuer issuer) {
    this.domain = domain;
    this.issuer = issuer;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    CertificateKeys c;
    try {
      c = domain.rotate();
    } catch (ConflictException e) {
      throw new AdminException(AdminError.CONFLICT, "another node rotated the certificate at the same time; try again");
    } catch (SealException e) {
      throw new AdminException(AdminError.INTERNAL, e.getMessage());
    }
    issuer.clear();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("number", c.number());
    m.put("cert_uri", c.certUri());
    m.put("valid_from", c.validFrom().toString());
    m.put("valid_to", c.validTo().toString());
    return m;
  }
}
