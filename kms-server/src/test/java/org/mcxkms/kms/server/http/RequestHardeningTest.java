package org.mcxkms.kms.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
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
import org.mcxkms.kms.server.store.AuditRecord;
import org.slf4j.LoggerFactory;
import org.mcxkms.testkit.Https;
import org.mcxkms.testkit.TestIdm;

/**
 * Attacks on the request path, each reproduced and now refused: identity claims that would forge
 * log lines or break documents, a Host header echoed into ClientReqUrl, request IDs that reveal the
 * host, and error bodies that echo parser internals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestHardeningTest {
  static final String ALICE = "sip:alice@example.org";
  static final String PUBLIC_URL = "https://kms.public.example";

  @TempDir static Path dir;
  KmsServer server;
  TestIdm idm;
  Https https;
  final KmsXmlReader reader = KmsXmlReader.create();

  @BeforeAll
  void start() throws Exception {
    idm = new TestIdm(dir);
    KmsConfig config = KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dir.resolve("data").toString())
        .set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0)
        .set(ConfigKey.KMS_URI, TestIdm.AUDIENCE)
        .set(ConfigKey.PUBLIC_URL, PUBLIC_URL)
        .set(ConfigKey.AUTH_JWKS, idm.jwks.toString())
        .set(ConfigKey.AUTH_ISSUER, TestIdm.ISSUER)
        .set(ConfigKey.DB_URL, "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .set(ConfigKey.REQUEST_MAX_BODY_BYTES, 4096)
        .build();
    server = KmsServer.start(config, w -> {});
    https = new Https(server.tls().certificatePem());
    String adminToken = Files.readString(server.adminTokenFile()).trim();
    HttpResponse<String> r = https.json("POST", server.adminUrl().resolve("identities"), adminToken,
        "{\"uri\":\"" + ALICE + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  KmsResponse error(HttpResponse<byte[]> r, int status, int code) throws Exception {
    String text = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(r.statusCode()).as(text).isEqualTo(status);
    KmsResponse k = reader.readResponse(r.body());
    assertThat(k.error()).isPresent();
    assertThat(k.error().get().code()).as(k.error().get().message()).isEqualTo(code);
    return k;
  }

  @Test
  void identityClaimsThatAreNotCleanUrisAreRefusedAndForgeNoLogLine() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger("mcx.kms.http");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    log.addAppender(lines);
    List<String> rids = new ArrayList<>();
    try {
      List<String> claims = List.of(
          ALICE + "\r\n12:00:00.000 level=INFO logger=mcx.kms.http request_id=forged status=200",
          ALICE + "\nadmin granted",
          "sip:alice@example.org\u0000",
          "alice",
          "sip:alice @example.org",
          "sip:%zz@example.org");
      for (String claim : claims) {
        HttpResponse<byte[]> r = https.post(server.kmsUrl().resolve("keyprov"), idm.token(claim).sign(), null);
        KmsResponse k = error(r, 401, 303);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");
        assertThat(k.error().get().message()).doesNotContain("\r").doesNotContain("\n").doesNotContain("\u0000")
            .doesNotContain("forged").doesNotContain("admin granted");
        assertThat(k.userUri()).isEqualTo(KmsFrontController.UNAUTHENTICATED);
        rids.add(r.headers().firstValue("X-Request-Id").orElseThrow());
      }
    } finally {
      log.detachAppender(lines);
    }
    assertThat(lines.list).isNotEmpty().allSatisfy(e -> assertThat(e.getFormattedMessage())
        .doesNotContain("\r").doesNotContain("\n").doesNotContain("\u0000"));
    assertThat(lines.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("\\u000d\\u000a12:00:00"));
    // The refusals are in the trail as one summary of unauthenticated failures, without the claim.
    server.auditor().flushSummaries();
    List<AuditRecord> rows = server.store().recentAudit(200).stream()
        .filter(a -> "invalid_identity_claim".equals(a.outcome())).toList();
    assertThat(rows).hasSize(1).allSatisfy(a -> {
      assertThat(a.caller()).isNull();
      assertThat(a.detail()).startsWith(rids.size() + " unauthenticated request(s) refused");
      assertThat(String.valueOf(a.detail())).doesNotContain("\r").doesNotContain("\n").doesNotContain("\u0000");
    });
    // A clean claim still works.
    assertThat(https.post(server.kmsUrl().resolve("certcache"), idm.token(ALICE).sign(), null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void clientReqUrlComesFromPublicUrlNeverFromTheHostHeader() throws Exception {
    String token = idm.token(ALICE).sign();
    String answer = https.raw(server.kmsUrl(), "POST /keymanagement/identity/v1/certcache HTTP/1.1\r\n"
        + "Host: evil.example:666\r\nAuthorization: Bearer " + token + "\r\nContent-Length: 0");
    assertThat(answer).startsWith("HTTP/1.1 200");
    KmsResponse k = reader.readResponse(answer.substring(answer.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8));
    assertThat(k.clientReqUrl()).isEqualTo(PUBLIC_URL + "/keymanagement/identity/v1/certcache");
    assertThat(answer).doesNotContain("evil.example");
  }

  @Test
  void requestIdsAreRandomAndRevealNeitherHostNorProcess() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<byte[]> r = https.post(server.kmsUrl().resolve("certcache"), idm.token(ALICE).sign(), null);
      ids.add(r.headers().firstValue("X-Request-Id").orElseThrow());
    }
    assertThat(ids).doesNotHaveDuplicates().allSatisfy(id -> {
      assertThat(id).matches("[0-9a-f]{24}");
      assertThat(id).doesNotContain(Long.toString(ProcessHandle.current().pid()));
    });
    String host = InetAddress.getLocalHost().getHostName();
    assertThat(String.join(" ", ids)).doesNotContain(host);
  }

  @Test
  void anUnsignedTokenIsRefusedInOurWords() throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    long now = System.currentTimeMillis() / 1000;
    String claims = "{\"iss\":\"" + TestIdm.ISSUER + "\",\"aud\":\"" + TestIdm.AUDIENCE + "\",\"exp\":" + (now + 600)
        + ",\"mcptt_id\":\"" + ALICE + "\",\"scope\":\"" + TestIdm.SCOPE + "\"}";
    String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
    for (String token : List.of(none, idm.token(ALICE).expires(Instant.now().minusSeconds(600)).sign(),
        idm.token(ALICE).audience("another-kms").sign(), idm.token(ALICE).stranger().sign())) {
      KmsResponse k = error(https.post(server.kmsUrl().resolve("init"), token, null), 401, 301);
      assertThat(k.error().get().message()).startsWith("token ").doesNotContain("extend class")
          .doesNotContain("JWT").doesNotContain("JOSE");
    }
  }

  @Test
  void errorBodiesSayWhatWasWrongInOurWords() throws Exception {
    String token = idm.token(ALICE).sign();
    String ns = " xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\"";
    List<String> bodies = List.of(
        "<KmsRequest" + ns + "><UserUri>x</UserUri>",
        "<KmsRequest" + ns + ">" + "<a>".repeat(450) + "</a>".repeat(450) + "</KmsRequest>",
        "<KmsRequest" + ns + " " + "a=\"1\" ".repeat(300).replace("a=", "x").trim() + "/>",
        "<KmsRequest" + ns + "><Time>yesterday</Time></KmsRequest>",
        "\u00ff\u00fe<",
        "<" + "n".repeat(3000) + "/>");
    for (String body : bodies) {
      HttpResponse<byte[]> r = https.post(server.kmsUrl().resolve("init"), token, body);
      String text = new String(r.body(), StandardCharsets.UTF_8);
      assertThat(r.statusCode()).as(text).isBetween(400, 413);
      KmsResponse k = reader.readResponse(r.body());
      assertThat(k.error()).isPresent();
      assertThat(k.error().get().message()).as(body.substring(0, Math.min(40, body.length())))
          .doesNotContainIgnoringCase("jaxp").doesNotContain("extend class").doesNotContain("org.")
          .doesNotContain("java.").doesNotContain("Exception").doesNotContain("SAX").doesNotContain("cvc-");
    }
  }
}
