package org.mcxkms.mikey;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The KMS certificates a responder trusts, by KMS URI (the value of IDRkmsi): the home KMS and any
 * migration/external KMS certificates from the certificate cache (TS 33.180 5.3.1).
 */
@FunctionalInterface
public interface KmsDirectory {
  Optional<KmsParameters> find(String kmsUri);

  static KmsDirectory of(KmsParameters... kmss) {
    Map<String, KmsParameters> m = new HashMap<>();
    for (KmsParameters k : kmss) {
      m.put(k.kmsUri(), k);
    }
    Map<String, KmsParameters> copy = Map.copyOf(m);
    return uri -> Optional.ofNullable(copy.get(uri));
  }
}
