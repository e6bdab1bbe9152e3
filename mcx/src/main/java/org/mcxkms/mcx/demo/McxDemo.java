package org.mcxkms.mcx.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.profile.ProfileKey;
import org.mcxkms.kms.client.profile.ProfileSettings;
import org.mcxkms.kms.client.trust.TlsTrust;
import org.mcxkms.mcx.gms.GmsStateStore;
import org.mcxkms.mcx.gms.GroupConfig;
import org.mcxkms.mcx.gms.GroupManagementServer;
import org.mcxkms.mcx.gms.HttpsKeyDeliveryServer;
import org.mcxkms.mcx.gms.JwksTokenVerifier;
import org.mcxkms.mcx.gms.KeyingReport;
import org.mcxkms.mcx.gms.Mailbox;
import org.mcxkms.mcx.keys.McxIdentity;
import org.mcxkms.mcx.media.Audio;
import org.mcxkms.mcx.net.FanoutGroupTransport;
import org.mcxkms.mcx.net.GroupTransport;
import org.mcxkms.mcx.net.MulticastGroupTransport;
import org.mcxkms.mcx.net.PacketTap;
import org.mcxkms.mcx.net.PcapWriter;
import org.mcxkms.mcx.net.UdpEndpoint;
import org.mcxkms.mcx.server.FloorRefusal;
import org.mcxkms.mcx.server.McxServer;
import org.mcxkms.mcx.ue.GroupCall;
import org.mcxkms.mcx.ue.GroupKey;
import org.mcxkms.mcx.ue.HttpsKeyFetcher;
import org.mcxkms.mcx.ue.McxClient;
import org.mcxkms.mcx.ue.MediaCall;
import org.mcxkms.mcx.ue.PrivateCall;
import org.mcxkms.mcx.ue.TalkResult;
import org.mcxkms.media.floor.FloorMessage;
import org.mcxkms.media.floor.FloorMessageType;
import org.mcxkms.media.srtp.DropReason;
import org.mcxkms.mikey.KeyPurpose;

/**
 * The whole MCX security story on real sockets against a real KMS: a GMS, an MCX server and three
 * UEs provisioned from the KMS over HTTPS by the key management client, then the seven steps
 * (group keying; a group call the server relays but cannot open; rekey when carol leaves; a
 * private call; the server in the security context recording; off network with MKFC floor
 * control; carol revoked at the KMS). Each step returns what it checked. The steps run in order;
 * {@link #runAll} runs them all and writes the report, the WAV files and the capture.
 */
public final class McxDemo implements AutoCloseable {
  public static final String DOMAIN = "mcx.example.org";
  public static final String GMS = "sip:gms@" + DOMAIN;
  public static final String SERVER = "sip:mcx-server@" + DOMAIN;
  public static final String ALICE = "sip:alice@" + DOMAIN;
  public static final String BOB = "sip:bob@" + DOMAIN;
  public static final String CAROL = "sip:carol@" + DOMAIN;
  public static final String FIRE = "sip:fire@" + DOMAIN;
  public static final String RESCUE = "sip:rescue@" + DOMAIN;

  private static final ProfileKey.Argon2Params THROWAWAY_ARGON2 = new ProfileKey.Argon2Params(256, 1, 1);

  /** Demonstration settings: fast = short bursts without real-time pacing (CI). */
  public record Options(boolean fast, boolean showKeys, PrintStream out) {}

  private final KmsHandle kms;
  private final Path dataDir;
  private final Path outDir;
  private final Options options;
  private final SecureRandom random = new SecureRandom();
  private final Clock clock = Clock.systemUTC();
  private final PcapWriter pcap;
  final CaptureTap tap;
  final Map<String, McxIdentity> identities = new LinkedHashMap<>();
  final Map<String, McxClient> ues = new LinkedHashMap<>();
  final Map<String, HttpsKeyFetcher> fetchers = new LinkedHashMap<>();
  final Mailbox mailbox = new Mailbox();
  HttpsKeyDeliveryServer delivery;
  GroupManagementServer gms;
  McxServer server;
  private final List<StepResult> results = new ArrayList<>();
  private final Map<String, Object> numbers = new LinkedHashMap<>();
  private final short[] speech;
  private final byte[] speechUlaw;
  private final List<byte[]> frames;
  private GroupCall aliceFire;
  private GroupCall bobFire;
  private GroupCall carolFire;
  private String offNetworkPath = "";

  private McxDemo(KmsHandle kms, Path dataDir, Path outDir, Options options) throws IOException {
    this.kms = kms;
    this.dataDir = dataDir;
    this.outDir = outDir;
    this.options = options;
    Files.createDirectories(outDir);
    this.pcap = PcapWriter.create(outDir.resolve("protected-packets.pcap"), clock);
    this.tap = new CaptureTap(pcap);
    this.speech = Audio.speechLike(options.fast() ? 500 : 2000);
    this.speechUlaw = Audio.toUlaw(speech);
    this.frames = Audio.frames(speechUlaw);
  }

  /** Sets the scene: every identity registered at the KMS and provisioned over HTTPS, the roles started. */
  public static McxDemo setUp(KmsHandle kms, Path dataDir, Path outDir, Options options) throws Exception {
    McxDemo d = new McxDemo(kms, dataDir, outDir, options);
    try {
      d.provisionAll();
      return d;
    } catch (Exception | Error e) {
      d.close();
      throw e;
    }
  }

  private void provisionAll() throws Exception {
    long start = System.nanoTime();
    List<Check> checks = new ArrayList<>();
    kms.register(GMS, true);
    kms.register(SERVER, true);
    for (String u : List.of(ALICE, BOB, CAROL)) {
      kms.register(u, false);
    }
    for (String u : List.of(GMS, SERVER, ALICE, BOB, CAROL)) {
      ProfileSettings s = ProfileSettings.builder().kmsUrl(kms.kmsUrl()).userUri(u)
          .tls(TlsTrust.pinned(kms.tlsFingerprint())).build();
      McxIdentity id = McxIdentity.provision(dataDir.resolve(name(u)),
          ProfileKey.passphrase(("demo " + u).toCharArray(), THROWAWAY_ARGON2), s, kms.tokens(u));
      identities.put(u, id);
      checks.add(Check.of(name(u) + " provisioned from the KMS over HTTPS", id.profile().periods(u).size() >= 1,
          id.profile().periods(u).size() + " key periods stored"));
    }
    GmsStateStore store = new GmsStateStore(dataDir.resolve("gms-state.bin"), SecretBytes.random(32, random), random);
    gms = GroupManagementServer.builder(identities.get(GMS).keyRing(), mailbox).stateStore(store).build();
    delivery = HttpsKeyDeliveryServer.start(mailbox, JwksTokenVerifier.fromFile(kms.jwksFile(), kms.tokenIssuer(),
        kms.tokenAudience(), kms.identityClaim()));
    server = McxServer.builder(identities.get(SERVER).keyRing()).trustGms(GMS).tap(tap).build();
    for (String u : List.of(ALICE, BOB, CAROL)) {
      ues.put(u, McxClient.builder(identities.get(u).keyRing()).trustGms(GMS).tap(tap).build());
    }
    for (String u : List.of(SERVER, ALICE, BOB, CAROL)) {
      fetchers.put(u, new HttpsKeyFetcher(delivery.url(), TlsTrust.pinned(delivery.fingerprint()), kms.tokens(u), u));
    }
    for (String u : List.of(ALICE, BOB, CAROL)) {
      McxClient ue = ues.get(u);
      byte[] upload = ue.uploadCsk(SERVER, identities.get(SERVER).keyRing().kms(), server.address());
      server.acceptCsk(u, upload, ue.mediaAddress());
    }
    checks.add(Check.of("alice, bob and carol uploaded a CSK to the MCX server (TS 33.180 5.4)", true,
        "floor control between each UE and the server is protected under its own CSK"));
    record(0, "Provisioning: KMS, IdM, GMS, MCX server, alice, bob, carol", checks, start);
  }

  // ---------------------------------------------------------------- steps

  /** (1) The GMS keys group "fire"; every member fetches its GMK over HTTPS and accepts it. */
  public StepResult step1KeyGroup() throws Exception {
    long start = System.nanoTime();
    List<Check> checks = new ArrayList<>();
    KeyingReport r = gms.createGroup(GroupConfig.of(FIRE, "fire", List.of(ALICE, BOB, CAROL)).withServer(SERVER, false));
    server.configureGroup(FIRE, List.of(ALICE, BOB, CAROL));
    checks.add(Check.of("one GMK and one MKFC I_MESSAGE per member", r.messages() == 6, r.messages() + " messages to "
        + r.recipients()));
    Map<String, Integer> gukIds = new LinkedHashMap<>();
    for (String u : List.of(ALICE, BOB, CAROL)) {
      fetch(u);
      McxClient ue = ues.get(u);
      Optional<GroupKey> k = ue.currentGmk(FIRE);
      checks.add(Check.of(name(u) + " holds GMK " + hex(r.gmkId()) + " and the MKFC",
          k.isPresent() && k.get().keyId() == r.gmkId() && ue.mkfc(FIRE).isPresent(),
          k.map(g -> "GMK-ID " + hex(g.keyId()) + ", GUK-ID " + hex(g.key().gukId().orElse(0)) + ", active "
              + g.activation() + " .. " + g.expiry()).orElse("none")));
      k.ifPresent(g -> gukIds.put(u, g.key().gukId().orElse(0)));
      if (options.showKeys()) {
        k.ifPresent(g -> options.out().println("      [key] " + name(u) + " GMK " + hex(g.keyId()) + " = "
            + HexFormat.of().formatHex(g.key().key().toByteArray(SecretAccess.get()))));
      }
    }
    checks.add(Check.of("end-point diversity: every member has its own GUK-ID (TS 33.180 5.2.3)",
        gukIds.values().stream().distinct().count() == 3, gukIds.values().stream().map(McxDemo::hex).toList().toString()));
    checks.add(Check.of("the MCX server (out of the security context) received no GMK",
        fetchers.get(SERVER).fetch().isEmpty() && !server.holdsGmk(FIRE), "nothing pending for " + SERVER));
    byte[] state = Files.readAllBytes(dataDir.resolve("gms-state.bin"));
    byte[] gmk = ues.get(ALICE).currentGmk(FIRE).orElseThrow().key().key().toByteArray(SecretAccess.get());
    checks.add(Check.of("the GMS state is stored encrypted (the GMK does not appear in the file)",
        indexOf(state, gmk) < 0 && state.length > 0, state.length + " octets, AES-256-GCM"));
    Arrays.fill(gmk, (byte) 0);
    return record(1, "The GMS keys group \"fire\"", checks, start);
  }

  /** (2) alice takes the floor and talks; bob and carol hear exactly that; the server relays but cannot decrypt. */
  public StepResult step2GroupCall() throws Exception {
    long start = System.nanoTime();
    List<Check> checks = new ArrayList<>();
    aliceFire = ues.get(ALICE).joinGroupCall(FIRE);
    bobFire = ues.get(BOB).joinGroupCall(FIRE);
    carolFire = ues.get(CAROL).joinGroupCall(FIRE);
    for (String u : List.of(ALICE, BOB, CAROL)) {
      server.attach(FIRE, u);
    }
    long relayedBefore = server.relayedPackets();
    TalkResult t = aliceFire.talk(frames, pacing());
    checks.add(Check.of("alice was granted the floor by the MCX server (floor messages under her CSK)", t.granted(),
        t.framesSent() + " frames sent"));
    checks.add(heard("bob", bobFire, "bob-heard-alice.wav"));
    checks.add(heard("carol", carolFire, "carol-heard-alice.wav"));
    checks.add(Check.of("bob saw Floor Taken for alice", bobFire.floorLog().stream().anyMatch(
        m -> m.type() == FloorMessageType.FLOOR_TAKEN), floorTypes(bobFire.floorLog())));
    long relayed = server.relayedPackets() - relayedBefore;
    checks.add(Check.of("the MCX server relayed every packet", relayed == frames.size(), relayed + " relayed"));
    checks.add(Check.of("the MCX server (out of the context) holds no GMK and recorded nothing",
        !server.holdsGmk(FIRE) && server.takeRecording(FIRE).length == 0, "it relays packets it cannot open"));
    Audio.writeWav(outDir.resolve("alice-said.wav"), speech);
    return record(2, "alice talks to the group through the MCX server", checks, start);
  }

  /** (3) carol leaves; the group is rekeyed; carol cannot decrypt the next burst. */
  public StepResult step3RekeyOnLeave() throws Exception {
    long start = System.nanoTime();
    List<Check> checks = new ArrayList<>();
    int oldGmk = gms.currentGmkId(FIRE);
    KeyingReport r = gms.removeMember(FIRE, CAROL);
    server.configureGroup(FIRE, List.of(ALICE, BOB));
    checks.add(Check.of("a new GMK went to the remaining members only", r.gmkId() != oldGmk
        && !r.recipients().contains(CAROL), hex(oldGmk) + " -> " + hex(r.gmkId()) + " to " + r.recipients()));
    fetch(ALICE);
    fetch(BOB);
    int carolGot = fetch(CAROL);
    checks.add(Check.of("carol received nothing", carolGot == 0, carolGot + " key messages"));
    checks.add(Check.of("alice and bob send under the new GMK", ues.get(ALICE).currentGmk(FIRE).orElseThrow().keyId()
        == r.gmkId() && ues.get(BOB).currentGmk(FIRE).orElseThrow().keyId() == r.gmkId(), hex(r.gmkId())));
    int mark = tap.mark();
    TalkResult t = aliceFire.talk(frames, pacing());
    checks.add(heard("bob", bobFire, "bob-heard-after-rekey.wav"));
    // carol captured alice's packets off the wire and tries her old key on them.
    List<CaptureTap.Captured> sniffed = tap.since(mark).stream()
        .filter(c -> c.from().equals(ues.get(ALICE).mediaAddress()) && c.data().length > 1 && (c.data()[1] & 0x7F) == 0)
        .toList();
    long dropsBefore = ues.get(CAROL).drops().getOrDefault(DropReason.UNKNOWN_MKI, 0L);
    try (UdpEndpoint sniffer = UdpEndpoint.open("eavesdrop", PacketTap.NONE, (a, b) -> {})) {
      for (CaptureTap.Captured c : sniffed) {
        sniffer.send(c.data(), c.data().length, ues.get(CAROL).mediaAddress());
      }
      Thread.sleep(100);
    }
    long dropped = ues.get(CAROL).drops().getOrDefault(DropReason.UNKNOWN_MKI, 0L) - dropsBefore;
    int opened = carolFire.takeReceived().size();
    checks.add(Check.of("carol cannot decrypt the burst (replayed to her from the wire)",
        t.granted() && opened == 0 && dropped == sniffed.size() && !sniffed.isEmpty(),
        sniffed.size() + " packets, " + opened + " opened, " + dropped + " dropped as UNKNOWN_MKI"));
    carolFire.leave();
    return record(3, "carol leaves \"fire\": rekey", checks, start);
  }

  /** (4) alice calls bob privately with a PCK offered in SDP. */
  public StepResult step4PrivateCall() throws Exception {
    long start = System.nanoTime();
    List<Check> checks = new ArrayList<>();
    long k0 = System.nanoTime();
    PrivateCall caller = ues.get(ALICE).offerPrivateCall(BOB, identities.get(BOB).keyRing().kms());
    PrivateCall callee = ues.get(BOB).answerPrivateCall(caller.offerSdp(), ALICE);
    caller.complete(callee.answerSdp());
    double keyingMs = (System.nanoTime() - k0) / 1e6;
    numbers.put("private_call_keying_ms", Math.round(keyingMs * 10) / 10.0);
    checks.add(Check.of("the offer carries the PCK as a=key-mgmt:mikey (RFC 4567)",
        caller.offerSdp().contains("a=key-mgmt:mikey "), String.format("PCK offer made and accepted in %.1f ms", keyingMs)));
    caller.talk(frames, pacing());
    checks.add(heard("bob (private, CS-ID 0)", callee, "bob-heard-private.wav"));
    callee.talk(frames, pacing());
    checks.add(heard("alice (private, CS-ID 1)", caller, "alice-heard-private.wav"));
    caller.leave();
    callee.leave();
    return record(4, "alice calls bob privately (PCK)", checks, start);
  }

  /** (5) The MCX server joins the security context and records the group's audio. */
  public StepResult step5ServerInContext() throws Exception {
    long start = System.nanoTime();
    List<Check> checks = new ArrayList<>();
    KeyingReport r = gms.setServerInContext(FIRE, true);
    checks.add(Check.of("the GMS sent the new GMK to the server's identity too", r.recipients().contains(SERVER),
        "recipients " + r.recipients()));
    for (var m : fetchers.get(SERVER).fetch()) {
      if (m.purpose() == KeyPurpose.GMK) {
        server.acceptGroupKey(m.groupId(), m.imessage());
      }
    }
    fetch(ALICE);
    fetch(BOB);
    checks.add(Check.of("the server holds the GMK", server.holdsGmk(FIRE), hex(r.gmkId())));
    TalkResult t = aliceFire.talk(frames, pacing());
    checks.add(heard("bob", bobFire, "bob-heard-in-context.wav"));
    byte[] rec = server.takeRecording(FIRE);
    short[] pcm = Audio.fromUlaw(rec);
    Audio.writeWav(outDir.resolve("server-recording.wav"), pcm);
    checks.add(Check.of("the server's recording is exactly what alice said", t.granted() && Arrays.equals(rec,
        joined(frames)), rec.length + " mu-law octets recorded, server-recording.wav"));
    return record(5, "the MCX server in the security context records", checks, start);
  }

  /** (6) Off network: bob and carol talk directly, media under the GMK, floor control under the MKFC. */
  public StepResult step6OffNetwork() throws Exception {
    long start = System.nanoTime();
    List<Check> checks = new ArrayList<>();
    gms.createGroup(GroupConfig.of(RESCUE, "rescue", List.of(BOB, CAROL)));
    fetch(BOB);
    fetch(CAROL);
    checks.add(Check.of("bob and carol hold the GMK and MKFC of \"rescue\"", ues.get(BOB).mkfc(RESCUE).isPresent()
        && ues.get(CAROL).mkfc(RESCUE).isPresent() && ues.get(CAROL).currentGmk(RESCUE).isPresent(), "from the GMS"));
    int port = 20000 + random.nextInt(20000);
    Optional<GroupTransport.Factory> mc = MulticastGroupTransport.onLoopback(
        new InetSocketAddress("239.255.77." + (1 + random.nextInt(250)), port), tap);
    GroupTransport.Factory path = mc.orElseGet(FanoutGroupTransport::hub);
    offNetworkPath = mc.isPresent() ? "UDP multicast on loopback" : "loopback fan-out (the OS does not loop multicast)";
    GroupCall bob = ues.get(BOB).joinOffNetwork(RESCUE, path);
    GroupCall carol = ues.get(CAROL).joinOffNetwork(RESCUE, path);
    TalkResult t1 = bob.talk(frames, pacing());
    checks.add(heard("carol (off network, " + offNetworkPath + ")", carol, "carol-heard-bob-off-network.wav"));
    checks.add(Check.of("carol saw bob's Floor Request and Floor Taken under the MKFC", t1.granted()
        && carol.floorLog().stream().anyMatch(m -> m.type() == FloorMessageType.FLOOR_TAKEN)
        && carol.floorLog().stream().anyMatch(m -> m.type() == FloorMessageType.FLOOR_REQUEST),
        floorTypes(carol.floorLog())));
    TalkResult t2 = carol.talk(frames, pacing());
    checks.add(heard("bob (off network)", bob, "bob-heard-carol-off-network.wav"));
    checks.add(Check.of("carol took the floor after bob released it", t2.granted(), floorTypes(bob.floorLog())));
    bob.leave();
    carol.leave();
    PrivateCall p = ues.get(BOB).offerPrivateCall(CAROL, identities.get(CAROL).keyRing().kms());
    PrivateCall q = ues.get(CAROL).answerPrivateCall(p.offerSdp(), BOB);
    p.complete(q.answerSdp());
    p.talk(frames, pacing());
    checks.add(heard("carol (off-network private call, PCK)", q, "carol-heard-bob-private-off-network.wav"));
    p.leave();
    q.leave();
    return record(6, "off network: bob and carol talk directly", checks, start);
  }

  /** (7) carol is revoked at the KMS: she gets no more keys. */
  public StepResult step7Revocation() throws Exception {
    long start = System.nanoTime();
    List<Check> checks = new ArrayList<>();
    McxIdentity carol = identities.get(CAROL);
    int periodsBefore = carol.profile().periods(CAROL).size();
    kms.revoke(CAROL);
    String outcome;
    boolean refused;
    try {
      carol.refresh();
      refused = false;
      outcome = "the KMS still issued keys";
    } catch (KmsClientException e) {
      refused = true;
      outcome = "refused: " + e.problem();
    }
    checks.add(Check.of("the KMS refuses carol's key material for the next period", refused, outcome));
    int after = carol.profile().periods(CAROL).size();
    checks.add(Check.of("nothing new was stored in carol's profile", after <= periodsBefore,
        periodsBefore + " key periods before, " + after + " after (the client drops the periods the KMS reports revoked)"));
    List<KeyingReport> rs = gms.removeEverywhere(CAROL);
    int carolGot = fetch(CAROL);
    fetch(BOB);
    checks.add(Check.of("the GMS rekeyed carol's remaining groups without her", !rs.isEmpty() && carolGot == 0
        && ues.get(BOB).currentGmk(RESCUE).orElseThrow().keyId() == gms.currentGmkId(RESCUE),
        rs.size() + " groups rekeyed, carol received " + carolGot + " messages"));
    return record(7, "carol's identity is revoked at the KMS", checks, start);
  }

  /** A UE of the demonstration (alice, bob or carol by URI). */
  public McxClient ue(String uri) {
    return ues.get(uri);
  }

  public McxIdentity identity(String uri) {
    return identities.get(uri);
  }

  public GroupManagementServer gms() {
    return gms;
  }

  /** What the GMS delivered and nobody fetched yet. */
  public Mailbox mailbox() {
    return mailbox;
  }

  public McxServer server() {
    return server;
  }

  /** Runs steps 1..7, writes report.json, and returns whether every check passed. */
  public boolean runAll() throws Exception {
    step1KeyGroup();
    step2GroupCall();
    step3RekeyOnLeave();
    step4PrivateCall();
    step5ServerInContext();
    step6OffNetwork();
    step7Revocation();
    writeReport();
    return passed();
  }

  public boolean passed() {
    return results.stream().allMatch(StepResult::passed);
  }

  public List<StepResult> results() {
    return List.copyOf(results);
  }

  public Path outputDirectory() {
    return outDir;
  }

  /** The speech sent in every burst, as mu-law frames. */
  public List<byte[]> frames() {
    return frames;
  }

  public void writeReport() throws IOException {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("passed", passed());
    r.put("fast", options.fast());
    r.put("off_network_path", offNetworkPath);
    r.put("numbers", numbers);
    List<Object> steps = new ArrayList<>();
    for (StepResult s : results) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("step", s.number());
      m.put("title", s.title());
      m.put("passed", s.passed());
      m.put("elapsed_ms", s.elapsed().toMillis());
      m.put("checks", s.checks());
      steps.add(m);
    }
    r.put("steps", steps);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(outDir.resolve("report.json").toFile(), r);
  }

  // ---------------------------------------------------------------- helpers

  private Duration pacing() {
    return options.fast() ? Duration.ZERO : Duration.ofMillis(20);
  }

  private int fetch(String u) throws IOException {
    var msgs = fetchers.get(u).fetch();
    for (Object o : ues.get(u).acceptAll(msgs)) {
      if (o instanceof Exception e) {
        throw new IllegalStateException(name(u) + " refused a key message from the GMS: " + e.getMessage(), e);
      }
    }
    return msgs.size();
  }

  private Check heard(String who, MediaCall call, String wav) throws Exception {
    call.awaitFrames(frames.size(), 5000);
    Thread.sleep(20);
    List<byte[]> got = call.takeReceived();
    byte[] ulaw = joined(got);
    Audio.writeWav(outDir.resolve(wav), Audio.fromUlaw(ulaw));
    boolean same = Arrays.equals(ulaw, joined(frames));
    short[] expected = Audio.fromUlaw(joined(frames));
    short[] decoded = Audio.fromUlaw(ulaw);
    return Check.of(who + " decoded exactly what was said", same && Arrays.equals(expected, decoded),
        got.size() + "/" + frames.size() + " frames, PCM " + (Arrays.equals(expected, decoded) ? "identical" : "DIFFERS")
            + ", " + wav);
  }

  static byte[] joined(List<byte[]> fs) {
    int n = fs.stream().mapToInt(f -> f.length).sum();
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] f : fs) {
      System.arraycopy(f, 0, out, o, f.length);
      o += f.length;
    }
    return out;
  }

  private static String floorTypes(List<FloorMessage> log) {
    return log.stream().map(m -> m.type().name()).toList().toString();
  }

  private StepResult record(int n, String title, List<Check> checks, long start) {
    StepResult r = new StepResult(n, title, checks, Duration.ofNanos(System.nanoTime() - start));
    results.add(r);
    PrintStream out = options.out();
    out.printf("(%d) %s  [%s, %d ms]%n", n, title, r.passed() ? "PASS" : "FAIL", r.elapsed().toMillis());
    for (Check c : checks) {
      out.printf("    %s %s: %s%n", c.passed() ? "ok  " : "FAIL", c.what(), c.detail());
    }
    return r;
  }

  static String name(String uri) {
    String s = uri.replaceFirst("^sip:", "");
    return s.substring(0, s.indexOf('@'));
  }

  static String hex(int v) {
    return String.format("%08x", v);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() {
    for (McxClient ue : ues.values()) {
      ue.close();
    }
    if (server != null) {
      server.close();
    }
    if (delivery != null) {
      delivery.close();
    }
    if (gms != null) {
      gms.close();
    }
    for (McxIdentity id : identities.values()) {
      id.close();
    }
    try {
      pcap.close();
    } catch (IOException e) {
      options.out().println("could not close the capture: " + e.getMessage());
    }
  }
}
