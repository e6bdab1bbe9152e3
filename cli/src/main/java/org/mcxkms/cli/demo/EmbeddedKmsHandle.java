package org.mcxkms.cli.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.mcxkms.kms.client.TokenSource;
import org.mcxkms.kms.client.trust.TlsTrust;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.auth.DevIdentityProvider;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.mcx.demo.KmsHandle;

/**
 * The demonstration's KMS: the real server embedded in this process with a throw-away data
 * directory, HTTPS on a free loopback port, an in-memory database and its development IdM;
 * identities are registered and revoked through its admin REST API, as an operator would.
 */
public final class EmbeddedKmsHandle implements KmsHandle, AutoCloseable {
  static final String KMS_URI = "kms.mcx.example.org";
  private final KmsServer server;
  private final HttpClient admin;
  private final String adminToken;

  private EmbeddedKmsHandle(KmsServer server) throws Exception {
    this.server = server;
    this.admin = HttpClient.newBuilder().sslContext(TlsTrust.pinned(server.tls().fingerprint()).sslContext())
        .version(HttpClient.Version.HTTP_1_1).build();
    this.adminToken = Files.readString(server.adminTokenFile()).trim();
  }

  public static EmbeddedKmsHandle start(Path dataDir) throws Exception {
    KmsConfig config = KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dataDir.toString())
        .set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0)
        .set(ConfigKey.KMS_URI, KMS_URI)
        .set(ConfigKey.KEY_PERIOD_SECONDS, 2_592_000L)
        .set(ConfigKey.DB_URL, "jdbc:h2:mem:demo-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        // a throw-away master secret: cheap sealing, never reused
        .set(ConfigKey.SEAL_ARGON2_MEMORY_KIB, 1024)
        .set(ConfigKey.SEAL_ARGON2_ITERATIONS, 1)
        .build();
    return new EmbeddedKmsHandle(KmsServer.start(config, Clock.systemUTC(), w -> {}));
  }

  private void admin(String op, String json) throws Exception {
    HttpResponse<String> r = admin.send(HttpRequest.newBuilder(server.adminUrl().resolve(op))
        .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("KMS admin " + op + " -> HTTP " + r.statusCode() + ": " + r.body());
    }
  }

  @Override
  public URI kmsUrl() {
    return server.kmsUrl();
  }

  @Override
  public String tlsFingerprint() {
    return server.tls().fingerprint();
  }

  @Override
  public void register(String uri, boolean isServer) throws Exception {
    admin("identities", "{\"uri\":\"" + uri + "\"" + (isServer ? ",\"kind\":\"server\"" : "") + "}");
  }

  @Override
  public void revoke(String uri) throws Exception {
    admin("identities/revoke", "{\"uri\":\"" + uri + "\"}");
  }

  @Override
  public TokenSource tokens(String uri) {
    return () -> server.devIdm().mint(uri, KMS_URI, identityClaim(), "openid 3gpp:mc:key_management",
        Duration.ofMinutes(30));
  }

  @Override
  public Path jwksFile() {
    return server.devIdm().jwksFile();
  }

  @Override
  public String tokenIssuer() {
    return DevIdentityProvider.ISSUER;
  }

  @Override
  public String tokenAudience() {
    return KMS_URI;
  }

  @Override
  public String identityClaim() {
    return "mcptt_id";
  }

  @Override
  public void close() {
    server.close();
  }
}
