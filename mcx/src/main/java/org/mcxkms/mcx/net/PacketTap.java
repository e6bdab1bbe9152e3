package org.mcxkms.mcx.net;

import java.net.InetSocketAddress;

/** Sees every datagram an endpoint sends (protected packets only: the tap sits below SRTP). */
@FunctionalInterface
public interface PacketTap {
  void sent(InetSocketAddress from, InetSocketAddress to, byte[] data, int length);

  PacketTap NONE = (f, t, d, l) -> {};
}
