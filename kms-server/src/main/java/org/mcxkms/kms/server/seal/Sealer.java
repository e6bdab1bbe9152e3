package org.mcxkms.kms.server.seal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;

/**
 * Seals secret octets with AES-256-GCM under the {@link Kek} (inside the token when the KEK is a
 * PKCS#11 key). The associated data binds the seal
 * format version, the domain id and the certificate number, so a seal moved to another domain or
 * certificate does not open.
 *
 * <pre>
 * sealed = "v1." || base64url( nonce (12) || ciphertext || tag (16) )
 * AD     = "mcx-kms seal v1" || 0x00 || domainId || 0x00 || certificate number (4, big-endian)
 *          (master secrets), or
 *          "mcx-kms seal v1" || 0x00 || domainId || 0x00 || "key:" || key ID (UTF-8)
 *          (a TrK/InK; 4+ octets after the second 0x00 with a "key:" prefix, so never equal to the above)
 * </pre>
 */
public final class Sealer {
  private static final String VERSION = "v1";
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;

  private final Kek kek;
  private final SecureRandom random;

  /** The KEK this sealer seals under. */
  public Kek kek() {
    return kek;
  }

  public Sealer(Kek kek, SecureRandom random) {
    this.kek = kek;
    this.random = random;
  }

  public String seal(SecretBytes secret, String domainId, int certNo) {
    return seal(secret, ad(domainId, certNo));
  }

  /** Seals a TrK/InK, bound to the domain and its key ID. */
  public String sealKey(SecretBytes secret, String domainId, String keyId) {
    return seal(secret, ad(domainId, keyId));
  }

  /** Opens a TrK/InK seal; {@code expectedLength} -1 accepts any length (re-sealing). */
  public SecretBytes openKey(String sealed, String domainId, String keyId, int expectedLength) throws SealException {
    return open(sealed, ad(domainId, keyId), "the sealed key " + keyId, expectedLength);
  }

  private String seal(SecretBytes secret, byte[] ad) {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    byte[] plain = secret.toByteArray(SecretAccess.get());
    try {
      Cipher c = kek.gcm(Cipher.ENCRYPT_MODE, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(ad);
      byte[] ct = c.doFinal(plain);
      byte[] out = ByteBuffer.allocate(NONCE + ct.length).put(nonce).put(ct).array();
      return VERSION + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException | ProviderException e) {
      throw new IllegalStateException(kek.inToken() ? "the seal token failed: " + e.getMessage() : "AES-GCM unavailable", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** Opens a seal; {@link SealException} if it is malformed, truncated or fails authentication. */
  public SecretBytes open(String sealed, String domainId, int certNo, int expectedLength) throws SealException {
    return open(sealed, ad(domainId, certNo), "the sealed master secrets of certificate " + certNo, expectedLength);
  }

  private SecretBytes open(String sealed, byte[] ad, String what, int expectedLength) throws SealException {
    if (sealed == null || !sealed.startsWith(VERSION + ".")) {
      throw new SealException(what + " are not a " + VERSION + " seal (damaged or from another version)");
    }
    byte[] in;
    try {
      in = Base64.getUrlDecoder().decode(sealed.substring(VERSION.length() + 1));
    } catch (IllegalArgumentException e) {
      throw new SealException(what + " are damaged (not base64url)");
    }
    if (expectedLength >= 0 ? in.length != NONCE + expectedLength + TAG_BITS / 8 : in.length < NONCE + TAG_BITS / 8) {
      throw new SealException(what + " are truncated or damaged (" + in.length + " octets)");
    }
    byte[] plain = null;
    try {
      Cipher c = kek.gcm(Cipher.DECRYPT_MODE, new GCMParameterSpec(TAG_BITS, in, 0, NONCE));
      c.updateAAD(ad);
      plain = c.doFinal(in, NONCE, in.length - NONCE);
      return SecretBytes.copyOf(plain, SecretAccess.get());
    } catch (AEADBadTagException e) {
      throw new SealException(what + " fail authentication: the seal was tampered with, or belongs to another domain, certificate or key");
    } catch (GeneralSecurityException | ProviderException e) {
      if (kek.inToken()) {
        throw new TokenException(TokenException.Reason.TOKEN_FAILED, "the seal token failed to open " + what + ": "
            + e.getMessage());
      }
      throw new IllegalStateException("AES-GCM unavailable", e);
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  private static byte[] ad(String domainId, String keyId) {
    byte[] d = domainId.getBytes(StandardCharsets.UTF_8);
    byte[] k = ("key:" + keyId).getBytes(StandardCharsets.UTF_8);
    byte[] label = "mcx-kms seal v1".getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(label.length + 1 + d.length + 1 + k.length)
        .put(label).put((byte) 0).put(d).put((byte) 0).put(k).array();
  }

  private static byte[] ad(String domainId, int certNo) {
    byte[] d = domainId.getBytes(StandardCharsets.UTF_8);
    byte[] label = "mcx-kms seal v1".getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(label.length + 1 + d.length + 1 + 4)
        .put(label).put((byte) 0).put(d).put((byte) 0).putInt(certNo).array();
  }
}
