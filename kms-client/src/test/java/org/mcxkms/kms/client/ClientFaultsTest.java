package org.mcxkms.kms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.kms.client.error.KmsClientException.Problem;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.profile.KeyPeriodInfo;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.trust.CertificateFingerprint;
import org.mcxkms.kms.client.trust.TlsTrust;
import org.mcxkms.kms.server.tls.TlsIdentity;
import org.mcxkms.testkit.MutableClock;
import org.mcxkms.testkit.ReadOnly;

/**
 * The client under the faults of the field, each injected: a device clock the test moves (fast,
 * then corrected), a KMS that becomes unreachable, a TLS peer that stalls in the middle of the
 * body, a read-only profile directory, a rotation and a revocation at the real KMS. Each asserts
 * the outcome, the message and what the profile holds afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientFaultsTest {
  static final String ALICE = "sip:alice@example.org";
  static final long PERIOD = 3600;
  static final KeyPeriodPolicy POLICY = KeyPeriodPolicy.of(PERIOD, 0);

  final MutableClock kmsClock = new MutableClock(POLICY.validFrom(POLICY.periodNumber(Instant.now()) + 1)
      .plusMillis(1_800_250));
  TestKms kms;

  @BeforeAll
  void start(@TempDir Path kmsDir) throws Exception {
    kms = TestKms.start(kmsDir, kmsClock, PERIOD);
    kms.addUser(ALICE);
  }

  @AfterAll
  void stop() {
    kms.close();
  }

  /** The real transport, counting requests, refusing to connect while {@code down} is set. */
  static final class Link implements KmsTransport {
    final KmsTransport real;
    final AtomicInteger posts = new AtomicInteger();
    final AtomicBoolean down = new AtomicBoolean();

    Link(KmsTransport real) {
      this.real = real;
    }

    @Override
    public Response post(URI url, String bearerToken, byte[] body) throws IOException, InterruptedException {
      if (down.get()) {
        throw new ConnectException();
      }
      posts.incrementAndGet();
      return real.post(url, bearerToken, body);
    }
  }

  RefreshScheduler scheduler(KmsClient client) {
    return RefreshScheduler.builder(client).leadTime(Duration.ofMinutes(10)).jitter(0).build();
  }

  List<Long> held(KeyProfile p) {
    return p.periods(ALICE).stream().map(KeyPeriodInfo::period).toList();
  }

  @Test
  void aCorrectedClockIsNoticedAtOnceAndRefreshKeepsWorking(@TempDir Path dir) throws Exception {
    MutableClock device = new MutableClock(kmsClock.instant().plus(Duration.ofDays(40)));
    long n = POLICY.periodNumber(kmsClock.instant());
    try (KeyProfile p = KeyProfile.create(dir, Profiles.key("p"), Profiles.settings(kms, ALICE), device)) {
      RefreshStatus s = scheduler(KmsClient.builder(p).tokenSource(kms.tokens(ALICE)).build()).runOnce();
      assertThat(s.healthy()).as(s.lastError()).isTrue();
      assertThat(s.kmsClockOffset()).isEqualTo(Duration.ofDays(-40));
      assertThat(s.clockWarningMessage()).hasValueSatisfying(w -> assertThat(w)
          .contains("differs from the KMS clock by +40 d").contains("correct the device clock"));
      assertThat(held(p)).containsExactly(n, n + 1);
      // The success is recorded in KMS time, not 40 days ahead.
      assertThat(s.lastSuccessTime()).contains(kmsClock.instant());
    }
    // The device clock is corrected; the profile still holds the offset of -40 days.
    device.set(kmsClock.instant());
    try (KeyProfile p = KeyProfile.open(dir, Profiles.key("p"), device)) {
      assertThat(p.refreshRecord().clockOffset()).contains(Duration.ofDays(-40));
      Link link = new Link(HttpsTransport.create(p.settings().tls()));
      RefreshScheduler scheduler = scheduler(KmsClient.builder(p).tokenSource(kms.tokens(ALICE)).transport(link).build());
      RefreshStatus s = scheduler.runOnce();
      assertThat(s.healthy()).as(s.lastError()).isTrue();
      assertThat(link.posts.get()).isPositive(); // it asked the KMS, it did not go quiet
      assertThat(s.kmsClockOffset()).isEqualTo(Duration.ZERO);
      assertThat(s.clockWarningMessage()).isEmpty();
      assertThat(p.refreshRecord().clockOffset()).contains(Duration.ZERO);
      // The next run is due by both clocks within the period, not months away.
      assertThat(s.nextAttempt()).isEqualTo(POLICY.validFrom(n + 2).minus(Duration.ofMinutes(10)));
      // Weeks later a new period is current: the refresh fetches it.
      kmsClock.advance(Duration.ofSeconds(PERIOD * 3));
      device.set(kmsClock.instant());
      s = scheduler.runOnce();
      assertThat(s.healthy()).as(s.lastError()).isTrue();
      assertThat(held(p)).contains(n + 3, n + 4);
      assertThat(s.events()).anySatisfy(e -> assertThat(e).contains("fetched key period(s) [" + (n + 3)));
    }
  }

  @Test
  void aFastClockDeletesNothingAndRecordsNoSuccessWithoutTheKms(@TempDir Path dir) throws Exception {
    MutableClock device = new MutableClock(kmsClock.instant());
    long n = POLICY.periodNumber(kmsClock.instant());
    try (KeyProfile p = KeyProfile.create(dir, Profiles.key("p"), Profiles.settings(kms, ALICE), device)) {
      Link link = new Link(HttpsTransport.create(p.settings().tls()));
      RefreshScheduler scheduler = scheduler(KmsClient.builder(p).tokenSource(kms.tokens(ALICE)).transport(link).build());
      assertThat(scheduler.runOnce().healthy()).isTrue();
      kmsClock.advance(Duration.ofSeconds(PERIOD));
      device.set(kmsClock.instant());
      RefreshStatus ok = scheduler.runOnce();
      assertThat(ok.healthy()).isTrue();
      assertThat(held(p)).containsExactly(n, n + 1, n + 2);

      // The device clock jumps five periods ahead while the KMS is out of reach.
      device.advance(Duration.ofSeconds(PERIOD * 5));
      link.down.set(true);
      RefreshStatus s = scheduler.runOnce();
      assertThat(s.healthy()).isFalse();
      assertThat(s.lastProblem()).isEqualTo(Problem.NETWORK);
      assertThat(s.lastError()).contains("connection refused");
      assertThat(held(p)).containsExactly(n, n + 1, n + 2); // nothing pruned by our clock alone
      assertThat(p.refreshRecord().lastSuccessTime()).isEqualTo(ok.lastSuccessTime());

      // Back in reach: the KMS's time decides, and only period n-1 relative to it would go.
      link.down.set(false);
      s = scheduler.runOnce();
      assertThat(s.healthy()).as(s.lastError()).isTrue();
      assertThat(held(p)).containsExactly(n, n + 1, n + 2);
      assertThat(s.lastSuccessTime()).contains(kmsClock.instant());
      assertThat(s.kmsClockOffset()).isEqualTo(Duration.ofSeconds(-PERIOD * 5));
    }
  }

  @Test
  void aFailedSaveIsAFailure(@TempDir Path dir) throws Exception {
    try (KeyProfile p = KeyProfile.create(dir, Profiles.key("p"), Profiles.settings(kms, ALICE), kmsClock)) {
      RefreshScheduler scheduler = scheduler(KmsClient.builder(p).tokenSource(kms.tokens(ALICE)).build());
      assertThat(scheduler.runOnce().healthy()).isTrue();
      byte[] before = Files.readAllBytes(dir.resolve("profile.mcxkms"));
      ReadOnly readOnly = ReadOnly.make(dir);
      RefreshStatus s;
      try {
        s = scheduler.runOnce();
      } finally {
        readOnly.close();
      }
      assertThat(s.healthy()).isFalse();
      assertThat(s.lastProblem()).isEqualTo(Problem.PROFILE);
      assertThat(s.lastError()).contains("the refresh state could not be saved").contains(dir.toString());
      assertThat(Files.readAllBytes(dir.resolve("profile.mcxkms"))).isEqualTo(before);
    }
  }

  @Test
  void aRotationAndARevocationAtTheKmsAreReported(@TempDir Path dir) throws Exception {
    String bob = "sip:bob-faults@example.org";
    kms.addUser(bob);
    try (KeyProfile p = KeyProfile.create(dir, Profiles.key("p"), Profiles.settings(kms, bob), kmsClock)) {
      RefreshScheduler scheduler = scheduler(KmsClient.builder(p).tokenSource(kms.tokens(bob)).build());
      RefreshStatus s = scheduler.runOnce();
      assertThat(s.healthy()).isTrue();
      assertThat(s.events()).anySatisfy(e -> assertThat(e).startsWith("pinned the KMS certificate sha256:"));
      String pinned = p.certificateFingerprint().orElseThrow().toString();
      List<Long> periods = held(p, bob);

      kms.admin("POST", "certificates/rotate", "{}");
      s = scheduler.runOnce();
      assertThat(s.lastProblem()).isEqualTo(Problem.CERTIFICATE_CHANGED);
      assertThat(s.lastError()).contains("instead of the pinned " + pinned).contains("init --accept-rotation");
      assertThat(p.certificateFingerprint().orElseThrow().toString()).isEqualTo(pinned);
      assertThat(held(p, bob)).isEqualTo(periods);

      String offered = s.lastError().replaceAll(".*presents certificate (sha256:[0-9a-f]{64}).*", "$1");
      KmsClient.builder(p).tokenSource(kms.tokens(bob)).build()
          .init(RotationApproval.rotationTo(CertificateFingerprint.parse(offered)));
      s = scheduler.runOnce();
      assertThat(s.healthy()).as(s.lastError()).isTrue();

      kms.admin("POST", "identities/revoke", "{\"uri\":\"" + bob + "\"}");
      s = scheduler.runOnce();
      assertThat(s.lastProblem()).isEqualTo(Problem.REVOKED);
      assertThat(s.lastError()).contains("the KMS revoked the key material of " + bob).contains("removed period(s)");
      assertThat(held(p, bob)).isEmpty();
    }
  }

  List<Long> held(KeyProfile p, String who) {
    return p.periods(who).stream().map(KeyPeriodInfo::period).toList();
  }

  @Test
  void aPeerThatStallsInTheMiddleOfTheBodyMeetsTheDeadline(@TempDir Path dir) throws Exception {
    TlsIdentity id = TlsIdentity.selfSigned(dir.resolve("tls"), List.of("localhost", "127.0.0.1"), new SecureRandom());
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore ks = id.keyStore();
    kmf.init(ks, id.keyStorePassword().toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    AtomicBoolean stop = new AtomicBoolean();
    try (SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 5,
        InetAddress.getLoopbackAddress())) {
      Thread peer = new Thread(() -> stall(server, stop));
      peer.setDaemon(true);
      peer.start();
      URI url = URI.create("https://127.0.0.1:" + server.getLocalPort() + "/keymanagement/identity/v1/init");
      HttpsTransport t = HttpsTransport.create(TlsTrust.pinned(id.fingerprint()), Duration.ofMillis(700), 1 << 20);
      assertThatThrownBy(() -> t.post(url, "token", new byte[0]))
          .isInstanceOf(IOException.class).hasMessageContaining("no complete answer within 700 ms");

      // Through the client: a typed, retryable NETWORK failure; nothing stored.
      try (KeyProfile p = KeyProfile.create(dir.resolve("p"), Profiles.key("p"), Profiles.settings(kms, ALICE)
          .toBuilder().kmsUrl("https://127.0.0.1:" + server.getLocalPort()).tls(TlsTrust.pinned(id.fingerprint()))
          .build(), kmsClock)) {
        KmsClient client = KmsClient.builder(p).tokenSource(TokenSource.of("token")).transport(t).build();
        assertThatThrownBy(client::init).isInstanceOfSatisfying(KmsClientException.class, e -> {
          assertThat(e.problem()).isEqualTo(Problem.NETWORK);
          assertThat(e.getMessage()).contains("no complete answer within 700 ms");
        });
        assertThat(p.certificate()).isEmpty();
      }
    } finally {
      stop.set(true);
    }
  }

  /** Answers every request with headers and half a body, then says nothing more. */
  private static void stall(ServerSocket server, AtomicBoolean stop) {
    while (!stop.get()) {
      try {
        Socket s = server.accept();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        int got = in.read(buf); // the request (headers, empty body)
        if (got < 0) {
          continue;
        }
        OutputStream out = s.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 4000\r\n\r\n"
            + "<KmsResponse xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\">").getBytes(StandardCharsets.US_ASCII));
        out.flush(); // and then nothing: the socket stays open until the test ends
      } catch (IOException e) {
        return;
      }
    }
  }

  @Test
  void aDeviceClockFarBehindIsNamedAsTheLikelyCause(@TempDir Path dir) throws Exception {
    // Two years behind: the KMS's TLS certificate is not valid yet by the device clock.
    MutableClock device = new MutableClock(Instant.now().minus(Duration.ofDays(730)));
    try (KeyProfile p = KeyProfile.create(dir, Profiles.key("p"), Profiles.settings(kms, ALICE), device)) {
      KmsClient client = KmsClient.builder(p).tokenSource(kms.tokens(ALICE)).build();
      assertThatThrownBy(client::init).isInstanceOfSatisfying(KmsClientException.class, e -> {
        assertThat(e.problem()).isEqualTo(Problem.TLS);
        assertThat(e.getMessage()).contains("the device clock looks wrong (it reads " + device.instant() + ")");
      });
      assertThat(p.certificate()).isEmpty();
    }
  }
}
