package org.mcxkms.mcx.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Off-network group path by UDP multicast on the loopback interface: every member joins the
 * group address on {@code lo} with loopback enabled; datagrams from the member's own socket are
 * ignored.
 */
public final class MulticastGroupTransport implements GroupTransport {
  private final MulticastSocket socket;
  private final InetSocketAddress group;
  private final InetSocketAddress local;
  private final PacketTap tap;

  private MulticastGroupTransport(MulticastSocket socket, InetSocketAddress group, PacketTap tap, String name,
      BiConsumer<InetSocketAddress, byte[]> handler) throws IOException {
    this.socket = socket;
    this.group = group;
    this.tap = tap;
    this.local = new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    Thread t = new Thread(() -> loop(handler), "mcast-" + name);
    t.setDaemon(true);
    t.start();
  }

  /**
   * A factory for multicast group {@code group} on the loopback interface, if the OS delivers
   * multicast there (checked with a probe datagram between two sockets); empty otherwise.
   */
  public static Optional<Factory> onLoopback(InetSocketAddress group, PacketTap tap) {
    try {
      NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
      if (lo == null) {
        return Optional.empty();
      }
      try (MulticastSocket a = open(group, lo); MulticastSocket b = open(group, lo)) {
        byte[] probe = "mcx-probe".getBytes(StandardCharsets.US_ASCII);
        a.send(new DatagramPacket(probe, probe.length, group));
        b.setSoTimeout(300);
        DatagramPacket p = new DatagramPacket(new byte[64], 64);
        b.receive(p);
        if (!Arrays.equals(Arrays.copyOf(p.getData(), p.getLength()), probe)) {
          return Optional.empty();
        }
      }
      return Optional.of((member, endpoint, handler) -> {
        try {
          return new MulticastGroupTransport(open(group, lo), group, tap, member, handler);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (SocketTimeoutException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static MulticastSocket open(InetSocketAddress group, NetworkInterface lo) throws IOException {
    MulticastSocket s = new MulticastSocket(group.getPort());
    s.setNetworkInterface(lo);
    s.setLoopbackMode(false); // false = loopback enabled
    s.setTimeToLive(0);
    s.joinGroup(group, lo);
    return s;
  }

  @Override
  public void send(byte[] data, int length) {
    tap.sent(local, group, data, length);
    try {
      socket.send(new DatagramPacket(data, length, group));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void loop(BiConsumer<InetSocketAddress, byte[]> handler) {
    byte[] buf = new byte[65535];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    while (!socket.isClosed()) {
      try {
        p.setLength(buf.length);
        socket.receive(p);
        // Our own datagrams come back on loopback: the sending socket's port identifies them.
        // Several members share the group port, so own traffic is told apart by SSRC in the UE.
        handler.accept((InetSocketAddress) p.getSocketAddress(), Arrays.copyOf(buf, p.getLength()));
      } catch (IOException e) {
        return;
      } catch (RuntimeException e) {
        // the handler reports its own failures
      }
    }
  }

  @Override
  public String kind() {
    return "multicast";
  }

  @Override
  public void close() {
    socket.close();
  }
}
