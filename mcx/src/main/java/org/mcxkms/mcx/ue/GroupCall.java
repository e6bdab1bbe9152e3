package org.mcxkms.mcx.ue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.mcxkms.media.floor.FloorChannel;
import org.mcxkms.media.floor.FloorField;
import org.mcxkms.media.floor.FloorMessage;
import org.mcxkms.media.floor.FloorMessageType;
import org.mcxkms.media.srtp.SrtpSession;
import org.mcxkms.mcx.net.GroupTransport;

/**
 * A group call at a UE, media under the group's GMK (TS 33.180 7.4, CS-ID 4). On network, media
 * and floor control go to the MCX server, floor control under the UE's CSK (TS 24.380 13.1);
 * off network, both go to the other members over the group path, floor control under the
 * group's MKFC, following the off-network floor control of TS 24.380 7 in its basic form: Floor
 * Request, no objection within the wait time, Floor Taken, media, Floor Release.
 */
public final class GroupCall extends MediaCall {
  /** How long a floor request waits for the server's answer, or off network for an objection. */
  static final Duration FLOOR_WAIT = Duration.ofSeconds(3);
  static final Duration OFF_NETWORK_OBJECTION_WAIT = Duration.ofMillis(80);

  private final String groupId;
  private final Optional<InetSocketAddress> server;
  private final Optional<GroupTransport> transport;
  private final Optional<FloorChannel> mkfcChannel;
  private final BlockingQueue<FloorMessage> floorIn = new LinkedBlockingQueue<>();
  private final List<FloorMessage> floorLog = new CopyOnWriteArrayList<>();
  private volatile int floorSeq;

  GroupCall(McxClient ue, String groupId, SrtpSession session, int ssrc, Optional<InetSocketAddress> server,
      Optional<GroupTransport> transport, Optional<FloorChannel> mkfcChannel) {
    super(ue, session, ssrc);
    this.groupId = groupId;
    this.server = server;
    this.transport = transport;
    this.mkfcChannel = mkfcChannel;
  }

  public String groupId() {
    return groupId;
  }

  public boolean offNetwork() {
    return transport.isPresent();
  }

  /** Floor control messages this UE received for the call, authenticated, in order. */
  public List<FloorMessage> floorLog() {
    return List.copyOf(floorLog);
  }

  void onFloor(FloorMessage m) {
    floorLog.add(m);
    floorIn.add(m);
    if (transport.isPresent() && talking && m.type() == FloorMessageType.FLOOR_REQUEST) {
      // Off network the floor holder answers a request itself (TS 24.380 7): denied, it is taken.
      sendFloor(new FloorMessage(FloorMessageType.FLOOR_DENY, ssrc,
          new FloorField.RejectCause(FloorField.RejectCause.ANOTHER_CLIENT_HAS_PERMISSION, "")));
    }
  }

  private volatile boolean talking;

  Optional<FloorChannel> mkfcChannel() {
    return mkfcChannel;
  }

  /**
   * Takes the floor, sends {@code frames} (20 ms mu-law each, {@code pacing} apart) and releases
   * the floor. Denied: nothing is sent.
   */
  public TalkResult talk(List<byte[]> frames, Duration pacing) throws InterruptedException {
    floorIn.clear();
    if (!requestFloor()) {
      return TalkResult.denied(lastDeny());
    }
    talking = true;
    try {
      boolean first = true;
      for (byte[] f : frames) {
        sendFrame(f, first, List.of());
        first = false;
        if (!pacing.isZero()) {
          Thread.sleep(pacing.toMillis(), pacing.toNanosPart() % 1_000_000);
        }
      }
    } finally {
      talking = false;
      sendFloor(new FloorMessage(FloorMessageType.FLOOR_RELEASE, ssrc));
    }
    return TalkResult.granted(frames.size());
  }

  private Optional<FloorField.RejectCause> lastDeny;

  private Optional<FloorField.RejectCause> lastDeny() {
    return lastDeny == null ? Optional.empty() : lastDeny;
  }

  private boolean requestFloor() throws InterruptedException {
    lastDeny = Optional.empty();
    sendFloor(new FloorMessage(FloorMessageType.FLOOR_REQUEST, ssrc, new FloorField.FloorPriority(1),
        new FloorField.UserId(ue.uri())));
    if (transport.isPresent()) {
      // Off network nobody grants: silence for the wait time means the floor is ours.
      long end = System.nanoTime() + OFF_NETWORK_OBJECTION_WAIT.toNanos();
      while (System.nanoTime() < end) {
        FloorMessage m = floorIn.poll(1, TimeUnit.MILLISECONDS);
        if (m != null && m.type() == FloorMessageType.FLOOR_DENY) {
          lastDeny = m.field(FloorField.RejectCause.class);
          return false;
        }
      }
      sendFloor(new FloorMessage(FloorMessageType.FLOOR_TAKEN, ssrc, new FloorField.GrantedPartyIdentity(ue.uri()),
          new FloorField.MessageSequenceNumber(++floorSeq & 0xFFFF)));
      return true;
    }
    long end = System.nanoTime() + FLOOR_WAIT.toNanos();
    while (System.nanoTime() < end) {
      FloorMessage m = floorIn.poll(10, TimeUnit.MILLISECONDS);
      if (m == null) {
        continue;
      }
      if (m.type() == FloorMessageType.FLOOR_GRANTED) {
        return true;
      }
      if (m.type() == FloorMessageType.FLOOR_DENY) {
        lastDeny = m.field(FloorField.RejectCause.class);
        return false;
      }
    }
    return false;
  }

  private void sendFloor(FloorMessage m) {
    if (transport.isPresent()) {
      byte[] p = mkfcChannel.orElseThrow().protect(m);
      transport.get().send(p, p.length);
    } else {
      byte[] p = ue.floorChannel().protect(m);
      ue.endpoint().send(p, p.length, server.orElseThrow());
    }
  }

  @Override
  void sendFrame(byte[] ulawFrame, boolean first, List<InetSocketAddress> ignored) {
    if (transport.isPresent()) {
      super.sendFrame(ulawFrame, first, List.of());
      return;
    }
    super.sendFrame(ulawFrame, first, List.of(server.orElseThrow()));
  }

  @Override
  void afterProtect(byte[] buf, int n) {
    transport.ifPresent(t -> t.send(buf, n));
  }

  @Override
  public void leave() {
    super.leave();
    transport.ifPresent(GroupTransport::close);
  }
}
