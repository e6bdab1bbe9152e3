package org.mcxkms.kms.server.seal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;

/**
 * The key-encryption key (256 bits) that seals the master secrets: derived from an operator
 * passphrase with Argon2id (RFC 9106, memory-hard) or read from a key file. Never printed.
 */
public final class Kek {
  public static final int LENGTH = 32;
  private final SecretBytes key;

  private Kek(SecretBytes key) {
    this.key = key;
  }

  public static Kek of(SecretBytes key) {
    if (key.length() != LENGTH) {
      throw new IllegalArgumentException("a KEK has " + LENGTH + " octets, got " + key.length());
    }
    return new Kek(key);
  }

  /** Argon2id (version 0x13) of the UTF-8 passphrase under {@code params}. */
  public static Kek fromPassphrase(char[] passphrase, KdfParams params) {
    Argon2Parameters p =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(params.salt())
            .withMemoryAsKB(params.memoryKib())
            .withIterations(params.iterations())
            .withParallelism(params.parallelism())
            .build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(p);
    byte[] out = new byte[LENGTH];
    gen.generateBytes(passphrase, out);
    try {
      return new Kek(SecretBytes.copyOf(out, SecretAccess.get()));
    } finally {
      Arrays.fill(out, (byte) 0);
    }
  }

  SecretKeySpec aesKey() {
    byte[] b = key.toByteArray(SecretAccess.get());
    try {
      return new SecretKeySpec(b, "AES");
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /**
   * A public check value: HMAC-SHA256(KEK, "mcx-kms kek-check v1" || domainId), hex. Stored with
   * the domain, it tells "wrong passphrase or key file" apart from "seal tampered with".
   */
  public String checkValue(String domainId) {
    byte[] b = key.toByteArray(SecretAccess.get());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(b, "HmacSHA256"));
      mac.update("mcx-kms kek-check v1".getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) 0);
      return HexFormat.of().formatHex(mac.doFinal(domainId.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /** Constant-time comparison of this KEK's check value with a stored one. */
  public boolean matches(String domainId, String storedCheck) {
    return MessageDigest.isEqual(
        checkValue(domainId).getBytes(StandardCharsets.US_ASCII),
        storedCheck.getBytes(StandardCharsets.US_ASCII));
  }

  public void destroy() {
    key.destroy();
  }

  @Override
  public String toString() {
    return "Kek[redacted]";
  }
}
