package org.mcxkms.mcx.net;

import java.net.InetSocketAddress;
import java.util.function.BiConsumer;

/**
 * The off-network path of a group: what one member sends reaches every other member. Either UDP
 * multicast on the loopback interface ({@link MulticastGroupTransport}) or, where the OS does not
 * loop multicast back, a unicast fan-out to every member ({@link FanoutGroupTransport}); the UE
 * cannot tell them apart.
 */
public interface GroupTransport extends AutoCloseable {
  void send(byte[] data, int length);

  /** "multicast" or "fan-out". */
  String kind();

  @Override
  void close();

  /** Opens one member's end of a group path. */
  @FunctionalInterface
  interface Factory {
    GroupTransport join(String member, UdpEndpoint endpoint, BiConsumer<InetSocketAddress, byte[]> handler);
  }
}
