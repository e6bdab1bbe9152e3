package org.mcxkms.kms.server.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigException;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.domain.StartupException;
import org.mcxkms.kms.server.store.AuditRecord;
import org.mcxkms.kms.server.store.IdentityKind;
import org.mcxkms.kms.server.store.IdentityRecord;
import org.mcxkms.kms.server.store.IdentityStatus;
import org.mcxkms.testkit.Https;
import org.mcxkms.testkit.TestIdm;
import org.mcxkms.testkit.TlsTestPki;

/**
 * The KMS behind an HTTP proxy: mutual TLS from the proxy (tls.client.auth=required refuses a peer
 * without an accepted client certificate in the handshake), the client address of the audit trail
 * taken from X-Forwarded-For of a trusted proxy only, and ClientReqUrl built from public.url, not
 * from the node's own socket.
 */
class BehindProxyHttpTest {
  private static final String ALICE = "sip:alice@example.org";
  private static final String KEYPROV = "/keymanagement/identity/v1/keyprov";
  private static final Pattern CLIENT_REQ_URL = Pattern.compile("ClientReqUrl>([^<]*)<");

  @TempDir Path dir;
  private final List<KmsServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(KmsServer::close);
  }

  private KmsConfig.Builder node(String name, TestIdm idm) {
    return KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dir.resolve(name).toString())
        .set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0)
        .set(ConfigKey.KMS_URI, TestIdm.AUDIENCE)
        .set(ConfigKey.AUTH_JWKS, idm.jwks.toString())
        .set(ConfigKey.AUTH_ISSUER, TestIdm.ISSUER);
  }

  private KmsServer start(KmsConfig.Builder b) throws Exception {
    KmsServer s = KmsServer.start(b.build(), w -> {});
    servers.add(s);
    s.store().addIdentity(new IdentityRecord(ALICE, IdentityKind.USER, IdentityStatus.ENABLED, Instant.now(), null,
        null));
    return s;
  }

  @Test
  void mutualTlsAdmitsOnlyClientCertificatesOfTheConfiguredCa() throws Exception {
    TestIdm idm = new TestIdm(dir);
    TlsTestPki pki = new TlsTestPki("proxy");
    TlsTestPki.Written node = pki.server("kms-node").write(dir, "node");
    Path ca = pki.writeCa(dir.resolve("proxy-ca.pem"));
    KmsServer s = start(node("mtls", idm)
        .set(ConfigKey.TLS_KEYSTORE, node.pkcs12().toString())
        .set(ConfigKey.TLS_KEYSTORE_PASSWORD, TlsTestPki.PASSWORD)
        .set(ConfigKey.TLS_CLIENT_AUTH, "required")
        .set(ConfigKey.TLS_CLIENT_CA, ca.toString()));
    URI keyprov = s.kmsUrl().resolve("keyprov");
    String token = idm.token(ALICE).sign();

    HttpResponse<byte[]> ok = new Https(pki.sslContext(pki.client("nginx"))).post(keyprov, token, null);
    assertThat(ok.statusCode()).as(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo(200);

    // No certificate, and a certificate of another CA: refused in the handshake, before any HTTP.
    int audited = s.store().recentAudit(100).size();
    assertThatThrownBy(() -> new Https(pki.sslContext(null)).post(keyprov, token, null))
        .isInstanceOf(IOException.class);
    TlsTestPki stranger = new TlsTestPki("stranger");
    TlsTestPki.Issued foreign = stranger.client("nginx");
    // trusts our CA for the server, presents the stranger's client certificate
    SSLContext mixed = pki.sslContext(foreign);
    assertThatThrownBy(() -> new Https(mixed).post(keyprov, token, null)).isInstanceOf(IOException.class);
    assertThat(s.store().recentAudit(100)).hasSize(audited);
  }

  @Test
  void requiredClientAuthWithoutUsableCasIsAConfigurationError() throws Exception {
    TestIdm idm = new TestIdm(dir);
    assertThatThrownBy(() -> node("noca", idm).set(ConfigKey.TLS_CLIENT_AUTH, "required").build())
        .isInstanceOf(ConfigException.class).hasMessageContaining("tls.client.ca");
    assertThatThrownBy(() -> node("badmode", idm).set(ConfigKey.TLS_CLIENT_AUTH, "optional").build())
        .isInstanceOf(ConfigException.class).hasMessageContaining("tls.client.auth");
    Path empty = Files.writeString(dir.resolve("empty.pem"), "no certificate here\n");
    assertThatThrownBy(() -> start(node("emptyca", idm).set(ConfigKey.TLS_CLIENT_AUTH, "required")
        .set(ConfigKey.TLS_CLIENT_CA, empty.toString())))
        .isInstanceOf(StartupException.class).hasMessageContaining("tls.client.ca");
  }

  @Test
  void auditAddressComesFromXForwardedForOfATrustedProxyAndClientReqUrlFromPublicUrl() throws Exception {
    TestIdm idm = new TestIdm(dir);
    KmsServer s = start(node("proxied", idm)
        .set(ConfigKey.PROXY_TRUSTED, "127.0.0.1")
        .set(ConfigKey.PUBLIC_URL, "https://kms.example.org/"));
    String token = idm.token(ALICE).sign();
    Https https = new Https(s.tls().certificatePem());

    String answer = https.raw(s.kmsUrl(), "POST " + KEYPROV + " HTTP/1.1\r\nHost: node1.internal:8443\r\n"
        + "Authorization: Bearer " + token + "\r\nX-Forwarded-For: 198.51.100.9, 203.0.113.7\r\nContent-Length: 0");
    assertThat(answer).startsWith("HTTP/1.1 200");
    assertThat(clientReqUrl(answer)).isEqualTo("https://kms.example.org" + KEYPROV);
    AuditRecord issued = s.store().recentAudit(1).get(0);
    assertThat(issued.action()).isEqualTo("keyprov");
    assertThat(issued.outcome()).isEqualTo("ok");
    // the nearest hop the trusted proxy appended: the client as the proxy saw it
    assertThat(issued.detail()).endsWith("client 203.0.113.7");
  }

  @Test
  void xForwardedForOfAnUntrustedPeerIsIgnored() throws Exception {
    TestIdm idm = new TestIdm(dir);
    KmsServer s = start(node("direct", idm).set(ConfigKey.PROXY_TRUSTED, "192.0.2.1"));
    String token = idm.token(ALICE).sign();
    String answer = new Https(s.tls().certificatePem()).raw(s.kmsUrl(), "POST " + KEYPROV + " HTTP/1.1\r\n"
        + "Host: evil.example\r\nAuthorization: Bearer " + token + "\r\nX-Forwarded-For: 203.0.113.7\r\n"
        + "Content-Length: 0");
    assertThat(answer).startsWith("HTTP/1.1 200");
    // without public.url: the socket the request arrived on, never the Host header
    assertThat(clientReqUrl(answer)).isEqualTo("https://127.0.0.1:" + s.port() + KEYPROV);
    assertThat(s.store().recentAudit(1).get(0).detail()).endsWith("client 127.0.0.1");
  }

  private static String clientReqUrl(String answer) {
    Matcher m = CLIENT_REQ_URL.matcher(answer);
    assertThat(m.find()).as(answer).isTrue();
    return m.group(1);
  }
}
