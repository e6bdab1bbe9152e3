package org.mcxkms.mikey;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.mikey.kdf.MikeyKdf;
import org.mcxkms.mikey.wire.ByteString;
import org.mcxkms.mikey.wire.KeyParameters;
import org.mcxkms.mikey.wire.KeyParametersExtension;
import org.mcxkms.mikey.wire.MikeyParseException;

/**
 * Protects the key parameters of GENERAL EXTENSION 7 (TS 33.180 E.6.1, 8.5.4): AES-128-GCM under
 * DPCK = KDF(distributed key, FC 0x53, DPPK-ID), DPPK-ID = CSB ID, the whole 16-octet IV as the GCM
 * nonce, and the first 32 octets of the structure (message type .. DPPK-ID) as associated data.
 * This is the layout both Streamwide and Alea produce (verified by decrypting their messages).
 */
public final class KeyParametersCipher {
  private KeyParametersCipher() {}

  /** Encrypts {@code params} for the message whose CSB ID is {@code csbId}. */
  public static KeyParametersExtension.Protected seal(
      SecretBytes key, int csbId, KeyParameters params, int messageType, long dateTime, SecureRandom random) {
    byte[] iv = new byte[KeyParametersExtension.IV_LENGTH];
    random.nextBytes(iv);
    KeyParametersExtension.Protected shell = new KeyParametersExtension.Protected(
        messageType, dateTime, 0, 0, KeyParametersExtension.ALGORITHM_AES_128_GCM, ByteString.of(iv), csbId, 0,
        ByteString.EMPTY);
    byte[] plain = params.encode();
    try {
      byte[] ct = run(Cipher.ENCRYPT_MODE, key, csbId, iv, shell.associatedData(), plain);
      return new KeyParametersExtension.Protected(
          messageType, dateTime, 0, 0, KeyParametersExtension.ALGORITHM_AES_128_GCM, ByteString.of(iv), csbId, 0,
          ByteString.of(ct));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Decrypts and parses the key parameters.
   *
   * @throws MikeyRejectedException (KEY_PARAMETERS_INVALID) if the DPPK-ID is not the CSB ID, the
   *     GCM tag does not verify, or the plaintext does not parse
   */
  public static KeyParameters open(SecretBytes key, int csbId, KeyParametersExtension.Protected p)
      throws MikeyRejectedException {
    if (p.dppkId() != csbId) {
      throw new MikeyRejectedException(MikeyRejectedException.Reason.KEY_PARAMETERS_INVALID,
          "DPPK-ID " + Integer.toHexString(p.dppkId()) + " is not the CSB ID " + Integer.toHexString(csbId) + " (TS 33.180 E.6.1)");
    }
    byte[] plain = null;
    try {
      plain = run(Cipher.DECRYPT_MODE, key, csbId, p.iv().toByteArray(), p.associatedData(), p.ciphertext().toByteArray());
      return KeyParameters.decode(plain, 0);
    } catch (AEADBadTagException e) {
      throw new MikeyRejectedException(MikeyRejectedException.Reason.KEY_PARAMETERS_INVALID,
          "the key parameters do not authenticate under the distributed key");
    } catch (MikeyParseException e) {
      throw new MikeyRejectedException(MikeyRejectedException.Reason.KEY_PARAMETERS_INVALID,
          "decrypted key parameters are malformed: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  private static byte[] run(int mode, SecretBytes key, int csbId, byte[] iv, byte[] aad, byte[] input)
      throws GeneralSecurityException {
    SecretBytes dpck = MikeyKdf.dpck(key, csbId);
    byte[] k = dpck.toByteArray(SecretAccess.get());
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(k, "AES"), new GCMParameterSpec(8 * KeyParametersExtension.TAG_LENGTH, iv));
      c.updateAAD(aad);
      return c.doFinal(input);
    } finally {
      Arrays.fill(k, (byte) 0);
      dpck.destroy();
    }
  }
}
