package org.mcxkms.kms.server.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mcxkms.kms.server.store.MigrationKmsRecord;

/** The JSON view of a Migration KMS (public data only). */
final class MigrationKmsViews {
  private MigrationKmsViews() {}

  static Map<String, Object> view(MigrationKmsRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kms_uri", r.kmsUri());
    m.put("kms_url", r.kmsUrl());
    m.put("tls_pin", r.tlsPin());
    m.put("added_at", r.addedAt().toString());
    return m;
  }
}
