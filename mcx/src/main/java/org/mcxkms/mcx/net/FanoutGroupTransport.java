package org.mcxkms.mcx.net;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Off-network group path by unicast: a sender's datagram goes to every other member's endpoint. */
public final class FanoutGroupTransport implements GroupTransport {
  private final Map<String, UdpEndpoint> members;
  private final String member;
  private final UdpEndpoint endpoint;

  private FanoutGroupTransport(Map<String, UdpEndpoint> members, String member, UdpEndpoint endpoint) {
    this.members = members;
    this.member = member;
    this.endpoint = endpoint;
  }

  /** A factory whose members all reach each other; their endpoints' own handlers receive. */
  public static Factory hub() {
    Map<String, UdpEndpoint> members = new ConcurrentHashMap<>();
    return (member, endpoint, handler) -> {
      members.put(member, endpoint);
      return new FanoutGroupTransport(members, member, endpoint);
    };
  }

  @Override
  public void send(byte[] data, int length) {
    List<InetSocketAddress> to = members.entrySet().stream().filter(e -> !e.getKey().equals(member))
        .map(e -> e.getValue().address()).toList();
    for (InetSocketAddress a : to) {
      endpoint.send(data, length, a);
    }
  }

  @Override
  public String kind() {
    return "fan-out";
  }

  @Override
  public void close() {
    members.remove(member, endpoint);
  }
}
