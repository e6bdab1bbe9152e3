package org.mcxkms.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.testkit.Https;
import org.mcxkms.testkit.Nginx;
import org.mcxkms.testkit.TlsTestPki;

/**
 * The shipped nginx example on its own: every placeholder is documented and filled, nginx accepts
 * the result, and with no node reachable a client gets 503 with Retry-After (not nginx's 502 page),
 * while anything outside the Annex D path is 404.
 */
class NginxTemplateTest {
  @TempDir Path dir;

  @Test
  void everyPlaceholderIsDocumentedAtTheTopAndAnUnknownOneFails() throws Exception {
    String template = Nginx.template();
    String header = template.substring(0, template.indexOf("upstream "));
    for (String name : new String[] {"KMS_LISTEN", "KMS_SERVER_NAME", "KMS_TLS_CERT", "KMS_TLS_KEY", "KMS_NODE1",
        "KMS_NODE2", "KMS_NODE_NAME", "KMS_NODE_CA", "KMS_PROXY_CERT", "KMS_PROXY_KEY"}) {
      assertThat(header).as(name).contains("${" + name + "}");
    }
    assertThat(template).contains("proxy_next_upstream error timeout http_502 http_503 non_idempotent;");
    assertThat(template).contains("deterministic");
    assertThatThrownBy(() -> Nginx.render("listen ${KMS_NOPE};", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KMS_NOPE");
  }

  @Test
  void withoutReachableNodesClientsGet503WithRetryAfter() throws Exception {
    TlsTestPki pki = new TlsTestPki("template");
    TlsTestPki.Written front = pki.server("localhost").write(dir, "front");
    TlsTestPki.Written proxy = pki.client("nginx").write(dir, "proxy");
    Path ca = pki.writeCa(dir.resolve("ca.pem"));
    int port = Nginx.freePort();
    Map<String, String> values = Map.of(
        "KMS_LISTEN", "127.0.0.1:" + port, "KMS_SERVER_NAME", "localhost",
        "KMS_TLS_CERT", front.certificatePem().toString(), "KMS_TLS_KEY", front.keyPem().toString(),
        "KMS_NODE1", "127.0.0.1:" + Nginx.freePort(), "KMS_NODE2", "127.0.0.1:" + Nginx.freePort(),
        "KMS_NODE_NAME", "localhost", "KMS_NODE_CA", ca.toString(),
        "KMS_PROXY_CERT", proxy.certificatePem().toString(), "KMS_PROXY_KEY", proxy.keyPem().toString());
    try (Nginx nginx = Nginx.start(dir.resolve("nginx"), values)) {
      assertThat(Files.readString(dir.resolve("nginx").resolve("mcx-kms.conf"))).doesNotContain("${");
      Https https = new Https(pki.sslContext(null));
      URI base = URI.create("https://localhost:" + nginx.port());
      HttpResponse<byte[]> r = https.post(base.resolve("/keymanagement/identity/v1/keyprov"), "t", null);
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).contains("5");
      assertThat(https.post(base.resolve("/admin/v1/identities"), "t", null).statusCode()).isEqualTo(404);
    }
  }
}
