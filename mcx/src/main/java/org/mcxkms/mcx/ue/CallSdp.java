package org.mcxkms.mcx.ue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.mcxkms.media.sdp.SdpKeyMgmt;

/**
 * The SDP of a private call (RFC 4566): one audio stream of PCMU over RTP/SAVP, and in the offer
 * the PCK I_MESSAGE as {@code a=key-mgmt:mikey} at session level (RFC 4567 3.1).
 */
final class CallSdp {
  private CallSdp() {}

  static String offer(InetSocketAddress media, long sessionId, byte[] imessage) {
    return SdpKeyMgmt.addToSession(plain(media, sessionId), imessage);
  }

  static String plain(InetSocketAddress media, long sessionId) {
    String ip = media.getAddress().getHostAddress();
    return "v=0\r\n"
        + "o=- " + sessionId + " 1 IN IP4 " + ip + "\r\n"
        + "s=-\r\n"
        + "c=IN IP4 " + ip + "\r\n"
        + "t=0 0\r\n"
        + "m=audio " + media.getPort() + " RTP/SAVP 0\r\n"
        + "a=rtpmap:0 PCMU/8000\r\n"
        + "a=ptime:20\r\n";
  }

  /** The c= address and m=audio port. */
  static InetSocketAddress mediaAddress(String sdp) {
    String ip = null;
    int port = -1;
    for (String l : sdp.split("\r?\n")) {
      if (l.startsWith("c=IN IP4 ")) {
        ip = l.substring(9).strip();
      } else if (l.startsWith("m=audio ")) {
        String[] f = l.split(" ");
        port = Integer.parseInt(f[1]);
      }
    }
    if (ip == null || port < 1 || port > 65535) {
      throw new IllegalArgumentException("the SDP has no c=IN IP4 address or m=audio port");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(ip), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad c= address " + ip, e);
    }
  }
}
