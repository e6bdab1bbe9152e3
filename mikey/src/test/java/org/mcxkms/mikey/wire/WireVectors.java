package org.mcxkms.mikey.wire;

import java.lang.reflect.Field;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The six vendor I_MESSAGEs as octets (read from the shared VendorVectors by reflection). */
final class WireVectors {
  private WireVectors() {}

  static byte[] decode(String b64) {
    return Base64.getDecoder().decode(b64);
  }

  static String constant(String name) {
    try {
      Class<?> c = Class.forName("org.mcxkms.mikey.VendorVectors");
      Field f = c.getDeclaredField(name);
      f.setAccessible(true);
      return (String) f.get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, byte[]> all() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (String n : new String[] {"SW_TEST1_GMK", "SW_TEST2_CSK", "SW_TEST3_PCK", "SW_TEST4_GMK_LEGACY", "ALEA_GMK_MSG", "ALEA_CSK_MSG"}) {
      m.put(n, decode(constant(n)));
    }
    return m;
  }
}
