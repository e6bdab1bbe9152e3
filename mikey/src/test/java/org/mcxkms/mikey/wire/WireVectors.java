package org.mcxkms.mikey.wire;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mcxkms.mikey.MikeyText;
import org.mcxkms.testkit.VendorVectors;

/** The six vendor I_MESSAGEs of {@link VendorVectors} as octets. */
final class WireVectors {
  private WireVectors() {}

  static byte[] decode(String b64) {
    return MikeyText.decode(b64);
  }

  static Map<String, byte[]> all() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("SW_TEST1_GMK", decode(VendorVectors.SW_TEST1_GMK));
    m.put("SW_TEST2_CSK", decode(VendorVectors.SW_TEST2_CSK));
    m.put("SW_TEST3_PCK", decode(VendorVectors.SW_TEST3_PCK));
    m.put("SW_TEST4_GMK_LEGACY", decode(VendorVectors.SW_TEST4_GMK_LEGACY));
    m.put("ALEA_GMK_MSG", decode(VendorVectors.ALEA_GMK_MSG));
    m.put("ALEA_CSK_MSG", decode(VendorVectors.ALEA_CSK_MSG));
    return m;
  }
}
