package org.mcxkms.mcx.ue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.mcxkms.media.srtp.SrtpSession;
import org.mcxkms.mcx.media.Audio;
import org.mcxkms.mcx.media.RtpPacket;

/**
 * The media of one call at a UE: one SRTP session (GMK for a group call, PCK for a private call),
 * the UE's own SSRC and sequence, and the frames decoded from what was received.
 */
public abstract sealed class MediaCall permits GroupCall, PrivateCall {
  final McxClient ue;
  final SrtpSession session;
  final int ssrc;
  private int seq;
  private long timestamp;
  private final ConcurrentLinkedQueue<RtpPacket> received = new ConcurrentLinkedQueue<>();
  private final AtomicLong sent = new AtomicLong();

  MediaCall(McxClient ue, SrtpSession session, int ssrc) {
    this.ue = ue;
    this.session = session;
    this.ssrc = ssrc;
    this.seq = ue.random().nextInt(0x8000);
    this.timestamp = ue.random().nextInt() & 0x7FFF_FFFFL;
  }

  /** The SRTP session (drop counters, keys). */
  public SrtpSession session() {
    return session;
  }

  public int ssrc() {
    return ssrc;
  }

  /** Protects one 20 ms mu-law frame and sends it to each destination. */
  void sendFrame(byte[] ulawFrame, boolean first, List<InetSocketAddress> to) {
    RtpPacket p;
    synchronized (this) {
      p = new RtpPacket(first, RtpPacket.PT_PCMU, seq, timestamp, ssrc, ulawFrame);
      seq = (seq + 1) & 0xFFFF;
      timestamp = (timestamp + Audio.FRAME_SAMPLES) & 0xFFFF_FFFFL;
    }
    byte[] buf = p.encode(session.rtpOverhead());
    int n = session.protectRtp(buf, 0, RtpPacket.HEADER + ulawFrame.length);
    for (InetSocketAddress a : to) {
      ue.endpoint().send(buf, n, a);
    }
    afterProtect(buf, n);
    sent.incrementAndGet();
  }

  /** A hook for paths other than unicast (the off-network group path). */
  void afterProtect(byte[] buf, int n) {}

  /** Tries to open a received SRTP packet under this call's keys; true if it was this call's. */
  boolean tryReceive(byte[] packet) {
    byte[] copy = packet.clone();
    int n = session.unprotectRtp(copy, 0, copy.length);
    if (n < 0) {
      return false;
    }
    received.add(RtpPacket.decode(copy, n));
    return true;
  }

  /** Removes and returns the received payloads (mu-law), ordered by sender and sequence number. */
  public List<byte[]> takeReceived() {
    List<RtpPacket> l = new ArrayList<>();
    RtpPacket p;
    while ((p = received.poll()) != null) {
      l.add(p);
    }
    l.sort(Comparator.comparingInt(RtpPacket::ssrc).thenComparingInt(RtpPacket::sequence));
    return l.stream().map(RtpPacket::payload).toList();
  }

  /** Frames received and not yet taken. */
  public int pending() {
    return received.size();
  }

  public long framesSent() {
    return sent.get();
  }

  /** Waits until {@code frames} frames are pending or {@code millis} pass; returns how many are. */
  public int awaitFrames(int frames, long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    while (received.size() < frames && System.nanoTime() < end) {
      Thread.sleep(2);
    }
    return received.size();
  }

  /** Leaves the call: its packets are no longer opened. */
  public void leave() {
    ue.removeCall(this);
  }
}
