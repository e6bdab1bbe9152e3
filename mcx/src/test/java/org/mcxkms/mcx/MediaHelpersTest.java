package org.mcxkms.mcx;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.mcx.media.Audio;
import org.mcxkms.mcx.media.RtpPacket;
import org.mcxkms.mcx.net.PcapWriter;

/** RTP header, G.711 and WAV through javax.sound, and the pcap file format, against hand-built bytes. */
class MediaHelpersTest {
  @Test
  void rtpHeaderIsRfc3550Layout() {
    RtpPacket p = new RtpPacket(true, 0, 0x1234, 0x01020304L, 0xCAFEBABE, new byte[] {1, 2, 3});
    byte[] expected = HexFormat.of().parseHex("8080123401020304cafebabe010203");
    assertThat(p.encode(0)).isEqualTo(expected);
    assertThat(p.encode(5)).hasSize(expected.length + 5);
    assertThat(RtpPacket.decode(expected, expected.length)).isEqualTo(p);
    // CSRC count 1 and a header extension of one word are skipped
    byte[] withExt = HexFormat.of().parseHex("9100000100000002000000030000000abede000100000000ff");
    RtpPacket q = RtpPacket.decode(withExt, withExt.length);
    assertThat(q.payload()).containsExactly((byte) 0xff);
    assertThat(q.sequence()).isEqualTo(1);
    assertThat(RtpPacket.isRtcp(HexFormat.of().parseHex("80cc0002"), 4)).isTrue();
    assertThat(RtpPacket.isRtcp(expected, expected.length)).isFalse();
  }

  @Test
  void g711MuLawMatchesTheItuTable() {
    // G.711 mu-law worked by hand: 1000 + bias 132 = 1132 -> segment 3, step 1 -> ~0x31 = 0xCE;
    // 8000 + 132 = 8132 -> segment 5, step 15 -> ~0x5F = 0xA0; the sign bit clear for negatives; 0 -> 0xFF.
    // (The JDK codec overflows at full scale, +-32768: our signals stay below 32635, G.711's clip level.)
    assertThat(Audio.toUlaw(new short[] {0, 1000, -1000, 8000})).containsExactly((byte) 0xFF, (byte) 0xCE,
        (byte) 0x4E, (byte) 0xA0);
    // decoding: ((step << 3) + 132) << segment - 132, so 0xCE -> 988, 0x4E -> -988, 0xA0 -> 7932
    assertThat(Audio.fromUlaw(new byte[] {(byte) 0xCE, 0x4E, (byte) 0xA0, (byte) 0xFF})).containsExactly((short) 988,
        (short) -988, (short) 7932, (short) 0);
    assertThat(Audio.frames(new byte[161])).hasSize(2).allSatisfy(f -> assertThat(f).hasSize(160));
  }

  @Test
  void wavRoundTrip(@TempDir Path dir) throws Exception {
    short[] s = Audio.speechLike(300);
    Path f = dir.resolve("x.wav");
    Audio.writeWav(f, s);
    byte[] head = Files.readAllBytes(f);
    assertThat(new String(head, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(Audio.readWav(f)).isEqualTo(s);
  }

  @Test
  void pcapHasTheLibpcapHeadersAndAValidIpv4Checksum(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.pcap");
    Clock at = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L, 250_000_000L), ZoneOffset.UTC);
    try (PcapWriter w = PcapWriter.create(f, at)) {
      w.sent(new InetSocketAddress(InetAddress.getLoopbackAddress(), 4000),
          new InetSocketAddress(InetAddress.getByName("239.255.77.1"), 5000), new byte[] {9, 8, 7, 6}, 4);
    }
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getInt(0)).isEqualTo(0xa1b2c3d4);
    assertThat(b.getShort(4)).isEqualTo((short) 2);
    assertThat(b.getShort(6)).isEqualTo((short) 4);
    assertThat(b.getInt(16)).isEqualTo(65535);
    assertThat(b.getInt(20)).isEqualTo(101);
    assertThat(b.getInt(24)).isEqualTo(1_700_000_000);
    assertThat(b.getInt(28)).isEqualTo(250_000);
    assertThat(b.getInt(32)).isEqualTo(32).isEqualTo(b.getInt(36));
    byte[] ip = new byte[32];
    b.position(40);
    b.get(ip);
    assertThat(HexFormat.of().formatHex(ip, 12, 20)).isEqualTo("7f000001efff4d01");
    assertThat(HexFormat.of().formatHex(ip, 20, 32)).isEqualTo("0fa01388000c000009080706");
    long sum = 0;
    for (int i = 0; i < 20; i += 2) {
      sum += ((ip[i] & 0xFF) << 8) | (ip[i + 1] & 0xFF);
    }
    while (sum >> 16 != 0) {
      sum = (sum & 0xFFFF) + (sum >> 16);
    }
    assertThat(sum).isEqualTo(0xFFFF);
  }
}
