package org.mcxkms.mcx.ue;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.media.floor.FloorChannel;
import org.mcxkms.media.floor.FloorKeys;
import org.mcxkms.media.floor.FloorMessage;
import org.mcxkms.media.floor.FloorPath;
import org.mcxkms.media.sdp.KeyMgmtParseException;
import org.mcxkms.media.sdp.SdpKeyMgmt;
import org.mcxkms.media.srtp.DropReason;
import org.mcxkms.media.srtp.McService;
import org.mcxkms.media.srtp.Role;
import org.mcxkms.media.srtp.SrtpPolicy;
import org.mcxkms.media.srtp.SrtpSession;
import org.mcxkms.mcx.gms.KeyMessage;
import org.mcxkms.mcx.keys.OwnKeys;
import org.mcxkms.mcx.media.RtpPacket;
import org.mcxkms.mcx.net.GroupTransport;
import org.mcxkms.mcx.net.PacketTap;
import org.mcxkms.mcx.net.UdpEndpoint;
import org.mcxkms.mikey.CreatedIMessage;
import org.mcxkms.mikey.KeyDistribution;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.KmsDirectory;
import org.mcxkms.mikey.KmsParameters;
import org.mcxkms.mikey.MikeyException;
import org.mcxkms.mikey.MikeyRejectedException;
import org.mcxkms.mikey.MikeySakkeInitiator;
import org.mcxkms.mikey.MikeySakkeResponder;
import org.mcxkms.mikey.ReceivedKey;
import org.mcxkms.mikey.UserKeyRing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MC client (UE) as a library: it holds the user's key ring, accepts GMKs and MKFCs only from
 * its configured GMS identities and stores them by key ID with activation and expiry, uploads a
 * CSK to its MCX server (TS 33.180 5.4), makes and answers private calls with a PCK in SDP, and
 * joins group calls on network (through the MCX server) or off network (directly). Media is RTP
 * over UDP on loopback, protected with SRTP/SRTCP (AEAD_AES_128_GCM, TS 33.180 7.4/7.5).
 */
public final class McxClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("mcx.ue");

  private final UserKeyRing ring;
  private final Clock clock;
  private final SecureRandom random;
  private final SrtpPolicy policy;
  private final MikeySakkeResponder responder;
  private final GroupKeyReceiver receiver;
  private final MikeySakkeInitiator initiator;
  private final UdpEndpoint endpoint;
  private final Map<String, Map<Integer, GroupKey>> gmks = new LinkedHashMap<>();
  private final Map<String, GroupKey> mkfcs = new LinkedHashMap<>();
  private final List<MediaCall> calls = new CopyOnWriteArrayList<>();
  private final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
  private volatile FloorChannel floorChannel;
  private volatile InetSocketAddress serverAddress;
  private volatile int floorSsrc;

  private McxClient(Builder b) {
    this.ring = b.ring;
    this.clock = b.clock;
    this.random = b.random;
    this.policy = b.policy;
    // Status is read here, not by the responder, so that a revocation of a held GMK can be applied.
    KmsDirectory directory = b.directory != null ? b.directory : KmsDirectory.of(ring.kms());
    this.responder = MikeySakkeResponder.builder(ring).clock(clock).kmsDirectory(directory).build();
    this.receiver = new GroupKeyReceiver(ring, directory, b.trustedGms, clock);
    this.initiator = MikeySakkeInitiator.create(ring, clock, random);
    this.endpoint = UdpEndpoint.open(shortName(ring.uri()), b.tap, this::onDatagram);
  }

  public static Builder builder(UserKeyRing ring) {
    return new Builder(ring);
  }

  public String uri() {
    return ring.uri();
  }

  /** Where this UE receives media and floor control. */
  public InetSocketAddress mediaAddress() {
    return endpoint.address();
  }

  UdpEndpoint endpoint() {
    return endpoint;
  }

  SecureRandom random() {
    return random;
  }

  FloorChannel floorChannel() {
    FloorChannel c = floorChannel;
    if (c == null) {
      throw new IllegalStateException(uri() + " has not uploaded a CSK to an MCX server");
    }
    return c;
  }

  // ---------------------------------------------------------------- group keys from the GMS

  /** What accepting a key message did. */
  public sealed interface KeyEvent {}

  /** A GMK or MKFC was stored. */
  public record Stored(String groupId, KeyPurpose purpose, int keyId) implements KeyEvent {}

  /** A held GMK was revoked by its GMS and removed. */
  public record Revoked(String groupId, int keyId) implements KeyEvent {}

  /**
   * Processes a GMK or MKFC I_MESSAGE delivered for {@code groupId}. Refused, with nothing stored,
   * unless it is signed by a configured GMS, addressed to this UE, fresh and not replayed, for
   * this group, unexpired and, unless it revokes a key we hold, not revoked.
   */
  public synchronized KeyEvent acceptGroupKey(String groupId, byte[] imessage) throws KeyRefusedException {
    GroupKeyReceiver.Checked c = receiver.receive(groupId, imessage);
    ReceivedKey k = c.key();
    Instant now = clock.instant();
    if (c.revoked()) {
      Map<Integer, GroupKey> held = gmks.get(groupId);
      if (k.purpose() == KeyPurpose.GMK && held != null && held.containsKey(k.keyId())) {
        GroupKey old = held.remove(k.keyId());
        for (MediaCall call : calls) {
          if (call instanceof GroupCall g && g.groupId().equals(groupId)) {
            g.session().expire(k.keyId(), now);
            g.session().purgeExpired();
          }
        }
        old.key().key().destroy();
        k.key().destroy();
        LOG.info("ue={} group={} gmk={} revoked by the GMS", uri(), groupId, String.format("%08x", k.keyId()));
        return new Revoked(groupId, k.keyId());
      }
      k.key().destroy();
      throw new KeyRefusedException(KeyRefusedException.Reason.REVOKED,
          String.format("key %08x is marked revoked and is not held", k.keyId()));
    }
    GroupKey gk = new GroupKey(groupId, k, c.activation(), c.expiry());
    if (k.purpose() == KeyPurpose.MKFC) {
      mkfcs.put(groupId, gk);
    } else {
      gmks.computeIfAbsent(groupId, g -> new LinkedHashMap<>()).put(k.keyId(), gk);
      for (MediaCall call : calls) {
        if (call instanceof GroupCall g && g.groupId().equals(groupId)) {
          g.session().addKey(k);
          if (gk.usableAt(now)) {
            g.session().activate(k.keyId());
          }
        }
      }
    }
    return new Stored(groupId, k.purpose(), k.keyId());
  }

  /** Accepts every message of a fetch; refusals are returned alongside, never thrown. */
  public List<Object> acceptAll(List<KeyMessage> messages) {
    List<Object> out = new ArrayList<>();
    for (KeyMessage m : messages) {
      try {
        out.add(acceptGroupKey(m.groupId(), m.imessage()));
      } catch (KeyRefusedException e) {
        LOG.warn("ue={} refused a key message for {}: {}", uri(), m.groupId(), e.getMessage());
        out.add(e);
      }
    }
    return out;
  }

  /** The GMK to send under now: the newest held one that is active and unexpired. */
  public synchronized Optional<GroupKey> currentGmk(String groupId) {
    Instant now = clock.instant();
    Map<Integer, GroupKey> m = gmks.getOrDefault(groupId, Map.of());
    GroupKey best = null;
    for (GroupKey k : m.values()) {
      if (k.usableAt(now) && (best == null || !k.activation().isBefore(best.activation()))) {
        best = k;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Every GMK held for the group, by GMK-ID. */
  public synchronized Map<Integer, GroupKey> gmks(String groupId) {
    return Map.copyOf(gmks.getOrDefault(groupId, Map.of()));
  }

  public synchronized Optional<GroupKey> mkfc(String groupId) {
    return Optional.ofNullable(mkfcs.get(groupId));
  }

  // ---------------------------------------------------------------- CSK upload

  /**
   * Makes a CSK and its I_MESSAGE to the MCX server identity {@code mdsi} (TS 33.180 5.4, E.4), and
   * from now on protects floor control with it towards {@code serverAddress}. The caller carries the
   * message to the server (SIP in production).
   */
  public synchronized byte[] uploadCsk(String mdsi, KmsParameters serverKms, InetSocketAddress serverAddress) {
    SecretBytes csk = KeyDistribution.newKey(random);
    int cskId = KeyDistribution.newKeyId(KeyPurpose.CSK, random);
    CreatedIMessage m = initiator.create(KeyDistribution.csk(csk, cskId).to(mdsi, serverKms).build());
    ReceivedKey own = OwnKeys.of(m, csk, KeyPurpose.CSK, cskId, ring);
    this.floorChannel = FloorChannel.open(FloorPath.UNICAST, new FloorKeys(Optional.of(own), Optional.empty(),
        Optional.empty(), Optional.empty()), Role.INITIATOR, McService.MCPTT, policy);
    this.serverAddress = serverAddress;
    return m.encoded();
  }

  // ---------------------------------------------------------------- group calls

  /** Joins a group call on network: media and floor control through the MCX server. */
  public GroupCall joinGroupCall(String groupId) {
    InetSocketAddress server = Objects.requireNonNull(serverAddress, "upload a CSK to the MCX server first");
    GroupCall c = new GroupCall(this, groupId, groupSession(groupId), newSsrc(), Optional.of(server), Optional.empty(),
        Optional.empty());
    calls.add(c);
    return c;
  }

  /**
   * Joins a group call off network: media under the GMK and floor control under the group's MKFC,
   * directly with the other members over {@code path}.
   */
  public GroupCall joinOffNetwork(String groupId, GroupTransport.Factory path) {
    GroupKey mkfc = mkfc(groupId).orElseThrow(() -> new IllegalStateException(uri() + " holds no MKFC of " + groupId));
    FloorChannel ch = FloorChannel.open(FloorPath.MULTICAST, new FloorKeys(Optional.empty(), Optional.empty(),
        Optional.of(mkfc.key()), Optional.empty()), Role.INITIATOR, McService.MCPTT, policy);
    GroupTransport t = path.join(uri(), endpoint, this::onDatagram);
    GroupCall c = new GroupCall(this, groupId, groupSession(groupId), newSsrc(), Optional.empty(), Optional.of(t),
        Optional.of(ch));
    calls.add(c);
    return c;
  }

  private synchronized SrtpSession groupSession(String groupId) {
    GroupKey current = currentGmk(groupId).orElseThrow(() ->
        new IllegalStateException(uri() + " holds no usable GMK of " + groupId));
    SrtpSession s = SrtpSession.create(current.key(), Role.INITIATOR, McService.MCPTT, policy);
    for (GroupKey k : gmks.get(groupId).values()) {
      if (k.keyId() != current.keyId()) {
        s.addKey(k.key());
      }
    }
    s.activate(current.keyId());
    return s;
  }

  // ---------------------------------------------------------------- private calls

  /**
   * Calls {@code callee} privately: a new PCK (purpose tag 1) in an I_MESSAGE to the callee,
   * offered in SDP; the returned call sends once {@linkplain PrivateCall#complete completed}.
   */
  public PrivateCall offerPrivateCall(String callee, KmsParameters calleeKms) {
    SecretBytes pck = KeyDistribution.newKey(random);
    int pckId = KeyDistribution.newKeyId(KeyPurpose.PCK, random);
    CreatedIMessage m = initiator.create(KeyDistribution.pck(pck, pckId).to(callee, calleeKms).build());
    ReceivedKey own = OwnKeys.of(m, pck, KeyPurpose.PCK, pckId, ring);
    SrtpSession s = SrtpSession.create(own, Role.INITIATOR, McService.MCPTT, policy);
    String sdp = CallSdp.offer(endpoint.address(), Integer.toUnsignedLong(random.nextInt()), m.encoded());
    PrivateCall c = new PrivateCall(this, callee, s, newSsrc(), sdp, null);
    calls.add(c);
    return c;
  }

  /**
   * Answers a private call offer from {@code caller}: the PCK must be signed by the caller and
   * encrypted to this UE, else the offer is refused and nothing is kept.
   */
  public PrivateCall answerPrivateCall(String sdpOffer, String caller) throws KeyRefusedException {
    List<byte[]> mikey;
    try {
      mikey = SdpKeyMgmt.mikeyMessages(sdpOffer);
    } catch (KeyMgmtParseException e) {
      throw new KeyRefusedException(KeyRefusedException.Reason.INVALID, "the offer's key-mgmt: " + e.getMessage(), e);
    }
    if (mikey.size() != 1) {
      throw new KeyRefusedException(KeyRefusedException.Reason.INVALID, "the offer carries " + mikey.size()
          + " MIKEY messages, not one");
    }
    ReceivedKey k;
    try {
      k = responder.process(mikey.get(0), Optional.of(caller));
    } catch (MikeyRejectedException e) {
      throw new KeyRefusedException(KeyRefusedException.of(e), e.getMessage(), e);
    } catch (MikeyException e) {
      throw new KeyRefusedException(KeyRefusedException.Reason.INVALID, e.getMessage(), e);
    }
    if (k.purpose() != KeyPurpose.PCK) {
      k.key().destroy();
      throw new KeyRefusedException(KeyRefusedException.Reason.INVALID, "the offer carries a " + k.purpose());
    }
    InetSocketAddress peer = CallSdp.mediaAddress(sdpOffer);
    SrtpSession s = SrtpSession.create(k, Role.RECEIVER, McService.MCPTT, policy);
    PrivateCall c = new PrivateCall(this, caller, s, newSsrc(), sdpOffer, peer);
    c.answered(CallSdp.plain(endpoint.address(), Integer.toUnsignedLong(random.nextInt())), peer);
    calls.add(c);
    return c;
  }

  // ---------------------------------------------------------------- receive path

  private int newSsrc() {
    int s;
    do {
      s = random.nextInt();
    } while (s == 0 || ownSsrc(s));
    return s;
  }

  private boolean ownSsrc(int ssrc) {
    for (MediaCall c : calls) {
      if (c.ssrc == ssrc) {
        return true;
      }
    }
    return false;
  }

  void removeCall(MediaCall c) {
    calls.remove(c);
  }

  /** Packets dropped by every session that tried them, by the first session's reason. */
  public synchronized Map<DropReason, Long> drops() {
    return Map.copyOf(drops);
  }

  private void onDatagram(InetSocketAddress from, byte[] data) {
    boolean rtcp = RtpPacket.isRtcp(data, data.length);
    int ssrcOffset = rtcp ? 4 : 8;
    if (data.length < ssrcOffset + 4) {
      return;
    }
    int ssrc = ((data[ssrcOffset] & 0xFF) << 24) | ((data[ssrcOffset + 1] & 0xFF) << 16)
        | ((data[ssrcOffset + 2] & 0xFF) << 8) | (data[ssrcOffset + 3] & 0xFF);
    if (ownSsrc(ssrc)) {
      return; // our own multicast, looped back
    }
    if (rtcp) {
      onFloorPacket(data);
      return;
    }
    DropReason first = null;
    for (MediaCall c : calls) {
      if (c.tryReceive(data)) {
        return;
      }
    }
    // Which session's reason to count: the first call's (tried again on a copy to learn it).
    if (!calls.isEmpty()) {
      byte[] copy = data.clone();
      int r = calls.get(0).session.unprotectRtp(copy, 0, copy.length);
      first = r < 0 ? DropReason.ofCode(r) : null;
    }
    if (first != null) {
      synchronized (this) {
        drops.merge(first, 1L, Long::sum);
      }
    }
  }

  private void onFloorPacket(byte[] data) {
    FloorChannel unicast = floorChannel;
    if (unicast != null) {
      if (unicast.receive(data) instanceof FloorChannel.Message m) {
        for (MediaCall c : calls) {
          if (c instanceof GroupCall g && !g.offNetwork()) {
            g.onFloor(m.message());
          }
        }
        return;
      }
    }
    for (MediaCall c : calls) {
      if (c instanceof GroupCall g && g.mkfcChannel().isPresent()) {
        if (g.mkfcChannel().get().receive(data) instanceof FloorChannel.Message m) {
          g.onFloor(m.message());
          return;
        }
      }
    }
    synchronized (this) {
      drops.merge(DropReason.AUTH_FAILED, 1L, Long::sum);
    }
  }

  private static String shortName(String uri) {
    String s = uri.replaceFirst("^sip:", "");
    int at = s.indexOf('@');
    return at > 0 ? s.substring(0, at) : s;
  }

  @Override
  public void close() {
    for (MediaCall c : calls) {
      c.leave();
    }
    endpoint.close();
  }

  @Override
  public String toString() {
    return "McxClient[" + uri() + " at " + endpoint.address() + "]";
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

    /** A GMS identity whose group keys this UE accepts (several may be given). */
    public Builder trustGms(String gmsUri) {
      trustedGms.add(Objects.requireNonNull(gmsUri));
      return this;
    }

    /** The KMSs whose users may send to this UE (default: the home KMS only). */
    public Builder kmsDirectory(KmsDirectory d) {
      this.directory = d;
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    public Builder random(SecureRandom r) {
      this.random = Objects.requireNonNull(r);
      return this;
    }

    public Builder srtpPolicy(SrtpPolicy p) {
      this.policy = Objects.requireNonNull(p);
      return this;
    }

    /** Sees every datagram this UE sends (a capture). */
    public Builder tap(PacketTap t) {
      this.tap = Objects.requireNonNull(t);
      return this;
    }

    public McxClient build() {
      if (trustedGms.isEmpty()) {
        throw new IllegalStateException("a UE needs at least one GMS identity to accept group keys from");
      }
      return new McxClient(this);
    }
  }
}
