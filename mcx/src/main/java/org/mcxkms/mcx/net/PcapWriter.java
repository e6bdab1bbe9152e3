package org.mcxkms.mcx.net;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * A {@link PacketTap} writing a libpcap capture file readable by Wireshark and tcpdump: the
 * classic global header (magic 0xa1b2c3d4, version 2.4, snaplen 65535, LINKTYPE_RAW = 101, an
 * IPv4/IPv6 packet with no link header) and one record per datagram, for which an IPv4 header
 * (RFC 791, checksum computed) and a UDP header (RFC 768, checksum 0 = none) are synthesized from
 * the socket addresses.
 */
public final class PcapWriter implements PacketTap, AutoCloseable {
  public static final int LINKTYPE_RAW = 101;
  private final OutputStream out;
  private final Clock clock;
  private int packets;
  private int ipId;

  private PcapWriter(OutputStream out, Clock clock) throws IOException {
    this.out = out;
    this.clock = clock;
    byte[] h = new byte[24];
    le32(h, 0, 0xa1b2c3d4);
    le16(h, 4, 2);
    le16(h, 6, 4);
    le32(h, 16, 65535);
    le32(h, 20, LINKTYPE_RAW);
    out.write(h);
  }

  public static PcapWriter create(Path file, Clock clock) throws IOException {
    return new PcapWriter(new BufferedOutputStream(Files.newOutputStream(file)), clock);
  }

  @Override
  public synchronized void sent(InetSocketAddress from, InetSocketAddress to, byte[] data, int length) {
    if (!(from.getAddress() instanceof Inet4Address) || !(to.getAddress() instanceof Inet4Address)) {
      return;
    }
    int total = 20 + 8 + length;
    if (total > 65535) {
      return;
    }
    byte[] ip = new byte[28];
    ip[0] = 0x45;
    be16(ip, 2, total);
    be16(ip, 4, ipId++ & 0xFFFF);
    ip[8] = 64;
    ip[9] = 17;
    System.arraycopy(from.getAddress().getAddress(), 0, ip, 12, 4);
    System.arraycopy(to.getAddress().getAddress(), 0, ip, 16, 4);
    be16(ip, 10, checksum(ip, 20));
    be16(ip, 20, from.getPort());
    be16(ip, 22, to.getPort());
    be16(ip, 24, 8 + length);
    Instant now = clock.instant();
    byte[] rec = new byte[16];
    le32(rec, 0, (int) now.getEpochSecond());
    le32(rec, 4, now.getNano() / 1000);
    le32(rec, 8, total);
    le32(rec, 12, total);
    try {
      out.write(rec);
      out.write(ip);
      out.write(data, 0, length);
      packets++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized int packets() {
    return packets;
  }

  static int checksum(byte[] b, int len) {
    long sum = 0;
    for (int i = 0; i < len; i += 2) {
      sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >> 16);
    }
    return (int) (~sum & 0xFFFF);
  }

  private static void le16(byte[] b, int o, int v) {
    b[o] = (byte) v;
    b[o + 1] = (byte) (v >> 8);
  }

  private static void le32(byte[] b, int o, int v) {
    le16(b, o, v);
    le16(b, o + 2, v >> 16);
  }

  private static void be16(byte[] b, int o, int v) {
    b[o] = (byte) (v >> 8);
    b[o + 1] = (byte) v;
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
