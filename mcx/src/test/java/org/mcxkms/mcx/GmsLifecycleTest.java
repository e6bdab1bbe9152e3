package org.mcxkms.mcx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mcxkms.mcx.demo.McxDemo.ALICE;
import static org.mcxkms.mcx.demo.McxDemo.BOB;
import static org.mcxkms.mcx.demo.McxDemo.GMS;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.kms.client.trust.TlsTrust;
import org.mcxkms.mcx.demo.McxDemo;
import org.mcxkms.mcx.gms.GmsStateStore;
import org.mcxkms.mcx.gms.GroupConfig;
import org.mcxkms.mcx.gms.GroupManagementServer;
import org.mcxkms.mcx.gms.HttpsKeyDeliveryServer;
import org.mcxkms.mcx.gms.JwksTokenVerifier;
import org.mcxkms.mcx.gms.KeyMessage;
import org.mcxkms.mcx.gms.Mailbox;
import org.mcxkms.mcx.ue.HttpsKeyFetcher;
import org.mcxkms.mikey.KeyPurpose;

/** The GMS across a restart, on a schedule, and behind its HTTPS adapter, with the real KMS and IdM. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GmsLifecycleTest {
  EmbeddedKms kms;
  McxDemo world;
  Path dir;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
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

  @Test
  void stateSurvivesARestartAndTheRestartedGmsKeepsKeying() throws Exception {
    SecureRandom r = new SecureRandom();
    SecretBytes key = SecretBytes.random(32, r);
    Path file = dir.resolve("restart.state");
    Mailbox box = new Mailbox();
    String g = "sip:restart@" + McxDemo.DOMAIN;
    int gmkId;
    try (GroupManagementServer first = GroupManagementServer.builder(world.identity(GMS).keyRing(), box)
        .stateStore(new GmsStateStore(file, key, r)).build()) {
      gmkId = first.createGroup(GroupConfig.of(g, "restart", List.of(ALICE, BOB))).gmkId();
    }
    box.take(ALICE);
    box.take(BOB);
    try (GroupManagementServer second = GroupManagementServer.builder(world.identity(GMS).keyRing(), box)
        .stateStore(new GmsStateStore(file, key, r)).build()) {
      assertThat(second.config(g).orElseThrow().members()).containsExactly(ALICE, BOB);
      assertThat(second.currentGmkId(g)).isEqualTo(gmkId);
      second.removeMember(g, BOB);
      assertThat(box.take(BOB)).isEmpty();
      List<KeyMessage> forAlice = box.take(ALICE);
      assertThat(forAlice).extracting(KeyMessage::purpose).containsExactlyInAnyOrder(KeyPurpose.GMK, KeyPurpose.MKFC);
      assertThat(world.ue(ALICE).acceptAll(forAlice)).noneMatch(o -> o instanceof Exception);
      assertThat(world.ue(ALICE).currentGmk(g).orElseThrow().keyId()).isEqualTo(second.currentGmkId(g)).isNotEqualTo(gmkId);
    }
    assertThatThrownBy(() -> GroupManagementServer.builder(world.identity(GMS).keyRing(), box)
        .stateStore(new GmsStateStore(file, SecretBytes.random(32, r), r)).build()).isInstanceOf(IOException.class);
  }

  @Test
  void scheduledRekeyDistributesNewGmks() throws Exception {
    Mailbox box = new Mailbox();
    String g = "sip:scheduled@" + McxDemo.DOMAIN;
    try (GroupManagementServer gms = GroupManagementServer.builder(world.identity(GMS).keyRing(), box).build()) {
      gms.createGroup(GroupConfig.of(g, "scheduled", List.of(BOB)).withRekeyInterval(Duration.ofMillis(300)));
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (gms.gmkIds(g).size() < 3 && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      assertThat(gms.gmkIds(g)).hasSizeGreaterThanOrEqualTo(3);
      List<KeyMessage> got = box.take(BOB);
      assertThat(got.stream().filter(m -> m.purpose() == KeyPurpose.GMK).map(KeyMessage::keyId).distinct().count())
          .isGreaterThanOrEqualTo(3);
      assertThat(got.stream().filter(m -> m.purpose() == KeyPurpose.MKFC).count()).isEqualTo(1);
    }
  }

  @Test
  void httpsAdapterHandsEachMemberOnlyItsOwnMessagesWithAValidToken() throws Exception {
    Mailbox box = new Mailbox();
    try (GroupManagementServer gms = GroupManagementServer.builder(world.identity(GMS).keyRing(), box).build();
        HttpsKeyDeliveryServer https = HttpsKeyDeliveryServer.start(box, JwksTokenVerifier.fromFile(kms.jwksFile(),
            kms.tokenIssuer(), kms.tokenAudience(), kms.identityClaim()))) {
      String g = "sip:https@" + McxDemo.DOMAIN;
      gms.createGroup(GroupConfig.of(g, "https", List.of(ALICE, BOB)));
      TlsTrust pin = TlsTrust.pinned(https.fingerprint());
      List<KeyMessage> alice = new HttpsKeyFetcher(https.url(), pin, kms.tokens(ALICE), ALICE).fetch();
      assertThat(alice).hasSize(2).allMatch(m -> m.recipient().equals(ALICE));
      assertThat(new HttpsKeyFetcher(https.url(), pin, kms.tokens(ALICE), ALICE).fetch()).isEmpty();
      assertThat(box.pendingFor(BOB)).isEqualTo(2);
      HttpClient http = HttpClient.newBuilder().sslContext(pin.sslContext()).build();
      HttpResponse<String> none = http.send(HttpRequest.newBuilder(https.url()).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(none.statusCode()).isEqualTo(401);
      String forged = kms.tokens(BOB).token();
      forged = forged.substring(0, forged.length() - 4) + (forged.endsWith("AAAA") ? "BBBB" : "AAAA");
      HttpResponse<String> bad = http.send(HttpRequest.newBuilder(https.url()).header("Authorization", "Bearer " + forged)
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(401);
      assertThat(box.pendingFor(BOB)).isEqualTo(2);
    }
  }
}
