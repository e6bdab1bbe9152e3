package org.mcxkms.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * RFC 7714 section 16.1.1 (SRTP) and 17.1 / 17.3 (SRTCP, encrypted and authenticated only) with
 * AEAD_AES_128_GCM. The vectors give the session key and salt, so they exercise the transform
 * below the key derivation; packet layout and IV formation are the code the sessions run.
 */
class Rfc7714VectorsTest {
  private static final HexFormat H = HexFormat.of();
  static final byte[] KEY = H.parseHex("000102030405060708090a0b0c0d0e0f");
  /** "Quid pro quo". */
  static final byte[] SALT = H.parseHex("517569642070726f2071756f");

  /** Section 16: header 8040f17b 8041f8d3 5501a0b2, "Gallia est omnis divisa in partes tres". */
  static final String RTP = "8040f17b8041f8d35501a0b2"
      + "47616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";
  /** Section 16.1.1. */
  static final String SRTP = "8040f17b8041f8d35501a0b2"
      + "f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833"
      + "899d7f27beb16a9152cf765ee4390cce";
  /** Section 17: the sender report of SSRC "Mars" the subsections protect. */
  static final String RTCP = "81c8000d4d617273"
      + "4e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";
  /** Section 17.1, SRTCP index 0x5d4, E = 1. */
  static final String SRTCP = "81c8000d4d617273"
      + "63e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275b"
      + "c84aa45896cf4d2fc5abf87245d9eade" + "800005d4";
  /** Section 17.3, E = 0: the packet in clear, the tag, the index word. */
  static final String SRTCP_AUTH_ONLY = RTCP + "841dd9683dd78ec92ae58790125f62b3" + "000005d4";

  @Test
  void srtpEncryptionAndDecryption() throws Exception {
    AeadTransform t = new AeadTransform(KEY, SALT);
    byte[] buf = Arrays.copyOf(H.parseHex(RTP), 128);
    int len = RTP.length() / 2;
    t.sealRtp(0x5501a0b2, 0, 0xf17b, buf, 0, 12, 12, len - 12, new byte[1500]);
    assertThat(H.formatHex(buf, 0, len + 16)).isEqualTo(SRTP);

    boolean ok = t.openRtp(0x5501a0b2, 0, 0xf17b, buf, 0, 12, 12, len + 4, new byte[1500]);
    assertThat(ok).isTrue();
    assertThat(H.formatHex(buf, 0, len)).isEqualTo(RTP);
  }

  @Test
  void srtpTamperedTagFailsAndLeavesTheBufferAlone() throws Exception {
    AeadTransform t = new AeadTransform(KEY, SALT);
    byte[] buf = H.parseHex(SRTP);
    buf[buf.length - 1] ^= 1;
    byte[] before = buf.clone();
    assertThat(t.openRtp(0x5501a0b2, 0, 0xf17b, buf, 0, 12, 12, buf.length - 12, new byte[1500])).isFalse();
    assertThat(buf).isEqualTo(before);
  }

  @Test
  void srtcpEncrypted() throws Exception {
    AeadTransform t = new AeadTransform(KEY, SALT);
    int len = RTCP.length() / 2;
    byte[] buf = Arrays.copyOf(H.parseHex(RTCP), 128);
    int idx = len + 16;
    buf[idx] = (byte) 0x80;
    buf[idx + 2] = 0x05;
    buf[idx + 3] = (byte) 0xd4;
    t.sealRtcp(0x4d617273, 0x5d4, buf, 0, 8, buf, idx, 4, 8, len - 8, new byte[1500]);
    assertThat(H.formatHex(buf, 0, len + 20)).isEqualTo(SRTCP);

    byte[] in = H.parseHex(SRTCP);
    assertThat(t.openRtcp(0x4d617273, 0x5d4, in, 0, 8, in, in.length - 4, 4, 8, in.length - 12, new byte[1500])).isTrue();
    assertThat(H.formatHex(in, 0, len)).isEqualTo(RTCP);
  }

  @Test
  void srtcpThroughASessionWithoutMki() {
    // The same vectors through the whole receive path (no MKI; the 17.1 index is read from the packet).
    SrtpSession s = SessionVectors.sessionWithSessionKeys(KEY, SALT, SrtpPolicy.defaults().withRequireEncryptedRtcp(false));
    byte[] in = H.parseHex(SRTCP);
    assertThat(s.unprotectRtcp(in, 0, in.length)).isEqualTo(RTCP.length() / 2);
    assertThat(H.formatHex(in, 0, RTCP.length() / 2)).isEqualTo(RTCP);

    byte[] auth = H.parseHex(SRTCP_AUTH_ONLY);
    // 17.3 has the same index: a second packet with index 0x5d4 is a replay.
    assertThat(s.unprotectRtcp(auth, 0, auth.length)).isEqualTo(DropReason.REPLAYED.code());
    SrtpSession fresh = SessionVectors.sessionWithSessionKeys(KEY, SALT, SrtpPolicy.defaults().withRequireEncryptedRtcp(false));
    assertThat(fresh.unprotectRtcp(auth, 0, auth.length)).isEqualTo(RTCP.length() / 2);
    assertThat(H.formatHex(auth, 0, RTCP.length() / 2)).isEqualTo(RTCP);

    SrtpSession strict = SessionVectors.sessionWithSessionKeys(KEY, SALT, SrtpPolicy.defaults());
    byte[] again = H.parseHex(SRTCP_AUTH_ONLY);
    assertThat(strict.unprotectRtcp(again, 0, again.length)).isEqualTo(DropReason.NOT_ENCRYPTED.code());
  }

  @Test
  void srtpThroughASession() {
    SrtpSession s = SessionVectors.sessionWithSessionKeys(KEY, SALT, SrtpPolicy.defaults());
    byte[] out = s.protectRtp(H.parseHex(RTP));
    assertThat(H.formatHex(out)).isEqualTo(SRTP);
    byte[] in = H.parseHex(SRTP);
    assertThat(s.unprotectRtp(in, 0, in.length)).isEqualTo(RTP.length() / 2);
    assertThat(H.formatHex(in, 0, RTP.length() / 2)).isEqualTo(RTP);
  }

  @Test
  void srtcpTamperedAuthOnlyPacketFails() {
    SrtpSession s = SessionVectors.sessionWithSessionKeys(KEY, SALT, SrtpPolicy.defaults().withRequireEncryptedRtcp(false));
    byte[] auth = H.parseHex(SRTCP_AUTH_ONLY);
    auth[10] ^= 0x40;
    assertThat(s.unprotectRtcp(auth, 0, auth.length)).isEqualTo(DropReason.AUTH_FAILED.code());
    assertThat(s.dropped(DropReason.AUTH_FAILED)).isEqualTo(1);
  }
}
