package org.mcxkms.kms.server.edge;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The address a request comes from: the TCP peer, unless the peer is a reverse proxy the operator
 * trusts ({@code proxy.trusted}); then the nearest address in {@code X-Forwarded-For} that is not
 * itself a trusted proxy. Anyone can write {@code X-Forwarded-For}, so it is believed only from a
 * trusted peer, and only read from the right (the entries the trusted proxies appended).
 */
public final class ClientAddress {
  private static final String ATTRIBUTE = ClientAddress.class.getName();
  private static final Pattern IP = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private final Set<String> trusted;

  public ClientAddress(List<String> trustedProxies) {
    this.trusted = Set.copyOf(trustedProxies);
  }

  /**
   * The address {@link #of} found for {@code request} (and remembered on it), else the TCP peer
   * of a request that did not pass through it.
   */
  public static String recorded(Request request) {
    return request.getAttribute(ATTRIBUTE) instanceof String a ? a : Request.getRemoteAddr(request);
  }

  /** The client address of {@code request}, also remembered on it for {@link #recorded}. */
  public String of(Request request) {
    String address = find(request);
    request.setAttribute(ATTRIBUTE, address);
    return address;
  }

  private String find(Request request) {
    String peer = Request.getRemoteAddr(request);
    if (!trusted.contains(peer)) {
      return peer;
    }
    List<String> values = request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR);
    for (int v = values.size() - 1; v >= 0; v--) {
      String[] hops = values.get(v).split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        String hop = hops[i].trim();
        if (trusted.contains(hop)) {
          continue;
        }
        return IP.matcher(hop).matches() ? hop : peer;
      }
    }
    return peer;
  }
}
