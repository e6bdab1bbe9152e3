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

  public KdfParams {
    if (memoryKib < 8 || iterations < 1 || parallelism < 1 || salt == null || salt.length < 16) {
      throw new IllegalArgumentException("weak or malformed Argon2id parameters");
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
        Integer.parseInt(kv.get("m")),
        Integer.parseInt(kv.get("t")),
        Integer.parseInt(kv.get("p")),
        HexFormat.of().parseHex(kv.get("salt")));
  }
}
