package org.mcxkms.kms.server.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcxkms.kms.server.domain.CertificateKeys;
import org.mcxkms.kms.server.domain.SecurityDomain;

/** {@code GET certificates}: every KMS certificate with its state (current, published, expired). */
final class ListCertificatesEndpoint implements AdminEndpoint {
  private final SecurityDomain domain;
  private final Clock clock;

  ListCertificatesEndpoint(SecurityDomain domain, Clock clock) {
    this.domain = domain;
    this.clock = clock;
  }

  @Override
  public Object handle(AdminCall call) {
    return certificates(domain, clock.instant());
  }

  static List<Map<String, Object>> certificates(SecurityDomain domain, Instant now) {
    Integer current = domain.current(now).map(CertificateKeys::number).orElse(null);
    List<Map<String, Object>> out = new ArrayList<>();
    for (CertificateKeys c : domain.certificates()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("number", c.number());
      m.put("cert_uri", c.certUri());
      m.put("valid_from", c.validFrom().toString());
      m.put("valid_to", c.validTo().toString());
      m.put("state", current != null && c.number() == current ? "current" : c.validAt(now) ? "published" : "expired");
      m.put("pub_auth_key", HexFormat.of().formatHex(c.pubAuthKey()));
      m.put("pub_enc_key", HexFormat.of().formatHex(c.pubEncKey()));
      out.add(m);
    }
    return out;
  }
}
