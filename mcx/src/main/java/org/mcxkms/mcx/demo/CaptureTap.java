package org.mcxkms.mcx.demo;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.mcxkms.mcx.net.PacketTap;
import org.mcxkms.mcx.net.PcapWriter;

/** Every protected datagram of the demonstration: into the pcap, and kept for eavesdropping checks. */
final class CaptureTap implements PacketTap {
  record Captured(InetSocketAddress from, InetSocketAddress to, byte[] data) {}

  private final PcapWriter pcap;
  private final List<Captured> packets = new ArrayList<>();

  CaptureTap(PcapWriter pcap) {
    this.pcap = pcap;
  }

  @Override
  public synchronized void sent(InetSocketAddress from, InetSocketAddress to, byte[] data, int length) {
    pcap.sent(from, to, data, length);
    byte[] copy = new byte[length];
    System.arraycopy(data, 0, copy, 0, length);
    packets.add(new Captured(from, to, copy));
  }

  synchronized int mark() {
    return packets.size();
  }

  synchronized List<Captured> since(int mark) {
    return List.copyOf(packets.subList(mark, packets.size()));
  }
}
