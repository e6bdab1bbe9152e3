package org.mcxkms.kms.server.seal;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Argon2id parameters of a passphrase seal, stored with the domain as
 * {@code argon2id;v=19;m=65536;t=3;p=1;salt=<hex>} so a later start derives the same KEK.
 */
public record KdfParams(int memoryKib, int iterations, int parallelism, byte[] salt) {
  public static final String PREFIX = "argon2id";
  /**
   * Upper bounds: these parameters are read back from the database (and from backup archives), so a
   * forged row must not make a start or a restore take hours or exhaust memory. 4 GiB and 100 passes
   * are far above any sensible setting (RFC 9106 4 recommends 2 GiB/1 pass or 64 MiB/3 passes); the
   * same bounds as the seal.argon2.* configuration keys.
   */
  public static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
  public static final int MAX_ITERATIONS = 100;
  public static final int MAX_PARALLELISM = 16;
  private static final int MAX_SALT = 64;

  public KdfParams {
    if (memoryKib < 8 || iterations < 1 || parallelism < 1 || salt == null || salt.length < 16) {
      throw new IllegalArgumentException("weak or malformed Argon2id parameters");
    }
    if (memoryKib > MAX_MEMORY_KIB || iterations > MAX_ITERATIONS || parallelism > MAX_PARALLELISM
        || salt.length > MAX_SALT) {
      throw new IllegalArgumentException("Argon2id parameters out of range (memory at most " + MAX_MEMORY_KIB
          + " KiB, at most " + MAX_ITERATIONS + " iterations, parallelism at most " + MAX_PARALLELISM
          + ", salt at most " + MAX_SALT + " octets)");
    }
    salt = salt.clone();
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  public String encode() {
    return PREFIX + ";v=19;m=" + memoryKib + ";t=" + iterations + ";p=" + parallelism + ";salt="
        + HexFormat.of().formatHex(salt);
  }

  public static KdfParams decode(String s) {
    String[] parts = s.split(";");
    if (parts.length == 0 || !PREFIX.equals(parts[0])) {
      throw new IllegalArgumentException("not Argon2id parameters: " + s);
    }
    Map<String, String> kv = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("malformed KDF parameter: " + parts[i]);
      }
      kv.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
    }
    if (!"19".equals(kv.get("v"))) {
      throw new IllegalArgumentException("unsupported Argon2 version: " + kv.get("v"));
    }
    return new KdfParams(
        Integer.parseInt(field(kv, "m")),
        Integer.parseInt(field(kv, "t")),
        Integer.parseInt(field(kv, "p")),
        HexFormat.of().parseHex(field(kv, "salt")));
  }

  private static String field(Map<String, String> kv, String name) {
    String v = kv.get(name);
    if (v == null) {
      throw new IllegalArgumentException("Argon2id parameters lack " + name);
    }
    return v;
  }
}
