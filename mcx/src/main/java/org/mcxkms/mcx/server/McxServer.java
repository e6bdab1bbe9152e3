package org.mcxkms.mcx.server;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.mcxkms.mcx.media.RtpPacket;
import org.mcxkms.mcx.net.PacketTap;
import org.mcxkms.mcx.net.UdpEndpoint;
import org.mcxkms.mcx.ue.GroupKeyReceiver;
import org.mcxkms.mcx.ue.KeyRefusedException;
import org.mcxkms.media.floor.FloorChannel;
import org.mcxkms.media.floor.FloorField;
import org.mcxkms.media.floor.FloorKeys;
import org.mcxkms.media.floor.FloorMessage;
import org.mcxkms.media.floor.FloorMessageType;
import org.mcxkms.media.floor.FloorPath;
import org.mcxkms.media.srtp.McService;
import org.mcxkms.media.srtp.Role;
import org.mcxkms.media.srtp.SrtpPolicy;
import org.mcxkms.media.srtp.SrtpSession;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.KmsDirectory;
import org.mcxkms.mikey.MikeyException;
import org.mcxkms.mikey.MikeyRejectedException;
import org.mcxkms.mikey.MikeySakkeResponder;
import org.mcxkms.mikey.ReceivedKey;
import org.mcxkms.mikey.UserKeyRing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCX server (participating and controlling function in one) as a library: it takes each
 * UE's CSK upload (TS 33.180 5.4) addressed to its own identity (MDSI), arbitrates the floor of
 * each group call (TS 24.380 basic floor control: Floor Request, Granted to the requester and
 * Taken to the others, Release, Idle; Deny with cause 1 while another member talks) with every
 * floor message protected under that UE's CSK, and relays the floor holder's SRTP to the other
 * members.
 *
 * <p>Out of the security context it holds no GMK and relays packets it cannot open. In the
 * security context the GMS sends it the GMK to its own identity, and it decrypts a copy of what
 * it relays, here to record the group's audio.
 */
public final class McxServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("mcx.server");
  private static final int GRANT_SECONDS = 30;

  private final UserKeyRing ring;
  private final Clock clock;
  private final SrtpPolicy policy;
  private final MikeySakkeResponder responder;
  private final Optional<GroupKeyReceiver> groupKeys;
  private final UdpEndpoint endpoint;
  private final Map<InetSocketAddress, Client> byAddress = new ConcurrentHashMap<>();
  private final Map<String, Call> calls = new ConcurrentHashMap<>();
  private final List<FloorRefusal> refusals = new CopyOnWriteArrayList<>();
  private final AtomicLong relayed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final int ssrc;

  /** A UE that uploaded its CSK: its identity, address and floor channel. */
  private record Client(String user, InetSocketAddress address, FloorChannel floor, int cskId) {}

  /** A group call: members (from the group document), attached UEs, floor state, and the GMK if in context. */
  private static final class Call {
    final String groupId;
    volatile List<String> members;
    final Map<String, Client> attached = new LinkedHashMap<>();
    volatile String holder;
    int floorSeq;
    volatile SrtpSession recorder;
    final ByteArrayOutputStream recording = new ByteArrayOutputStream();
    volatile byte[] lastRelayed;

    Call(String groupId, List<String> members) {
      this.groupId = groupId;
      this.members = List.copyOf(members);
    }
  }

  private McxServer(Builder b) {
    this.ring = b.ring;
    this.clock = b.clock;
    this.policy = b.policy;
    KmsDirectory dir = b.directory != null ? b.directory : KmsDirectory.of(ring.kms());
    this.responder = MikeySakkeResponder.builder(ring).clock(clock).kmsDirectory(dir).build();
    this.groupKeys = b.trustedGms.isEmpty() ? Optional.empty()
        : Optional.of(new GroupKeyReceiver(ring, dir, b.trustedGms, clock));
    this.ssrc = b.random.nextInt();
    this.endpoint = UdpEndpoint.open("mcx-server", b.tap, this::onDatagram);
  }

  public static Builder builder(UserKeyRing ring) {
    return new Builder(ring);
  }

  /** The server's identity (MDSI), the receiver of CSK uploads. */
  public String uri() {
    return ring.uri();
  }

  public InetSocketAddress address() {
    return endpoint.address();
  }

  // ---------------------------------------------------------------- signalling stand-ins

  /**
   * Takes a CSK upload from {@code user} whose media comes from {@code address}: the I_MESSAGE must
   * be signed by that user and encrypted to this server (TS 33.180 5.4; the server binds the
   * user's identity to the CSK).
   */
  public void acceptCsk(String user, byte[] imessage, InetSocketAddress address) throws KeyRefusedException {
    ReceivedKey k;
    try {
      k = responder.process(imessage, Optional.of(user));
    } catch (MikeyRejectedException e) {
      throw new KeyRefusedException(reasonOf(e), e.getMessage(), e);
    } catch (MikeyException e) {
      throw new KeyRefusedException(KeyRefusedException.Reason.INVALID, e.getMessage(), e);
    }
    if (k.purpose() != KeyPurpose.CSK) {
      k.key().destroy();
      throw new KeyRefusedException(KeyRefusedException.Reason.INVALID, "a " + k.purpose() + " where a CSK belongs");
    }
    FloorChannel ch = FloorChannel.open(FloorPath.UNICAST, new FloorKeys(Optional.of(k), Optional.empty(),
        Optional.empty(), Optional.empty()), Role.RECEIVER, McService.MCPTT, policy);
    byAddress.put(address, new Client(user, address, ch, k.keyId()));
    LOG.info("server={} csk from user={} csk-id={}", uri(), user, String.format("%08x", k.keyId()));
  }

  private static KeyRefusedException.Reason reasonOf(MikeyRejectedException e) {
    return switch (e.reason()) {
      case REPLAY -> KeyRefusedException.Reason.REPLAYED;
      case NOT_FOR_ME -> KeyRefusedException.Reason.NOT_FOR_ME;
      case SENDER_MISMATCH, BAD_SIGNATURE, UNKNOWN_KMS -> KeyRefusedException.Reason.NOT_FROM_TRUSTED_SENDER;
      default -> KeyRefusedException.Reason.INVALID;
    };
  }

  /** The members of a group, as the group management gives them. */
  public void configureGroup(String groupId, List<String> members) {
    calls.compute(groupId, (g, c) -> {
      if (c == null) {
        return new Call(groupId, members);
      }
      c.members = List.copyOf(members);
      synchronized (c) {
        c.attached.keySet().retainAll(members);
      }
      return c;
    });
  }

  /** {@code user} joins the group call (the SIP INVITE in production); it must have uploaded a CSK. */
  public void attach(String groupId, String user) {
    Call c = call(groupId);
    Client cl = byAddress.values().stream().filter(x -> x.user().equals(user)).findFirst()
        .orElseThrow(() -> new IllegalStateException(user + " has not uploaded a CSK"));
    synchronized (c) {
      c.attached.put(user, cl);
    }
  }

  /**
   * A GMK for a group whose security context includes this server (TS 33.180 5.7.1: the GMS
   * sends it the GMK as a member). From then on it decrypts and records what it relays.
   */
  public void acceptGroupKey(String groupId, byte[] imessage) throws KeyRefusedException {
    GroupKeyReceiver r = groupKeys.orElseThrow(() -> new KeyRefusedException(
        KeyRefusedException.Reason.NOT_FROM_TRUSTED_SENDER, "this server trusts no GMS"));
    GroupKeyReceiver.Checked k = r.receive(groupId, imessage);
    if (k.revoked() || k.key().purpose() != KeyPurpose.GMK) {
      k.key().key().destroy();
      return;
    }
    Call c = call(groupId);
    synchronized (c) {
      if (c.recorder == null) {
        c.recorder = SrtpSession.create(k.key(), Role.RECEIVER, McService.MCPTT, policy);
      } else {
        c.recorder.addKey(k.key());
        c.recorder.activate(k.key().keyId());
      }
    }
  }

  /** Whether the server holds a GMK of the group (only when in the security context). */
  public boolean holdsGmk(String groupId) {
    Call c = calls.get(groupId);
    return c != null && c.recorder != null;
  }

  /** The mu-law audio recorded from the group since the last call, in the order relayed. */
  public byte[] takeRecording(String groupId) {
    Call c = call(groupId);
    synchronized (c.recording) {
      byte[] b = c.recording.toByteArray();
      c.recording.reset();
      return b;
    }
  }

  public List<FloorRefusal> floorRefusals() {
    return List.copyOf(refusals);
  }

  public long relayedPackets() {
    return relayed.get();
  }

  /** Packets the server dropped (unknown source, not the floor holder, failed SRTCP). */
  public long droppedPackets() {
    return dropped.get();
  }

  /** The current floor holder of a group call. */
  public Optional<String> floorHolder(String groupId) {
    return Optional.ofNullable(call(groupId).holder);
  }

  /**
   * What a server outside the security context could try: send the members a media packet it
   * made up, here the last relayed packet with a new sequence number and altered payload. The
   * members must drop it (it does not authenticate under the GMK). Returns how many were sent.
   */
  public int injectForgedMedia(String groupId) {
    Call c = call(groupId);
    byte[] last = c.lastRelayed;
    if (last == null) {
      throw new IllegalStateException("nothing relayed in " + groupId + " yet");
    }
    byte[] forged = last.clone();
    forged[3] ^= 0x55; // sequence number
    for (int i = RtpPacket.HEADER; i < Math.min(forged.length, RtpPacket.HEADER + 40); i++) {
      forged[i] ^= (byte) 0xA5;
    }
    int n = 0;
    List<Client> to;
    synchronized (c) {
      to = new ArrayList<>(c.attached.values());
    }
    for (Client cl : to) {
      endpoint.send(forged, forged.length, cl.address());
      n++;
    }
    return n;
  }

  private Call call(String groupId) {
    Call c = calls.get(groupId);
    if (c == null) {
      throw new IllegalArgumentException("no group " + groupId + " configured");
    }
    return c;
  }

  // ---------------------------------------------------------------- media plane

  private void onDatagram(InetSocketAddress from, byte[] data) {
    Client cl = byAddress.get(from);
    if (cl == null) {
      dropped.incrementAndGet();
      return;
    }
    if (RtpPacket.isRtcp(data, data.length)) {
      if (cl.floor().receive(data) instanceof FloorChannel.Message m) {
        onFloor(cl, m.message());
      } else {
        dropped.incrementAndGet();
      }
      return;
    }
    for (Call c : calls.values()) {
      List<Client> to = null;
      synchronized (c) {
        if (cl.user().equals(c.holder) && c.attached.containsKey(cl.user())) {
          to = new ArrayList<>();
          for (Client o : c.attached.values()) {
            if (!o.user().equals(cl.user())) {
              to.add(o);
            }
          }
        }
      }
      if (to == null) {
        continue;
      }
      c.lastRelayed = data;
      for (Client o : to) {
        endpoint.send(data, data.length, o.address());
      }
      relayed.incrementAndGet();
      record(c, data);
      return;
    }
    dropped.incrementAndGet();
  }

  private void record(Call c, byte[] data) {
    SrtpSession r = c.recorder;
    if (r == null) {
      return;
    }
    byte[] copy = data.clone();
    int n = r.unprotectRtp(copy, 0, copy.length);
    if (n > 0) {
      byte[] payload = RtpPacket.decode(copy, n).payload();
      synchronized (c.recording) {
        c.recording.writeBytes(payload);
      }
    }
  }

  private void onFloor(Client from, FloorMessage m) {
    Call c = callOf(from.user());
    if (m.type() == FloorMessageType.FLOOR_REQUEST) {
      if (c == null || !c.members.contains(from.user())) {
        String g = c == null ? "(none)" : c.groupId;
        refusals.add(new FloorRefusal(from.user(), g, FloorRefusal.Reason.NOT_A_MEMBER));
        LOG.warn("server={} floor request refused user={} group={} reason=NOT_A_MEMBER", uri(), from.user(), g);
        send(from, new FloorMessage(FloorMessageType.FLOOR_DENY, ssrc,
            new FloorField.RejectCause(FloorField.RejectCause.OTHER, "not a member of the group")));
        return;
      }
      List<Client> others = new ArrayList<>();
      synchronized (c) {
        if (c.holder != null && !c.holder.equals(from.user())) {
          refusals.add(new FloorRefusal(from.user(), c.groupId, FloorRefusal.Reason.FLOOR_TAKEN));
          send(from, new FloorMessage(FloorMessageType.FLOOR_DENY, ssrc,
              new FloorField.RejectCause(FloorField.RejectCause.ANOTHER_CLIENT_HAS_PERMISSION, "")));
          return;
        }
        c.holder = from.user();
        c.floorSeq = (c.floorSeq + 1) & 0xFFFF;
        for (Client o : c.attached.values()) {
          if (!o.user().equals(from.user())) {
            others.add(o);
          }
        }
      }
      send(from, new FloorMessage(FloorMessageType.FLOOR_GRANTED, ssrc, new FloorField.Duration(GRANT_SECONDS)));
      for (Client o : others) {
        send(o, new FloorMessage(FloorMessageType.FLOOR_TAKEN, ssrc, new FloorField.GrantedPartyIdentity(from.user()),
            new FloorField.MessageSequenceNumber(c.floorSeq)));
      }
    } else if (m.type() == FloorMessageType.FLOOR_RELEASE && c != null) {
      List<Client> all;
      synchronized (c) {
        if (!from.user().equals(c.holder)) {
          return;
        }
        c.holder = null;
        c.floorSeq = (c.floorSeq + 1) & 0xFFFF;
        all = new ArrayList<>(c.attached.values());
      }
      for (Client o : all) {
        send(o, new FloorMessage(FloorMessageType.FLOOR_IDLE, ssrc, new FloorField.MessageSequenceNumber(c.floorSeq)));
      }
    }
  }

  private Call callOf(String user) {
    for (Call c : calls.values()) {
      synchronized (c) {
        if (c.attached.containsKey(user)) {
          return c;
        }
      }
    }
    return null;
  }

  private void send(Client to, FloorMessage m) {
    byte[] p = to.floor().protect(m);
    endpoint.send(p, p.length, to.address());
  }

  @Override
  public void close() {
    endpoint.close();
  }

  @Override
  public String toString() {
    return "McxServer[" + uri() + " at " + endpoint.address() + "]";
  }

  public static final class Builder {
    private final UserKeyRing ring;
    private final List<String> trustedGms = new ArrayList<>();
    private KmsDirectory directory;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private SrtpPolicy policy = SrtpPolicy.defaults().withLimits(1500, 64, 64);
    private PacketTap tap = PacketTap.NONE;

    private Builder(UserKeyRing ring) {
      this.ring = Objects.requireNonNull(ring, "ring");
    }

    /** A GMS whose GMKs the server takes when it is in a group's security context. */
    public Builder trustGms(String gms) {
      trustedGms.add(gms);
      return this;
    }

    public Builder kmsDirectory(KmsDirectory d) {
      this.directory = d;
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    public Builder random(SecureRandom r) {
      this.random = r;
      return this;
    }

    public Builder srtpPolicy(SrtpPolicy p) {
      this.policy = p;
      return this;
    }

    public Builder tap(PacketTap t) {
      this.tap = t;
      return this;
    }

    public McxServer build() {
      return new McxServer(this);
    }
  }
}
