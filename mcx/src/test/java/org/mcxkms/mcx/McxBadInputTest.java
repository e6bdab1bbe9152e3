package org.mcxkms.mcx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mcxkms.mcx.demo.McxDemo.ALICE;
import static org.mcxkms.mcx.demo.McxDemo.BOB;
import static org.mcxkms.mcx.demo.McxDemo.CAROL;
import static org.mcxkms.mcx.demo.McxDemo.GMS;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.mcx.demo.McxDemo;
import org.mcxkms.mcx.gms.GroupConfig;
import org.mcxkms.mcx.gms.GroupManagementServer;
import org.mcxkms.mcx.gms.KeyMessage;
import org.mcxkms.mcx.gms.KeyingReport;
import org.mcxkms.mcx.gms.Mailbox;
import org.mcxkms.mcx.media.Audio;
import org.mcxkms.mcx.net.FanoutGroupTransport;
import org.mcxkms.mcx.net.GroupTransport;
import org.mcxkms.mcx.server.FloorRefusal;
import org.mcxkms.mcx.ue.GroupCall;
import org.mcxkms.mcx.ue.GroupKey;
import org.mcxkms.mcx.ue.KeyRefusedException.Reason;
import org.mcxkms.mcx.ue.KeyRefusedException;
import org.mcxkms.mcx.ue.McxClient;
import org.mcxkms.mcx.ue.PrivateCall;
import org.mcxkms.mcx.ue.TalkResult;
import org.mcxkms.media.floor.FloorField;
import org.mcxkms.media.srtp.DropReason;
import org.mcxkms.mikey.CreatedIMessage;
import org.mcxkms.mikey.KeyDistribution;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.MikeySakkeInitiator;
import org.mcxkms.mikey.wire.ByteString;
import org.mcxkms.mikey.wire.KeyParameters;

/**
 * Bad input over the real roles, provisioned by the real KMS: each is refused with a typed reason
 * and leaves nothing stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McxBadInputTest {
  EmbeddedKms kms;
  McxDemo world;
  int groups;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    kms = EmbeddedKms.start(dir.resolve("kms"));
    world = McxDemo.setUp(kms, dir.resolve("data"), dir.resolve("out"),
        new McxDemo.Options(true, false, new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8)));
  }

  @AfterAll
  void stop() {
    if (world != null) {
      world.close();
    }
    if (kms != null) {
      kms.close();
    }
  }

  String newGroup(List<String> members) {
    String g = "sip:bad-input-" + (++groups) + "@" + McxDemo.DOMAIN;
    world.gms().createGroup(GroupConfig.of(g, "group " + groups, members));
    return g;
  }

  /** The member's GMK message of the last keying of {@code group}. */
  byte[] gmkMessage(String member, String group) {
    return world.mailbox().take(member).stream().filter(m -> m.groupId().equals(group)
        && m.purpose() == KeyPurpose.GMK).reduce((a, b) -> b).orElseThrow().imessage();
  }

  void accept(String member, String group) {
    for (KeyMessage m : world.mailbox().take(member)) {
      assertThat(world.ue(member).acceptAll(List.of(m))).allMatch(o -> !(o instanceof Exception));
    }
  }

  static void refused(Reason reason, ThrowingCall call) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(KeyRefusedException.class,
        e -> assertThat(e.reason()).isEqualTo(reason));
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void gmkSignedByAnyoneButTheGmsIsRefused() {
    String g = newGroup(List.of(BOB));
    world.mailbox().take(BOB);
    // alice, a valid user of the same KMS, makes a perfectly formed GMK message for bob's group.
    SecureRandom r = new SecureRandom();
    KeyParameters p = new KeyParameters(0, 1, System.currentTimeMillis() / 1000, System.currentTimeMillis() / 1000 + 3600,
        "forged", true, List.of(new KeyParameters.GroupId(0x7b, ByteString.of(g.getBytes(StandardCharsets.UTF_8)))));
    CreatedIMessage forged = MikeySakkeInitiator.create(world.identity(ALICE).keyRing(), Clock.systemUTC(), r)
        .create(KeyDistribution.gmk(KeyDistribution.newKey(r), KeyDistribution.newKeyId(KeyPurpose.GMK, r))
            .to(BOB, world.identity(BOB).keyRing().kms()).keyParameters(Optional.of(p)).build());
    refused(Reason.NOT_FROM_TRUSTED_SENDER, () -> world.ue(BOB).acceptGroupKey(g, forged.encoded()));
    assertThat(world.ue(BOB).gmks(g)).isEmpty();
  }

  @Test
  void replayedGmkMessageIsRefused() throws Exception {
    String g = newGroup(List.of(BOB));
    byte[] m = gmkMessage(BOB, g);
    world.ue(BOB).acceptGroupKey(g, m);
    Map<Integer, GroupKey> before = world.ue(BOB).gmks(g);
    refused(Reason.REPLAYED, () -> world.ue(BOB).acceptGroupKey(g, m));
    assertThat(world.ue(BOB).gmks(g)).isEqualTo(before);
  }

  @Test
  void gmkForAnotherGroupOrAnotherMemberIsRefused() {
    String g = newGroup(List.of(ALICE, BOB));
    String other = newGroup(List.of(BOB));
    world.mailbox().take(ALICE);
    List<KeyMessage> bobs = world.mailbox().take(BOB);
    byte[] forG = bobs.stream().filter(m -> m.groupId().equals(g) && m.purpose() == KeyPurpose.GMK).findFirst()
        .orElseThrow().imessage();
    refused(Reason.WRONG_GROUP, () -> world.ue(BOB).acceptGroupKey(other, forG));
    assertThat(world.ue(BOB).gmks(other)).isEmpty();
    byte[] forBob = bobs.stream().filter(m -> m.groupId().equals(other) && m.purpose() == KeyPurpose.GMK).findFirst()
        .orElseThrow().imessage();
    refused(Reason.NOT_FOR_ME, () -> world.ue(ALICE).acceptGroupKey(other, forBob));
    assertThat(world.ue(ALICE).gmks(other)).isEmpty();
  }

  @Test
  void expiredGmkIsRefused() throws Exception {
    Mailbox box = new Mailbox();
    try (GroupManagementServer stale = GroupManagementServer.builder(world.identity(GMS).keyRing(), box)
        .keyLifetime(Duration.ofSeconds(-60)).build()) {
      String g = "sip:expired@" + McxDemo.DOMAIN;
      stale.createGroup(GroupConfig.of(g, "expired", List.of(CAROL)));
      byte[] m = box.take(CAROL).stream().filter(k -> k.purpose() == KeyPurpose.GMK).findFirst().orElseThrow().imessage();
      refused(Reason.EXPIRED, () -> world.ue(CAROL).acceptGroupKey(g, m));
      assertThat(world.ue(CAROL).gmks(g)).isEmpty();
    }
  }

  @Test
  void revokedGmkIsRefusedAndAHeldOneIsDropped() throws Exception {
    String g = newGroup(List.of(ALICE, BOB));
    accept(ALICE, g);
    world.mailbox().take(BOB); // bob never took this GMK
    int gmkId = world.gms().currentGmkId(g);
    KeyingReport r = world.gms().revoke(g, gmkId);
    assertThat(r.kind()).isEqualTo(KeyingReport.Kind.REVOKED);
    byte[] toBob = gmkMessage(BOB, g);
    refused(Reason.REVOKED, () -> world.ue(BOB).acceptGroupKey(g, toBob));
    assertThat(world.ue(BOB).gmks(g)).isEmpty();
    assertThat(world.ue(ALICE).acceptGroupKey(g, gmkMessage(ALICE, g)))
        .isEqualTo(new McxClient.Revoked(g, gmkId));
    assertThat(world.ue(ALICE).gmks(g)).doesNotContainKey(gmkId);
  }

  @Test
  void pckOfferForAnotherCalleeIsRefused() {
    PrivateCall toCarol = world.ue(ALICE).offerPrivateCall(CAROL, world.identity(CAROL).keyRing().kms());
    refused(Reason.NOT_FOR_ME, () -> world.ue(BOB).answerPrivateCall(toCarol.offerSdp(), ALICE));
    // and an offer claimed to be from someone else than its signer
    PrivateCall toBob = world.ue(ALICE).offerPrivateCall(BOB, world.identity(BOB).keyRing().kms());
    refused(Reason.NOT_FROM_TRUSTED_SENDER, () -> world.ue(BOB).answerPrivateCall(toBob.offerSdp(), CAROL));
    toCarol.leave();
    toBob.leave();
  }

  @Test
  void floorRequestFromANonMemberIsDenied() throws Exception {
    String g = newGroup(List.of(ALICE, CAROL));
    accept(ALICE, g);
    accept(CAROL, g);
    // The server's group document has alice only: carol holds an old GMK but is not a member.
    world.server().configureGroup(g, List.of(ALICE));
    world.server().attach(g, ALICE);
    world.server().attach(g, CAROL);
    GroupCall carol = world.ue(CAROL).joinGroupCall(g);
    long relayed = world.server().relayedPackets();
    TalkResult t = carol.talk(Audio.frames(Audio.toUlaw(Audio.speechLike(100))), Duration.ZERO);
    assertThat(t.granted()).isFalse();
    assertThat(world.server().floorRefusals()).contains(new FloorRefusal(CAROL, g, FloorRefusal.Reason.NOT_A_MEMBER));
    assertThat(world.server().floorHolder(g)).isEmpty();
    assertThat(world.server().relayedPackets()).isEqualTo(relayed);
    carol.leave();
  }

  @Test
  void mediaInjectedByAServerOutsideTheContextIsDropped() throws Exception {
    String g = newGroup(List.of(ALICE, BOB));
    accept(ALICE, g);
    accept(BOB, g);
    world.server().configureGroup(g, List.of(ALICE, BOB));
    GroupCall alice = world.ue(ALICE).joinGroupCall(g);
    GroupCall bob = world.ue(BOB).joinGroupCall(g);
    world.server().attach(g, ALICE);
    world.server().attach(g, BOB);
    List<byte[]> frames = Audio.frames(Audio.toUlaw(Audio.speechLike(200)));
    assertThat(alice.talk(frames, Duration.ZERO).granted()).isTrue();
    bob.awaitFrames(frames.size(), 5000);
    assertThat(bob.takeReceived()).hasSize(frames.size());
    long authFailed = world.ue(BOB).drops().getOrDefault(DropReason.AUTH_FAILED, 0L)
        + bob.session().dropped(DropReason.AUTH_FAILED);
    assertThat(world.server().holdsGmk(g)).isFalse();
    int sent = world.server().injectForgedMedia(g);
    assertThat(sent).isEqualTo(2);
    Thread.sleep(200);
    assertThat(bob.takeReceived()).isEmpty();
    assertThat(world.ue(BOB).drops().getOrDefault(DropReason.AUTH_FAILED, 0L)
        + bob.session().dropped(DropReason.AUTH_FAILED)).isGreaterThan(authFailed);
    alice.leave();
    bob.leave();
  }

  @Test
  void offNetworkFloorRequestWhileAnotherMemberTalksIsDenied() throws Exception {
    String g = newGroup(List.of(ALICE, BOB));
    accept(ALICE, g);
    accept(BOB, g);
    GroupTransport.Factory path = FanoutGroupTransport.hub();
    GroupCall alice = world.ue(ALICE).joinOffNetwork(g, path);
    GroupCall bob = world.ue(BOB).joinOffNetwork(g, path);
    List<byte[]> frames = Audio.frames(Audio.toUlaw(Audio.speechLike(1000)));
    Thread talker = new Thread(() -> {
      try {
        alice.talk(frames, Duration.ofMillis(20));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    talker.start();
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (bob.pending() == 0 && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    TalkResult t = bob.talk(frames, Duration.ZERO);
    talker.join();
    assertThat(t.granted()).isFalse();
    assertThat(t.denied()).get().extracting(c -> c.cause())
        .isEqualTo(FloorField.RejectCause.ANOTHER_CLIENT_HAS_PERMISSION);
    alice.leave();
    bob.leave();
  }
}
