package org.mcxkms.mcx.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * A UDP socket on the loopback interface with one receiving thread: every datagram received is
 * handed to the handler with its source; every datagram sent is shown to the tap first.
 */
public final class UdpEndpoint implements AutoCloseable {
  private final DatagramSocket socket;
  private final InetSocketAddress local;
  private final PacketTap tap;
  private final Thread receiver;

  private UdpEndpoint(DatagramSocket socket, PacketTap tap, String name, BiConsumer<InetSocketAddress, byte[]> handler) {
    this.socket = socket;
    this.local = (InetSocketAddress) socket.getLocalSocketAddress();
    this.tap = tap;
    this.receiver = new Thread(() -> loop(handler), "udp-" + name);
    this.receiver.setDaemon(true);
  }

  /** Binds 127.0.0.1 on a free port and starts receiving. */
  public static UdpEndpoint open(String name, PacketTap tap, BiConsumer<InetSocketAddress, byte[]> handler) {
    try {
      DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      s.setReceiveBufferSize(1 << 20);
      UdpEndpoint e = new UdpEndpoint(s, tap, name, handler);
      e.receiver.start();
      return e;
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
  }

  public InetSocketAddress address() {
    return local;
  }

  public void send(byte[] data, int length, InetSocketAddress to) {
    tap.sent(local, to, data, length);
    try {
      socket.send(new DatagramPacket(data, length, to));
    } catch (IOException e) {
      if (!socket.isClosed()) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void loop(BiConsumer<InetSocketAddress, byte[]> handler) {
    byte[] buf = new byte[65535];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    while (!socket.isClosed()) {
      try {
        p.setLength(buf.length);
        socket.receive(p);
        handler.accept((InetSocketAddress) p.getSocketAddress(), Arrays.copyOf(buf, p.getLength()));
      } catch (IOException e) {
        return;
      } catch (RuntimeException e) {
        // A handler failure must not stop the endpoint; the handler reports its own errors.
      }
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
