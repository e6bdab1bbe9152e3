package org.mcxkms.kms.server.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.server.domain.ExternalKmss;

/** The JSON view of an External KMS certificate (public data only). */
final class ExternalKmsViews {
  private ExternalKmsViews() {}

  static Map<String, Object> view(ExternalKmss.Imported i) {
    KmsCertificate c = i.certificate();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kms_uri", c.kmsUri());
    m.put("fingerprint", i.record().fingerprint());
    m.put("cert_uri", c.certUri().orElse(null));
    m.put("valid_from", c.validFrom().map(Object::toString).orElse(null));
    m.put("valid_to", c.validTo().map(Object::toString).orElse(null));
    m.put("user_key_period", c.userKeyPeriod());
    m.put("user_key_offset", c.userKeyOffset());
    m.put("added_at", i.record().addedAt().toString());
    m.put("state", i.published() ? "published" : "expired");
    return m;
  }
}
