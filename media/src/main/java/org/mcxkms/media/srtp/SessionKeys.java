package org.mcxkms.media.srtp;

import java.util.Arrays;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.mikey.kdf.SrtpKeyMaterial;

/**
 * The SRTP and SRTCP session keys and salts of one master key (RFC 3711 4.3, labels 0/2 and 3/5),
 * each as its own AEAD transform. One instance serves one direction.
 */
final class SessionKeys {
  final AeadTransform rtp;
  final AeadTransform rtcp;

  SessionKeys(AeadTransform rtp, AeadTransform rtcp) {
    this.rtp = rtp;
    this.rtcp = rtcp;
  }

  static SessionKeys fromMaster(byte[] masterKey, byte[] masterSalt) {
    byte[] k0 = SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_ENCRYPTION, 16);
    byte[] s0 = SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_SALT, 12);
    byte[] k1 = SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTCP_ENCRYPTION, 16);
    byte[] s1 = SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTCP_SALT, 12);
    try {
      return new SessionKeys(new AeadTransform(k0, s0), new AeadTransform(k1, s1));
    } finally {
      Arrays.fill(k0, (byte) 0);
      Arrays.fill(s0, (byte) 0);
      Arrays.fill(k1, (byte) 0);
      Arrays.fill(s1, (byte) 0);
    }
  }

  static SessionKeys fromMaster(SrtpKeyMaterial m) {
    byte[] k = m.masterKey().toByteArray(SecretAccess.get());
    byte[] s = m.masterSalt().toByteArray(SecretAccess.get());
    try {
      return fromMaster(k, s);
    } finally {
      Arrays.fill(k, (byte) 0);
      Arrays.fill(s, (byte) 0);
    }
  }

  void destroy() {
    rtp.destroy();
    rtcp.destroy();
  }
}
