package org.mcxkms.kms.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;

/**
 * The real KMS server for end-to-end tests: embedded, HTTPS on port 0, an in-memory H2 database,
 * its development IdM minting real ES256 tokens, administered through its admin REST API.
 */
final class TestKms implements AutoCloseable {
  static final String KMS_URI = "kms.test.org";
  static final String SCOPE = "3gpp:mc:key_management";

  final KmsServer server;
  final Path dataDir;
  private final HttpClient admin;
  private final String adminToken;
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestKms(KmsServer server, Path dataDir) throws Exception {
    this.server = server;
    this.dataDir = dataDir;
    this.admin = HttpClient.newBuilder().sslContext(TlsTrust.pinned(server.tls().fingerprint()).sslContext())
        .version(HttpClient.Version.HTTP_1_1).build();
    this.adminToken = Files.readString(server.adminTokenFile()).trim();
  }

  static TestKms start(Path dir, Clock clock, long periodSeconds) throws Exception {
    return start(dir, clock, periodSeconds, "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  static TestKms start(Path dir, Clock clock, long periodSeconds, String dbUrl) throws Exception {
    KmsConfig config = KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dir.resolve("kms-data").toString())
        .set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0)
        .set(ConfigKey.KMS_URI, KMS_URI)
        .set(ConfigKey.KEY_PERIOD_SECONDS, periodSeconds)
        .set(ConfigKey.DB_URL, dbUrl)
        .set(ConfigKey.SEAL_ARGON2_MEMORY_KIB, 1024)
        .set(ConfigKey.SEAL_ARGON2_ITERATIONS, 1)
        .build();
    return new TestKms(KmsServer.start(config, clock, w -> {}), dir.resolve("kms-data"));
  }

  /** A fresh access token for {@code identity}, as the MC IdM would issue it. */
  String token(String identity) {
    return server.devIdm().mint(identity, KMS_URI, "mcptt_id", "openid " + SCOPE, Duration.ofHours(1));
  }

  TokenSource tokens(String identity) {
    return () -> token(identity);
  }

  String fingerprint() {
    return server.tls().fingerprint();
  }

  URI url() {
    return server.kmsUrl();
  }

  JsonNode admin(String method, String op, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.adminUrl().resolve(op))
        .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(60));
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> r = admin.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("admin " + method + " " + op + " -> " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  void addUser(String uri) throws Exception {
    admin("POST", "identities", "{\"uri\":\"" + uri + "\"}");
  }

  void addServer(String uri, String... grants) throws Exception {
    admin("POST", "identities", "{\"uri\":\"" + uri + "\",\"kind\":\"server\"}");
    for (String g : grants) {
      admin("POST", "grants", "{\"server\":\"" + uri + "\",\"target\":\"" + g + "\"}");
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
