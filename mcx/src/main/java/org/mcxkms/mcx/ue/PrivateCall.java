package org.mcxkms.mcx.ue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.mcxkms.media.srtp.SrtpSession;

/**
 * A private call keyed by a PCK the caller made and offered in SDP (TS 33.180 5.6/7.4; RFC 4567
 * {@code a=key-mgmt:mikey}). Media goes directly between the two UEs (on network the media plane
 * would pass the MCX server, which cannot open it either way): the caller sends under CS-ID 0 and
 * the callee under CS-ID 1 of Table E.1.3-1.
 */
public final class PrivateCall extends MediaCall {
  private final String peer;
  private final String offerSdp;
  private volatile InetSocketAddress peerAddress;
  private volatile String answerSdp;

  PrivateCall(McxClient ue, String peer, SrtpSession session, int ssrc, String offerSdp, InetSocketAddress peerAddress) {
    super(ue, session, ssrc);
    this.peer = peer;
    this.offerSdp = offerSdp;
    this.peerAddress = peerAddress;
  }

  public String peer() {
    return peer;
  }

  /** The caller's SDP offer, with the PCK I_MESSAGE in {@code a=key-mgmt:mikey}. */
  public String offerSdp() {
    return offerSdp;
  }

  /** The callee's SDP answer (set on the callee at once, on the caller by {@link #complete}). */
  public String answerSdp() {
    return answerSdp;
  }

  void answered(String sdp, InetSocketAddress address) {
    this.answerSdp = sdp;
    this.peerAddress = Objects.requireNonNull(address);
  }

  /** The caller takes the callee's answer: from now on media flows both ways. */
  public void complete(String sdpAnswer) {
    answered(sdpAnswer, CallSdp.mediaAddress(sdpAnswer));
  }

  /** Sends {@code frames} (20 ms mu-law each) to the peer, {@code pacing} apart. */
  public int talk(List<byte[]> frames, Duration pacing) throws InterruptedException {
    if (peerAddress == null) {
      throw new IllegalStateException("the call is not answered yet");
    }
    boolean first = true;
    for (byte[] f : frames) {
      sendFrame(f, first, List.of(peerAddress));
      first = false;
      if (!pacing.isZero()) {
        Thread.sleep(pacing.toMillis());
      }
    }
    return frames.size();
  }
}
