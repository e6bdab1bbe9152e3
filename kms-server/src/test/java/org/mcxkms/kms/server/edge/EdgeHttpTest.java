package org.mcxkms.kms.server.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.protocol.KmsResponse;
import org.mcxkms.kms.protocol.KmsXmlReader;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.testkit.Https;
import org.mcxkms.testkit.TestIdm;
import org.mcxkms.kms.server.store.AuditRecord;

/**
 * The listener's edge under attack, over real TLS: floods meet 429 and leave the audit trail
 * bounded, forged X-Forwarded-For is ignored unless the peer is a trusted proxy, slow clients are
 * cut off, greedy ones capped, every error Jetty answers by itself is a KmsError, HSTS is sent and
 * TLS 1.2 CBC suites are refused. Each test uses its own loopback address as its client address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeHttpTest {
  private static final String INIT = "/keymanagement/identity/v1/init";
  private static final String BUSY = "sip:busy@example.org";
  private static final String PROXY = "127.0.0.2";

  @TempDir static Path dir;
  private KmsServer server;
  private TestIdm idm;
  private Https https;
  private RawTls raw;
  private String adminToken;
  private final KmsXmlReader reader = KmsXmlReader.create();

  @BeforeAll
  void start() throws Exception {
    idm = new TestIdm(dir);
    server = KmsServer.start(KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dir.resolve("data").toString())
        .set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0)
        .set(ConfigKey.KMS_URI, TestIdm.AUDIENCE)
        .set(ConfigKey.AUTH_JWKS, idm.jwks.toString())
        .set(ConfigKey.AUTH_ISSUER, TestIdm.ISSUER)
        .set(ConfigKey.DB_URL, "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .set(ConfigKey.LIMIT_ADDRESS_PER_SECOND, "0.001") // the bursts alone, whatever the machine's speed
        .set(ConfigKey.LIMIT_ADDRESS_BURST, 20)
        .set(ConfigKey.LIMIT_IDENTITY_PER_SECOND, "0.001")
        .set(ConfigKey.LIMIT_IDENTITY_BURST, 15)
        .set(ConfigKey.PROXY_TRUSTED, PROXY)
        .set(ConfigKey.HTTP_HEADER_TIMEOUT_SECONDS, 1)
        .set(ConfigKey.HTTP_MAX_CONNECTIONS_PER_ADDRESS, 6)
        .build(), w -> {});
    https = new Https(server.tls().certificatePem());
    raw = new RawTls(server.tls().certificatePem(), server.port());
    adminToken = Files.readString(server.adminTokenFile()).trim();
    HttpResponse<String> r = https.json("POST", server.adminUrl().resolve("identities"), adminToken,
        "{\"uri\":\"" + BUSY + "\"}");
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String post(String path, String extraHeaders) {
    return "POST " + path + " HTTP/1.1\r\nHost: kms\r\nContent-Length: 0\r\n" + extraHeaders + "Connection: close\r\n\r\n";
  }

  /** The body must be a KmsResponse carrying a KmsError (with {@code code}, unless null). */
  private void assertKmsError(String response, KmsErrorCode code) throws Exception {
    String body = RawTls.body(response);
    assertThat(body).as(response).doesNotContainIgnoringCase("<html").doesNotContain("jetty");
    KmsResponse doc = reader.readResponse(body.getBytes(StandardCharsets.UTF_8));
    assertThat(doc.error()).as(body).isPresent();
    if (code != null) {
      assertThat(doc.error().get().code()).as(body).isEqualTo(code.code());
    }
  }

  private double metric(String name) throws Exception {
    String m = https.json("GET", server.adminUrl().resolve("/metrics"), null, null).body();
    return m.lines().filter(l -> l.startsWith(name)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void anUnauthenticatedFloodMeets429AndLeavesTheTrailBounded() throws Exception {
    long rowsBefore = server.store().auditChainState().records();
    double limitedBefore = metric("kms_rate_limited_total{limit=\"address\"");
    String longPath = INIT + "/" + "a".repeat(900);
    int limited = 0;
    int unauthorized = 0;
    for (int i = 0; i < 120; i++) {
      // a fresh forged X-Forwarded-For each time: not believed, 127.0.0.3 is no trusted proxy
      String r = raw.exchange("127.0.0.3", post(i % 2 == 0 ? INIT : longPath,
          "Authorization: Bearer not.a.token\r\nX-Forwarded-For: 203.0.113." + i + "\r\n"));
      int status = RawTls.status(r);
      if (status == 429) {
        limited++;
        assertThat(Long.parseLong(RawTls.header(r, "Retry-After"))).isPositive();
        assertKmsError(r, KmsErrorCode.RATE_LIMITED);
      } else {
        assertThat(status).as(r).isIn(401, 404);
        unauthorized++;
      }
    }
    assertThat(unauthorized).as("the burst").isEqualTo(20);
    assertThat(limited).isEqualTo(120 - unauthorized);
    assertThat(metric("kms_rate_limited_total{limit=\"address\"") - limitedBefore).isEqualTo(limited);
    // The refused requests wrote nothing yet: they are summed up in at most one record per action and outcome.
    long rowsAfter = server.store().auditChainState().records();
    assertThat(rowsAfter - rowsBefore).isLessThanOrEqualTo(2);
  }

  @Test
  void forwardedForIsBelievedFromTheTrustedProxyOnly() throws Exception {
    // Through the trusted proxy, two clients get a bucket each.
    int okA = 0;
    int okB = 0;
    for (int i = 0; i < 25; i++) {
      okA += RawTls.status(raw.exchange(PROXY, post(INIT, "X-Forwarded-For: 198.51.100.1\r\n"))) == 401 ? 1 : 0;
      okB += RawTls.status(raw.exchange(PROXY, post(INIT, "X-Forwarded-For: 10.9.9.9, 198.51.100.2\r\n"))) == 401 ? 1 : 0;
    }
    assertThat(okA).as("client A's own burst").isEqualTo(20);
    assertThat(okB).as("client B's own burst, untouched by A").isEqualTo(20);
  }

  @Test
  void anAuthenticatedIdentityIsLimitedOnItsOwn() throws Exception {
    String token = idm.token(BUSY).sign();
    int ok = 0;
    int limited = 0;
    for (int i = 0; i < 30; i++) {
      String r = raw.exchange("127.0.0.4", post(INIT, "Authorization: Bearer " + token + "\r\n"));
      if (RawTls.status(r) == 429) {
        limited++;
        assertThat(RawTls.header(r, "Retry-After")).isNotNull();
        assertKmsError(r, KmsErrorCode.RATE_LIMITED);
      } else {
        assertThat(RawTls.status(r)).as(r).isEqualTo(200);
        ok++;
      }
    }
    assertThat(ok).as("the identity's burst").isEqualTo(15);
    assertThat(limited).isEqualTo(30 - ok);
    // Its requests did not use up the address: an unauthenticated one from there is still answered 401.
    assertThat(RawTls.status(raw.exchange("127.0.0.4", post(INIT, "")))).isEqualTo(401);
  }

  @Test
  void errorsJettyAnswersByItselfAreKmsErrors() throws Exception {
    List<String> requests = List.of(
        "GET /keymanagement/identity/v1/%zz HTTP/1.1\r\nHost: kms\r\nConnection: close\r\n\r\n",
        "POST " + INIT + " HTTP/1.1\r\nHost: kms\r\nX-Big: " + "b".repeat(20_000) + "\r\nConnection: close\r\n\r\n",
        "POST " + INIT + " HTTP/7.1\r\nHost: kms\r\nConnection: close\r\n\r\n",
        "POST /" + "p".repeat(20_000) + " HTTP/1.1\r\nHost: kms\r\nConnection: close\r\n\r\n",
        "THIS IS NOT HTTP\r\n\r\n",
        "POST " + INIT + " HTTP/1.1\r\nHost: kms\r\nContent-Length: -5\r\nConnection: close\r\n\r\n",
        "POST " + INIT + " HTTP/1.1\r\nHost: kms\r\nBad Header\r\nConnection: close\r\n\r\n");
    String address = "127.0.0.7";
    for (String request : requests) {
      String r = raw.exchange(address, request);
      int status = RawTls.status(r);
      assertThat(status).as(r).isBetween(400, 505);
      assertThat(RawTls.header(r, "Content-Type")).startsWith("application/xml");
      // what Jetty refuses by itself carries our code; what reaches the front controller carries its own
      assertKmsError(r, status == 414 || status == 431 || status == 505 ? KmsErrorCode.BAD_HTTP_REQUEST : null);
    }
  }

  @Test
  void responsesCarryHsts() throws Exception {
    String r = raw.exchange("127.0.0.8", post(INIT, ""));
    assertThat(RawTls.header(r, "Strict-Transport-Security")).isEqualTo("max-age=31536000");
  }

  @Test
  void aClientTricklingItsHeadersIsCutOff() throws Exception {
    List<Thread> clients = new ArrayList<>();
    int[] linesSent = new int[3];
    boolean[] cut = new boolean[3];
    for (int c = 0; c < 3; c++) {
      int n = c;
      Thread t = new Thread(() -> {
        try (SSLSocket s = raw.open("127.0.0.9")) {
          OutputStream out = s.getOutputStream();
          out.write(("POST " + INIT + " HTTP/1.1\r\nHost: kms\r\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
          for (int i = 0; i < 60; i++) {
            Thread.sleep(200);
            out.write(("X-Slow-" + i + ": still coming\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            linesSent[n]++;
          }
        } catch (IOException closed) {
          cut[n] = true;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      t.start();
      clients.add(t);
    }
    for (Thread t : clients) {
      t.join(60_000);
    }
    for (int c = 0; c < 3; c++) {
      assertThat(cut[c]).as("client %d was cut off", c).isTrue();
      assertThat(linesSent[c]).as("cut off before it finished trickling").isLessThan(60);
    }
  }

  @Test
  void connectionsPerAddressAreCapped() throws Exception {
    List<SSLSocket> open = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        open.add(raw.open("127.0.0.10"));
      }
      assertThatThrownBy(() -> {
        try (SSLSocket extra = raw.open("127.0.0.10")) {
          extra.getOutputStream().write(post(INIT, "").getBytes(StandardCharsets.US_ASCII));
          extra.getOutputStream().flush();
          if (extra.getInputStream().read() < 0) {
            throw new IOException("closed");
          }
        }
      }).isInstanceOf(IOException.class);
      assertThat(RawTls.status(raw.exchange("127.0.0.11", post(INIT, "")))).as("other addresses are served")
          .isEqualTo(401);
    } finally {
      for (SSLSocket s : open) {
        s.close();
      }
    }
    // once they are closed the address is served again
    String again = null;
    for (int attempt = 0; attempt < 50 && again == null; attempt++) {
      try {
        again = raw.exchange("127.0.0.10", post(INIT, ""));
      } catch (IOException stillCounted) {
        Thread.sleep(100);
      }
    }
    assertThat(again).isNotNull();
    assertThat(RawTls.status(again)).isEqualTo(401);
  }

  @Test
  void tls12CbcSuitesAreRefused() throws Exception {
    try (SSLSocket probe = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket()) {
      String[] cbc = Arrays.stream(probe.getSupportedCipherSuites()).filter(s -> s.contains("_CBC_"))
          .toArray(String[]::new);
      assertThat(cbc).isNotEmpty();
      SSLSocket s = raw.open("127.0.0.12");
      s.close();
      assertThatThrownBy(() -> {
        try (SSLSocket c = rawWith("TLSv1.2", cbc)) {
          c.startHandshake();
        }
      }).isInstanceOf(IOException.class);
      try (SSLSocket gcm = rawWith("TLSv1.2", new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"})) {
        gcm.startHandshake();
        assertThat(gcm.getSession().getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
      }
    }
  }

  private SSLSocket rawWith(String protocol, String[] suites) throws Exception {
    SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket("127.0.0.1", server.port());
    s.setEnabledProtocols(new String[] {protocol});
    s.setEnabledCipherSuites(suites);
    return s;
  }

  /** Trusts any certificate: this probe only looks at which suites the server agrees to. */
  private static SSLContext trustAll() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new X509TrustManager() {
      @Override public void checkClientTrusted(X509Certificate[] c, String a) {}
      @Override public void checkServerTrusted(X509Certificate[] c, String a) {}
      @Override public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    return ctx;
  }

  @Test
  void theTlsFingerprintIsWrittenToTheDataDirectory() throws Exception {
    assertThat(Files.readString(server.tlsFingerprintFile()).trim()).isEqualTo(server.tls().fingerprint());
  }

  @Test
  void auditRecordsOfAuthenticatedCallersAreStillWrittenOneByOne() throws Exception {
    String token = idm.token(BUSY).sign();
    String r = raw.exchange("127.0.0.13", post("/keymanagement/identity/v1/keyprov/sip:carol@example.org",
        "Authorization: Bearer " + token + "\r\n"));
    assertThat(RawTls.status(r)).isIn(403, 429);
    List<AuditRecord> rows = server.store().recentAudit(50);
    assertThat(rows).anySatisfy(a -> assertThat(a.caller()).isEqualTo(BUSY));
  }
}
