package org.mcxkms.media.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM with one SRTP or SRTCP session key and salt (RFC 7714 8 and 9): the IV is the
 * 96-bit value of RFC 7714 8.1 / 9.1 XORed with the session salt, the tag is 16 octets. One
 * instance belongs to one direction of one session and is used under that direction's lock.
 *
 * <p>Built on the JDK's "AES/GCM/NoPadding" (AES-NI and CLMUL intrinsics). The JDK cipher's
 * {@code init} allocates a few small objects per packet (the parameter spec and its engine state);
 * nothing it allocates depends on the packet length, because input and output never overlap.
 */
final class AeadTransform {
  static final int TAG_LENGTH = 16;
  static final int SALT_LENGTH = 12;

  private final Cipher cipher;
  private final SecretKeySpec key;
  private final byte[] salt;
  private final byte[] iv = new byte[12];

  AeadTransform(byte[] sessionKey, byte[] sessionSalt) {
    if (sessionKey.length != 16 || sessionSalt.length != SALT_LENGTH) {
      throw new IllegalArgumentException("AEAD_AES_128_GCM needs a 16-octet key and a 12-octet salt");
    }
    this.key = new SecretKeySpec(sessionKey, "AES");
    this.salt = sessionSalt.clone();
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM unavailable", e);
    }
  }

  /** RFC 7714 8.1: 00 00 || SSRC || ROC || SEQ, XOR the salt. */
  private void rtpIv(int ssrc, int roc, int seq) {
    iv[0] = salt[0];
    iv[1] = salt[1];
    iv[2] = (byte) (salt[2] ^ (ssrc >>> 24));
    iv[3] = (byte) (salt[3] ^ (ssrc >>> 16));
    iv[4] = (byte) (salt[4] ^ (ssrc >>> 8));
    iv[5] = (byte) (salt[5] ^ ssrc);
    iv[6] = (byte) (salt[6] ^ (roc >>> 24));
    iv[7] = (byte) (salt[7] ^ (roc >>> 16));
    iv[8] = (byte) (salt[8] ^ (roc >>> 8));
    iv[9] = (byte) (salt[9] ^ roc);
    iv[10] = (byte) (salt[10] ^ (seq >>> 8));
    iv[11] = (byte) (salt[11] ^ seq);
  }

  /** RFC 7714 9.1: 00 00 || SSRC || 00 00 || 0 || 31-bit SRTCP index, XOR the salt. */
  private void rtcpIv(int ssrc, int index) {
    iv[0] = salt[0];
    iv[1] = salt[1];
    iv[2] = (byte) (salt[2] ^ (ssrc >>> 24));
    iv[3] = (byte) (salt[3] ^ (ssrc >>> 16));
    iv[4] = (byte) (salt[4] ^ (ssrc >>> 8));
    iv[5] = (byte) (salt[5] ^ ssrc);
    iv[6] = salt[6];
    iv[7] = salt[7];
    iv[8] = (byte) (salt[8] ^ ((index >>> 24) & 0x7F));
    iv[9] = (byte) (salt[9] ^ (index >>> 16));
    iv[10] = (byte) (salt[10] ^ (index >>> 8));
    iv[11] = (byte) (salt[11] ^ index);
  }

  /**
   * Encrypts {@code buf[ptOff, ptOff+ptLen)} in place, the tag following it; the associated data
   * is {@code buf[aadOff, aadOff+aadLen)} then {@code aad2[aad2Off, +aad2Len)} when aad2Len > 0.
   */
  void sealRtp(int ssrc, int roc, int seq, byte[] buf, int aadOff, int aadLen, int ptOff, int ptLen, byte[] scratch)
      throws GeneralSecurityException {
    rtpIv(ssrc, roc, seq);
    seal(buf, aadOff, aadLen, null, 0, 0, ptOff, ptLen, scratch);
  }

  void sealRtcp(int ssrc, int index, byte[] buf, int aadOff, int aadLen, byte[] aad2, int aad2Off, int aad2Len,
      int ptOff, int ptLen, byte[] scratch) throws GeneralSecurityException {
    rtcpIv(ssrc, index);
    seal(buf, aadOff, aadLen, aad2, aad2Off, aad2Len, ptOff, ptLen, scratch);
  }

  private void seal(byte[] buf, int aadOff, int aadLen, byte[] aad2, int aad2Off, int aad2Len, int ptOff, int ptLen,
      byte[] scratch) throws GeneralSecurityException {
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
    cipher.updateAAD(buf, aadOff, aadLen);
    if (aad2Len > 0) {
      cipher.updateAAD(aad2, aad2Off, aad2Len);
    }
    int n = cipher.doFinal(buf, ptOff, ptLen, scratch, 0);
    System.arraycopy(scratch, 0, buf, ptOff, n);
  }

  /**
   * Verifies and decrypts {@code buf[ctOff, ctOff+ctLen)} (ciphertext then tag) in place. Returns
   * false, leaving {@code buf} untouched, when the tag does not verify.
   */
  boolean openRtp(int ssrc, int roc, int seq, byte[] buf, int aadOff, int aadLen, int ctOff, int ctLen, byte[] scratch)
      throws GeneralSecurityException {
    rtpIv(ssrc, roc, seq);
    return open(buf, aadOff, aadLen, null, 0, 0, ctOff, ctLen, scratch);
  }

  boolean openRtcp(int ssrc, int index, byte[] buf, int aadOff, int aadLen, byte[] aad2, int aad2Off, int aad2Len,
      int ctOff, int ctLen, byte[] scratch) throws GeneralSecurityException {
    rtcpIv(ssrc, index);
    return open(buf, aadOff, aadLen, aad2, aad2Off, aad2Len, ctOff, ctLen, scratch);
  }

  private boolean open(byte[] buf, int aadOff, int aadLen, byte[] aad2, int aad2Off, int aad2Len, int ctOff, int ctLen,
      byte[] scratch) throws GeneralSecurityException {
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
    cipher.updateAAD(buf, aadOff, aadLen);
    if (aad2Len > 0) {
      cipher.updateAAD(aad2, aad2Off, aad2Len);
    }
    int n;
    try {
      n = cipher.doFinal(buf, ctOff, ctLen, scratch, 0);
    } catch (AEADBadTagException e) {
      return false;
    }
    System.arraycopy(scratch, 0, buf, ctOff, n);
    return true;
  }

  /** Forgets the salt; the JDK key object cannot be wiped, the session drops its reference. */
  void destroy() {
    Arrays.fill(salt, (byte) 0);
  }
}
