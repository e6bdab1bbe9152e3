package org.mcxkms.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.ReceivedKey;
import org.mcxkms.mikey.kdf.SrtpKeyMaterial;

/**
 * Interoperability with libsrtp 2 (Debian's libsrtp2 2.5, built on NSS) in both directions, SRTP
 * and SRTCP, with the MKI of TS 33.180 7.4, across a sequence number wrap. The group case runs
 * from Etherstack's published GMK vector: libsrtp gets the master keys Etherstack published for
 * two members, we get only the GMK, so the whole chain GMK -> GUK-ID -> master key (TS 33.180
 * 7.4) -> session keys (RFC 3711 4.3) -> packets (RFC 7714) is checked against others' work.
 */
class LibSrtpInteropTest {
  private static final HexFormat H = HexFormat.of();
  private static final int SSRC = 0x5ca1ab1e;

  private static byte[] mki(int member) {
    return H.parseHex(String.format("%08x", TestKeys.ETHERSTACK_GMK_ID) + TestKeys.ETHERSTACK_MEMBERS[member][1]);
  }

  private static byte[] masterKey(int member) {
    return H.parseHex(TestKeys.ETHERSTACK_MEMBERS[member][2]);
  }

  private static byte[] masterSalt(int member) {
    return H.parseHex(TestKeys.ETHERSTACK_MEMBERS[member][3]);
  }

  /** 16 RTP packets, SEQ 65530..65535 then 0..9, 160-octet payloads; every fourth with a header extension. */
  static List<byte[]> rtpAcrossWrap(int ssrc, long seed) {
    Random r = new Random(seed);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      int seq = (65530 + i) & 0xFFFF;
      boolean ext = i % 4 == 3;
      int hdr = ext ? 12 + 8 : 12;
      byte[] p = new byte[hdr + 160];
      p[0] = (byte) (ext ? 0x90 : 0x80);
      p[1] = 8;
      p[2] = (byte) (seq >>> 8);
      p[3] = (byte) seq;
      p[7] = (byte) i;
      p[8] = (byte) (ssrc >>> 24);
      p[9] = (byte) (ssrc >>> 16);
      p[10] = (byte) (ssrc >>> 8);
      p[11] = (byte) ssrc;
      if (ext) {
        p[12] = (byte) 0xBE;
        p[13] = (byte) 0xDE;
        p[15] = 1;
        p[16] = 0x10;
        p[17] = 0x42;
      }
      for (int j = hdr; j < p.length; j++) {
        p[j] = (byte) r.nextInt();
      }
      out.add(p);
    }
    return out;
  }

  /** Floor-control sized RTCP APP packets of SSRC {@code ssrc}. */
  static List<byte[]> rtcp(int ssrc, int count) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] p = H.parseHex("80cc0005" + String.format("%08x", ssrc) + "4d435054" + "66020700" + "6f02" + String.format("%04x", i)
          + "71020000");
      out.add(p);
    }
    return out;
  }

  @Test
  void libsrtpProtectsAnotherMembersGroupMediaAndWeUnprotectIt() throws Exception {
    List<byte[]> plain = rtpAcrossWrap(SSRC, 1);
    List<String> srtp = LibSrtpPeer.run("protect-rtp", masterKey(1), masterSalt(1), mki(1), plain);
    SrtpSession member0 = SrtpSession.create(TestKeys.etherstackGmk(0), Role.RECEIVER, McService.MCPTT, SrtpPolicy.defaults());
    for (int i = 0; i < plain.size(); i++) {
      byte[] buf = H.parseHex(srtp.get(i));
      assertThat(Arrays.copyOfRange(buf, buf.length - 8, buf.length)).as("MKI after the tag").isEqualTo(mki(1));
      int n = member0.unprotectRtp(buf, 0, buf.length);
      assertThat(n).as("packet %d", i).isEqualTo(plain.get(i).length);
      assertThat(Arrays.copyOf(buf, n)).isEqualTo(plain.get(i));
    }
    assertThat(member0.acceptedRtp()).isEqualTo(16);
  }

  @Test
  void weProtectGroupMediaAndLibsrtpUnprotectsIt() throws Exception {
    List<byte[]> plain = rtpAcrossWrap(SSRC, 2);
    SrtpSession member0 = SrtpSession.create(TestKeys.etherstackGmk(0), Role.INITIATOR, McService.MCPTT, SrtpPolicy.defaults());
    List<byte[]> srtp = new ArrayList<>();
    for (byte[] p : plain) {
      srtp.add(member0.protectRtp(p));
    }
    List<String> back = LibSrtpPeer.run("unprotect-rtp", masterKey(0), masterSalt(0), mki(0), srtp);
    for (int i = 0; i < plain.size(); i++) {
      assertThat(back.get(i)).as("packet %d", i).isEqualTo(H.formatHex(plain.get(i)));
    }
  }

  @Test
  void srtcpBothWaysWithTheGroupMki() throws Exception {
    List<byte[]> plain = rtcp(SSRC, 5);
    SrtpSession member0 = SrtpSession.create(TestKeys.etherstackGmk(0), Role.INITIATOR, McService.MCPTT, SrtpPolicy.defaults());
    List<byte[]> ours = new ArrayList<>();
    for (byte[] p : plain) {
      ours.add(member0.protectRtcp(p));
    }
    List<String> back = LibSrtpPeer.run("unprotect-rtcp", masterKey(0), masterSalt(0), mki(0), ours);
    for (int i = 0; i < plain.size(); i++) {
      assertThat(back.get(i)).isEqualTo(H.formatHex(plain.get(i)));
    }

    List<String> theirs = LibSrtpPeer.run("protect-rtcp", masterKey(2), masterSalt(2), mki(2), plain);
    for (int i = 0; i < plain.size(); i++) {
      byte[] buf = H.parseHex(theirs.get(i));
      int n = member0.unprotectRtcp(buf, 0, buf.length);
      assertThat(n).as("SRTCP packet %d", i).isEqualTo(plain.get(i).length);
      assertThat(Arrays.copyOf(buf, n)).isEqualTo(plain.get(i));
    }
  }

  @Test
  void privateCallWithTheFourOctetPckIdMki() throws Exception {
    ReceivedKey pck = TestKeys.key(KeyPurpose.PCK, "b4c96b703acd5c1bf7d4cc45068d9965", 0x6992638);
    SrtpKeyMaterial initiatorMedia = pck.srtpKeyMaterial(0);
    SrtpKeyMaterial receiverMedia = pck.srtpKeyMaterial(1);
    byte[] mki = pck.mki().toByteArray();
    assertThat(mki).hasSize(4);

    SrtpSession initiator = SrtpSession.create(pck, Role.INITIATOR, McService.MCPTT, SrtpPolicy.defaults());
    List<byte[]> plain = rtpAcrossWrap(SSRC, 3);
    List<byte[]> ours = new ArrayList<>();
    for (byte[] p : plain) {
      ours.add(initiator.protectRtp(p));
    }
    List<String> back = LibSrtpPeer.run("unprotect-rtp", bytes(initiatorMedia, true), bytes(initiatorMedia, false), mki, ours);
    for (int i = 0; i < plain.size(); i++) {
      assertThat(back.get(i)).isEqualTo(H.formatHex(plain.get(i)));
    }

    // The receiver's media (CS-ID 1) protected by libsrtp reaches the initiator.
    List<String> theirs = LibSrtpPeer.run("protect-rtp", bytes(receiverMedia, true), bytes(receiverMedia, false), mki, plain);
    for (int i = 0; i < plain.size(); i++) {
      byte[] buf = H.parseHex(theirs.get(i));
      int n = initiator.unprotectRtp(buf, 0, buf.length);
      assertThat(n).isEqualTo(plain.get(i).length);
      assertThat(Arrays.copyOf(buf, n)).isEqualTo(plain.get(i));
    }
    // ... and the initiator's own media key does not open it.
    byte[] wrongWay = H.parseHex(LibSrtpPeer.run("protect-rtp", bytes(initiatorMedia, true), bytes(initiatorMedia, false), mki,
        List.of(rtpAcrossWrap(0x1234, 4).get(0))).get(0));
    assertThat(initiator.unprotectRtp(wrongWay, 0, wrongWay.length)).isEqualTo(DropReason.AUTH_FAILED.code());
  }

  private static byte[] bytes(SrtpKeyMaterial m, boolean key) {
    return (key ? m.masterKey() : m.masterSalt()).toByteArray(SecretAccess.get());
  }
}
