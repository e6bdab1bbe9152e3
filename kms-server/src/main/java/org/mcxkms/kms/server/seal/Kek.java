package org.mcxkms.kms.server.seal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;

/**
 * The key-encryption key (AES-256) that seals the master secrets: derived from an operator
 * passphrase with Argon2id (RFC 9106, memory-hard), read from a key file, or a non-extractable key
 * inside a PKCS#11 token, where every seal and unseal runs (AES-GCM, PKCS#11 v2.40 CKM_AES_GCM)
 * and the key octets never reach this process. Never printed.
 */
public final class Kek {
  public static final int LENGTH = 32;
  private static final SecureRandom CHECK_NONCES = new SecureRandom();
  private static final int CHECK_BLOCK = 16;

  /** A key in memory (passphrase or key file), or null. */
  private final SecretBytes key;
  /** A key in a token, with the provider of that token, or null. */
  private final SecretKey tokenKey;
  private final Provider provider;
  private final String label;

  private Kek(SecretBytes key, SecretKey tokenKey, Provider provider, String label) {
    this.key = key;
    this.tokenKey = tokenKey;
    this.provider = provider;
    this.label = label;
  }

  public static Kek of(SecretBytes key) {
    if (key.length() != LENGTH) {
      throw new IllegalArgumentException("a KEK has " + LENGTH + " octets, got " + key.length());
    }
    return new Kek(key, null, null, null);
  }

  /** The key labelled {@code label} inside a token, used through that token's provider. */
  static Kek inToken(SecretKey tokenKey, Provider provider, String label) {
    return new Kek(null, tokenKey, provider, label);
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
      return of(SecretBytes.copyOf(out, SecretAccess.get()));
    } finally {
      Arrays.fill(out, (byte) 0);
    }
  }

  /** Whether the key lives in a PKCS#11 token (and never in this process). */
  public boolean inToken() {
    return tokenKey != null;
  }

  /** The token key's label, or null for a key in memory. */
  public String label() {
    return label;
  }

  /**
   * An AES/GCM/NoPadding cipher initialised with this key: the software one for a key in memory,
   * the token's for a token key (the operation runs inside the token).
   */
  Cipher gcm(int mode, GCMParameterSpec spec) throws GeneralSecurityException {
    if (tokenKey != null) {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding", provider);
      c.init(mode, tokenKey, spec);
      return c;
    }
    byte[] b = key.toByteArray(SecretAccess.get());
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(b, "AES"), spec);
      return c;
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /**
   * A public check value stored with the domain; it tells "wrong passphrase, key file or token
   * key" apart from "seal tampered with". For a key in memory: HMAC-SHA256(KEK, "mcx-kms kek-check
   * v1" || 0x00 || domainId), hex. A token AES key cannot compute an HMAC, so for a token key:
   * {@code "gcm." || base64url(nonce (12) || ciphertext (16) || tag (16))}, 16 zero octets
   * encrypted in the token with AES-GCM under a fresh random nonce and that same string as
   * associated data. (Not the tag of an empty message: the JDK 17 PKCS#11 wrapper crashes the JVM
   * on a zero-length C_Encrypt.)
   */
  public String checkValue(String domainId) {
    if (tokenKey != null) {
      byte[] nonce = new byte[12];
      CHECK_NONCES.nextBytes(nonce);
      try {
        Cipher c = gcm(Cipher.ENCRYPT_MODE, new GCMParameterSpec(128, nonce));
        c.updateAAD(checkInput(domainId));
        byte[] ct = c.doFinal(new byte[CHECK_BLOCK]);
        return "gcm." + Base64.getUrlEncoder().withoutPadding()
            .encodeToString(ByteBuffer.allocate(nonce.length + ct.length).put(nonce).put(ct).array());
      } catch (GeneralSecurityException | ProviderException e) {
        throw new IllegalStateException("the token did not compute the KEK check value: " + e.getMessage(), e);
      }
    }
    byte[] b = key.toByteArray(SecretAccess.get());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(b, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(checkInput(domainId)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /** Whether this KEK produced {@code storedCheck} for the domain (constant time for a key in memory). */
  public boolean matches(String domainId, String storedCheck) throws TokenException {
    if (tokenKey == null) {
      return MessageDigest.isEqual(
          checkValue(domainId).getBytes(StandardCharsets.US_ASCII),
          storedCheck.getBytes(StandardCharsets.US_ASCII));
    }
    if (!storedCheck.startsWith("gcm.")) {
      return false;
    }
    byte[] in;
    try {
      in = Base64.getUrlDecoder().decode(storedCheck.substring(4));
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (in.length != 12 + CHECK_BLOCK + 16) {
      return false;
    }
    try {
      Cipher c = gcm(Cipher.DECRYPT_MODE, new GCMParameterSpec(128, in, 0, 12));
      c.updateAAD(checkInput(domainId));
      return MessageDigest.isEqual(c.doFinal(in, 12, in.length - 12), new byte[CHECK_BLOCK]);
    } catch (AEADBadTagException e) {
      return false;
    } catch (GeneralSecurityException | ProviderException e) {
      throw new TokenException(TokenException.Reason.TOKEN_FAILED,
          "the token failed to check key '" + label + "': " + e.getMessage());
    }
  }

  private static byte[] checkInput(String domainId) {
    byte[] label = "mcx-kms kek-check v1".getBytes(StandardCharsets.US_ASCII);
    byte[] d = domainId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(label.length + 1 + d.length).put(label).put((byte) 0).put(d).array();
  }

  /** Wipes a key in memory; a token key stays in its token (the operator deletes it there). */
  public void destroy() {
    if (key != null) {
      key.destroy();
    }
  }

  @Override
  public String toString() {
    return tokenKey != null ? "Kek[token key '" + label + "']" : "Kek[redacted]";
  }
}
