package org.mcxkms.kms.server;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.mcxkms.kms.server.admin.AdminHandler;
import org.mcxkms.kms.server.admin.AdminService;
import org.mcxkms.kms.server.admin.AdminToken;
import org.mcxkms.kms.server.audit.Auditor;
import org.mcxkms.kms.server.auth.DevIdentityProvider;
import org.mcxkms.kms.server.auth.JwksSources;
import org.mcxkms.kms.server.auth.TokenVerifier;
import org.mcxkms.kms.server.config.ConfigException;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.config.SecureFiles;
import org.mcxkms.kms.server.core.KmsService;
import org.mcxkms.kms.server.core.PeriodWindow;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.domain.StartupException;
import org.mcxkms.kms.protocol.security.TransportProtection;
import org.mcxkms.kms.server.extension.ClientKeyPolicy;
import org.mcxkms.kms.server.extension.ProtectionKeys;
import org.mcxkms.kms.server.http.KmsFrontController;
import org.mcxkms.kms.server.issue.KeySetIssuer;
import org.mcxkms.kms.server.policy.AccessPolicy;
import org.mcxkms.kms.server.preissue.KmsPreissueTarget;
import org.mcxkms.kms.server.preissue.RolloverPreissuer;
import org.mcxkms.kms.server.store.JdbcKmsStore;
import org.mcxkms.kms.server.store.KmsStore;
import org.mcxkms.kms.server.store.SoleWriterCachingStore;
import org.mcxkms.kms.server.store.StoreException;
import org.mcxkms.kms.server.tls.TlsIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running KMS: assembles configuration, store, security domain, TLS, authentication, policy,
 * issuance, audit and the two HTTPS listeners (Annex D and admin). {@link #start} fails with a
 * {@link StartupException} whose message tells the operator what to fix.
 */
public final class KmsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("mcx.kms.server");

  private final KmsConfig config;
  private final KmsStore store;
  private final SecurityDomain domain;
  private final TlsIdentity tls;
  private final Server kms;
  private final Server admin;
  private final ScheduledExecutorService background;
  private final Path adminTokenFile;
  private final DevIdentityProvider devIdm;
  private final PrometheusMeterRegistry metrics;
  private final KeySetIssuer issuer;
  private Auditor auditor;
  private RolloverPreissuer preissuer; // null when the issuance cache is off

  private KmsServer(KmsConfig config, KmsStore store, SecurityDomain domain, TlsIdentity tls, Server kms, Server admin,
      ScheduledExecutorService background, Path adminTokenFile, DevIdentityProvider devIdm,
      PrometheusMeterRegistry metrics, KeySetIssuer issuer) {
    this.config = config;
    this.store = store;
    this.domain = domain;
    this.tls = tls;
    this.kms = kms;
    this.admin = admin;
    this.background = background;
    this.adminTokenFile = adminTokenFile;
    this.devIdm = devIdm;
    this.metrics = metrics;
    this.issuer = issuer;
  }

  public static KmsServer start(KmsConfig config, Consumer<String> warn) throws StartupException {
    return start(config, Clock.systemUTC(), warn);
  }

  public static KmsServer start(KmsConfig config, Clock clock, Consumer<String> warn) throws StartupException {
    SecureRandom random = new SecureRandom();
    Path data = config.dataDir().toAbsolutePath();
    try {
      SecureFiles.ensureDirectory(data);
    } catch (IOException e) {
      throw new StartupException("cannot create the data directory " + data + ": " + e.getMessage());
    }
    KmsStore store = openStore(config);
    Server kms = null;
    Server admin = null;
    ScheduledExecutorService background = null;
    try {
      SecurityDomain domain = SecurityDomain.openOrCreate(config, store, clock, random, warn);
      TlsIdentity tls = config.tlsKeystore().isEmpty()
          ? TlsIdentity.selfSigned(data.resolve("tls"), config.tlsHostnames(), random)
          : TlsIdentity.fromKeystore(Path.of(config.tlsKeystore()), config.tlsKeystorePassword());

      DevIdentityProvider devIdm = null;
      JWKSource<SecurityContext> jwks;
      String tokenIssuer = config.tokenIssuer();
      if (config.devIdm()) {
        devIdm = DevIdentityProvider.openOrCreate(data.resolve("dev-idm"), clock);
        jwks = JwksSources.of(devIdm.jwksFile().toString(), config.jwksRefresh());
        if (tokenIssuer.isEmpty()) {
          tokenIssuer = DevIdentityProvider.ISSUER;
        }
        warn.accept("development IdM is on (auth.jwks is empty): tokens are minted with './mcx-kms admin token'."
            + " Point auth.jwks at your MC IdM server's JWKS for production.");
      } else {
        if (tokenIssuer.isEmpty()) {
          throw new ConfigException("auth.issuer is required when auth.jwks is set (the IdM server's issuer)");
        }
        jwks = JwksSources.of(config.jwks(), config.jwksRefresh(), config.jwksCa());
      }
      TokenVerifier verifier = new TokenVerifier(jwks, tokenIssuer, config.tokenAudience(), config.scope(),
          config.identityClaim(), config.tokenClockSkew(), clock);

      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      String node = nodeName();
      KeySetIssuer issuer = new KeySetIssuer(config.cacheMaxEntries(), metrics);
      PeriodWindow window = new PeriodWindow(config.periodsPast(), config.periodsFuture());
      AccessPolicy policy = new AccessPolicy(store);
      KmsService service = new KmsService(domain, policy, issuer, window, clock);
      Auditor auditor = new Auditor(store, node, clock, metrics);
      ProtectionKeys protectionKeys = new ProtectionKeys(store, domain, clock, random);
      ClientKeyPolicy clientKeys = new ClientKeyPolicy(store, protectionKeys, domain, TransportProtection.standard(),
          clock, random);
      Path tokenFile = data.resolve("admin.token");
      AdminToken adminToken = AdminToken.openOrCreate(tokenFile, random);
      AdminService adminService = new AdminService(domain, store, issuer, window, clock, devIdm,
          config.tokenAudience(), config.identityClaim(), config.scope(), protectionKeys).withClientKeyPolicy(clientKeys);
      Runnable readiness = () -> {
        store.ping();
        if (domain.current(Instant.now(clock)).isEmpty()) {
          throw new IllegalStateException("no valid KMS certificate");
        }
      };

      kms = jetty("kms", 200, tls, config.listenHost(), config.listenPort(),
          new KmsFrontController(service, store, verifier, auditor, config, clock, metrics, node, protectionKeys,
              clientKeys));
      admin = jetty("kms-admin", 16, tls, config.adminHost(), config.adminPort(),
          new AdminHandler(adminService, adminToken, auditor, metrics, readiness));
      if (!TlsIdentity.isLoopback(config.adminHost())) {
        warn.accept("the admin API listens on " + config.adminHost() + ", not on loopback");
      }
      background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kms-certificate-refresh");
        t.setDaemon(true);
        return t;
      });
      // Pick up rotations made by other nodes sharing the database.
      background.scheduleWithFixedDelay(() -> {
        try {
          domain.refresh();
        } catch (Exception e) {
          LOG.error("certificate refresh failed: {}", e.getMessage());
        }
      }, 10, 10, TimeUnit.SECONDS);
      // Remind the operator before the current certificate expires (then keyprov answers 503).
      background.scheduleWithFixedDelay(() -> warnIfExpiring(domain, clock), 0, 6, TimeUnit.HOURS);
      KmsServer server = new KmsServer(config, store, domain, tls, kms, admin, background, tokenFile, devIdm,
          metrics, issuer);
      server.auditor = auditor;
      Files.writeString(data.resolve("admin.url"), server.adminUrl() + "\n");
      Files.writeString(data.resolve("kms.url"), server.kmsUrl() + "\n");
      server.preissuer = KmsPreissueTarget.start(domain, store, issuer, config.periodsFuture(),
          config.cacheMaxEntries(), clock, metrics);
      return server;
    } catch (StartupException e) {
      stopQuietly(kms, admin, background, store);
      throw e;
    } catch (ConfigException e) {
      stopQuietly(kms, admin, background, store);
      throw new StartupException("configuration error: " + e.getMessage());
    } catch (IOException | GeneralSecurityException e) {
      stopQuietly(kms, admin, background, store);
      throw new StartupException("cannot start: " + e.getMessage(), e);
    } catch (Exception e) {
      stopQuietly(kms, admin, background, store);
      throw new StartupException("cannot start the listeners: " + e.getMessage(), e);
    }
  }

  private static void warnIfExpiring(SecurityDomain domain, Clock clock) {
    Instant now = clock.instant();
    var current = domain.current(now);
    if (current.isEmpty()) {
      LOG.error("no valid KMS certificate: key provisioning is refused until './mcx-kms admin rotate'");
    } else if (current.get().validTo().isBefore(now.plus(java.time.Duration.ofDays(30)))) {
      LOG.warn("the current KMS certificate {} expires at {}: run './mcx-kms admin rotate' before then",
          current.get().number(), current.get().validTo());
    }
  }

  private static KmsStore openStore(KmsConfig config) throws StartupException {
    try {
      KmsStore jdbc = JdbcKmsStore.open(config.dbUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize());
      // Embedded H2 file: H2 locks it to this process, so no one else can change identities.
      return SoleWriterCachingStore.isSoleWriter(config.dbUrl()) ? new SoleWriterCachingStore(jdbc) : jdbc;
    } catch (StoreException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  private static String nodeName() {
    try {
      return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    } catch (IOException e) {
      return "node-" + ProcessHandle.current().pid();
    }
  }

  private static Server jetty(String name, int threads, TlsIdentity tls, String host, int port, Handler handler)
      throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool(threads, Math.min(8, threads));
    pool.setName(name);
    Server server = new Server(pool);
    HttpConfiguration hc = new HttpConfiguration();
    hc.setSendServerVersion(false);
    hc.setSendXPoweredBy(false);
    // Bearer tokens differ per client: caching header values per connection only costs (resets).
    hc.setHeaderCacheSize(0);
    // Raw user URIs in the path may hold characters Jetty would otherwise reject (';', '%2F').
    hc.setUriCompliance(UriCompliance.LEGACY);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    hc.addCustomizer(secure);
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(tls.keyStore());
    ssl.setKeyStorePassword(tls.keyStorePassword());
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    ServerConnector connector = new ServerConnector(server,
        new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(hc));
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(handler);
    server.start();
    return server;
  }

  private static void stopQuietly(Server kms, Server admin, ScheduledExecutorService bg, KmsStore store) {
    for (Server s : new Server[] {kms, admin}) {
      if (s != null) {
        try {
          s.stop();
        } catch (Exception e) {
          // best effort
        }
      }
    }
    if (bg != null) {
      bg.shutdownNow();
    }
    store.close();
  }

  public int port() {
    return ((ServerConnector) kms.getConnectors()[0]).getLocalPort();
  }

  public int adminPort() {
    return ((ServerConnector) admin.getConnectors()[0]).getLocalPort();
  }

  private static String hostForUrl(String host) {
    if ("0.0.0.0".equals(host) || "::".equals(host) || host.isEmpty()) {
      return "localhost";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }

  public URI kmsUrl() {
    return URI.create("https://" + hostForUrl(config.listenHost()) + ":" + port() + "/keymanagement/identity/v1/");
  }

  public URI adminUrl() {
    return URI.create("https://" + hostForUrl(config.adminHost()) + ":" + adminPort() + "/admin/v1/");
  }

  public TlsIdentity tls() {
    return tls;
  }

  public Path adminTokenFile() {
    return adminTokenFile;
  }

  public SecurityDomain domain() {
    return domain;
  }

  public KmsStore store() {
    return store;
  }

  public KeySetIssuer issuer() {
    return issuer;
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /** The development IdM, or null when a real IdM is configured. */
  public DevIdentityProvider devIdm() {
    return devIdm;
  }

  public KmsConfig config() {
    return config;
  }

  /** A summary for the console: URLs, fingerprint, where the credentials are. */
  public String banner() {
    StringBuilder sb = new StringBuilder();
    sb.append("MCX KMS is running\n");
    sb.append("  KMS URI (KmsUri)    ").append(domain.kmsUri()).append('\n');
    sb.append("  KMS URL             ").append(kmsUrl()).append('\n');
    sb.append("  admin URL           ").append(adminUrl()).append('\n');
    sb.append("  admin credential    ").append(adminTokenFile).append('\n');
    sb.append("  TLS SHA-256         ").append(tls.fingerprint()).append('\n');
    if (tls.certificatePem() != null) {
      sb.append("  TLS certificate     ").append(tls.certificatePem()).append('\n');
    }
    sb.append("  database            ").append(JdbcKmsStoreUrl.redact(config.dbUrl())).append('\n');
    sb.append("  key periods         ").append(domain.policy().periodSeconds()).append(" s, offset ")
        .append(domain.policy().offsetSeconds()).append(" s, serving ").append(config.periodsPast())
        .append(" past / ").append(config.periodsFuture()).append(" future\n");
    sb.append("  token issuer        ").append(devIdm != null ? DevIdentityProvider.ISSUER + " (development IdM)"
        : config.tokenIssuer()).append('\n');
    return sb.toString();
  }

  @Override
  public void close() {
    for (Server s : new Server[] {kms, admin}) {
      try {
        s.stop();
      } catch (Exception e) {
        // best effort
      }
    }
    if (preissuer != null) {
      preissuer.close();
    }
    if (auditor != null) {
      auditor.close();
    }
    stopQuietly(kms, admin, background, store);
  }

  /** Access to the URL redaction of the store, for the banner. */
  private static final class JdbcKmsStoreUrl {
    static String redact(String url) {
      return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
  }
}
