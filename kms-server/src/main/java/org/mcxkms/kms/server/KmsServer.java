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
import java.security.KeyStore;
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
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.mcxkms.kms.protocol.TransportProtection;
import org.mcxkms.kms.server.admin.AdminApi;
import org.mcxkms.kms.server.admin.AdminHandler;
import org.mcxkms.kms.server.admin.AdminRoutes;
import org.mcxkms.kms.server.admin.AdminToken;
import org.mcxkms.kms.server.admin.AuditAdminHandler;
import org.mcxkms.kms.server.audit.AuditKey;
import org.mcxkms.kms.server.audit.AuditRetention;
import org.mcxkms.kms.server.audit.Auditor;
import org.mcxkms.kms.server.auth.DevIdentityProvider;
import org.mcxkms.kms.server.auth.JwksSources;
import org.mcxkms.kms.server.auth.TokenVerifier;
import org.mcxkms.kms.server.config.ConfigException;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.config.SecureFiles;
import org.mcxkms.kms.server.console.ConsoleHandler;
import org.mcxkms.kms.server.core.KmsService;
import org.mcxkms.kms.server.core.PeriodWindow;
import org.mcxkms.kms.server.domain.ExternalKmss;
import org.mcxkms.kms.server.domain.MigrationKmss;
import org.mcxkms.kms.server.domain.RedirectResponses;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.domain.StartupException;
import org.mcxkms.kms.server.edge.ClientAddress;
import org.mcxkms.kms.server.edge.ConnectionGuard;
import org.mcxkms.kms.server.edge.KmsErrorBody;
import org.mcxkms.kms.server.edge.KmsErrorPages;
import org.mcxkms.kms.server.edge.RateLimitHandler;
import org.mcxkms.kms.server.edge.RateLimiter;
import org.mcxkms.kms.server.extension.ClientKeyPolicy;
import org.mcxkms.kms.server.extension.ProtectionKeys;
import org.mcxkms.kms.server.http.KmsFrontController;
import org.mcxkms.kms.server.issue.KeySetIssuer;
import org.mcxkms.kms.server.policy.AccessPolicy;
import org.mcxkms.kms.server.seal.SealException;
import org.mcxkms.kms.server.store.ExtensionRequiredWhenKeyed;
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
    try {
      // The seal key, admin token, TLS key and database live here: owner only.
      SecureFiles.tightenTree(data, warn);
    } catch (IOException e) {
      throw new StartupException("refusing to start: " + e.getMessage());
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
      TokenVerifier verifier = new TokenVerifier(jwks, tokenIssuer, config.tokenAudience(), config.scopes(),
          config.identityClaim(), config.tokenClockSkew(), config.maxTokenLifetime(), clock);

      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      String node = nodeName();
      KeySetIssuer issuer = new KeySetIssuer(config.cacheMaxEntries(), metrics);
      PeriodWindow window = new PeriodWindow(config.periodsPast(), config.periodsFuture());
      AccessPolicy policy = new AccessPolicy(store);
      ExternalKmss externals = new ExternalKmss(store, domain.kmsUri());
      RedirectResponses redirects = new RedirectResponses(store, domain.kmsUri(),
          RedirectResponses.loadTrust(config.krrTrustAnchors(), config.krrMaxAge(), config.requestTimeSkew()), clock,
          config.maxBodyBytes());
      MigrationKmss migrations = new MigrationKmss(store, domain.kmsUri());
      KmsService service = new KmsService(domain, policy, issuer, window, clock, externals, redirects, migrations);
      AuditKey auditKey = AuditKey.openOrCreate(store, domain, random);
      Auditor auditor = new Auditor(store, node, clock, metrics, auditKey, config.auditAggregateWindow());
      ProtectionKeys protectionKeys = new ProtectionKeys(store, domain, clock, random);
      ClientKeyPolicy clientKeys = new ClientKeyPolicy(store, domain, TransportProtection.standard(), clock, random);
      Path tokenFile = data.resolve("admin.token");
      AdminToken adminToken = AdminToken.openOrCreate(tokenFile, random);
      AdminRoutes adminRoutes = new AdminRoutes(domain, store, issuer, window, clock, protectionKeys, clientKeys, devIdm,
          config, externals, migrations);
      Runnable readiness = () -> {
        store.ping();
        if (domain.current(Instant.now(clock)).isEmpty()) {
          throw new IllegalStateException("no valid KMS certificate");
        }
      };

      KmsFrontController front = new KmsFrontController(service, verifier, auditor, config, clock, metrics,
          protectionKeys, clientKeys, () -> {
            store.ping();
            return service.hasValidCertificate();
          });
      String[] kmsBase = {config.publicUrl()};
      KmsErrorBody errors = new KmsErrorBody(domain.kmsUri(), () -> kmsBase[0], clock);
      RateLimitHandler limits = new RateLimitHandler(front,
          new RateLimiter(config.addressRate(), config.addressBurst()),
          new RateLimiter(config.identityRate(), config.identityBurst()),
          new ClientAddress(config.trustedProxies()), errors, metrics);
      KeyStore clientCas = null;
      if (config.tlsClientAuth() == KmsConfig.ClientAuth.REQUIRED) {
        try {
          clientCas = TlsIdentity.trustStore(config.tlsClientCa());
        } catch (IOException | GeneralSecurityException e) {
          throw new StartupException("cannot read tls.client.ca " + config.tlsClientCa() + ": " + e.getMessage(), e);
        }
      }
      kms = jetty("kms", 200, tls, clientCas, config.listenHost(), config.listenPort(), limits, config,
          new KmsErrorPages(errors));
      if (kmsBase[0].isEmpty()) {
        int p = ((ServerConnector) kms.getConnectors()[0]).getLocalPort();
        kmsBase[0] = "https://" + hostForUrl(config.listenHost()) + ":" + p;
      }
      AdminApi adminApi = new AdminApi(adminRoutes, adminToken, auditor);
      ConsoleHandler console = new ConsoleHandler(new AuditAdminHandler(new AdminHandler(adminApi, metrics, readiness),
          store, auditKey, adminToken, auditor), adminApi, adminToken, readiness, metrics, clock, random);
      admin = jetty("kms-admin", 16, tls, null, config.adminHost(), config.adminPort(), console, config, null);
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
      // The console's chart of the last hour of key provisioning.
      background.scheduleAtFixedRate(console::sampleMetrics, 0, 1, TimeUnit.MINUTES);
      // Remind the operator before the current certificate expires (then keyprov answers 503).
      background.scheduleWithFixedDelay(() -> warnIfExpiring(domain, clock), 0, 6, TimeUnit.HOURS);
      // Keep the audit trail bounded: export, then delete, what retention no longer keeps.
      AuditRetention retention = new AuditRetention(store, auditKey, config.auditRetention(),
          config.auditRetentionMaxRecords(), config.auditExportDir(), clock);
      background.scheduleWithFixedDelay(() -> runRetention(retention, auditor), 1, 60, TimeUnit.MINUTES);
      KmsServer server = new KmsServer(config, store, domain, tls, kms, admin, background, tokenFile, devIdm,
          metrics, issuer);
      server.auditor = auditor;
      Files.writeString(data.resolve("admin.url"), server.adminUrl() + "\n");
      Files.writeString(data.resolve("kms.url"), server.kmsUrl() + "\n");
      Files.writeString(server.tlsFingerprintFile(), tls.fingerprint() + "\n");
      // What the store and these writes created with the umask: owner only, as at the next start.
      SecureFiles.tightenTree(data, warn);
      server.preissuer = KmsPreissueTarget.start(domain, store, issuer, config.periodsFuture(),
          config.cacheMaxEntries(), clock, metrics);
      return server;
    } catch (StartupException e) {
      stopQuietly(kms, admin, background, store);
      throw e;
    } catch (ConfigException e) {
      stopQuietly(kms, admin, background, store);
      throw new StartupException("configuration error: " + e.getMessage());
    } catch (SealException e) {
      stopQuietly(kms, admin, background, store);
      throw new StartupException("refusing to start: the audit chain key: " + e.getMessage());
    } catch (IOException | GeneralSecurityException e) {
      stopQuietly(kms, admin, background, store);
      throw new StartupException("cannot start: " + e.getMessage(), e);
    } catch (Exception e) {
      stopQuietly(kms, admin, background, store);
      throw new StartupException("cannot start the listeners: " + e.getMessage(), e);
    }
  }

  private static void runRetention(AuditRetention retention, Auditor auditor) {
    try {
      long n = retention.run();
      if (n > 0) {
        auditor.record("retention-" + System.currentTimeMillis(), "system", "audit.retention", null, null, "ok",
            n + " records exported and deleted");
      }
    } catch (Exception e) {
      LOG.error("audit retention failed: {}", e.getMessage());
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
      KmsStore jdbc = JdbcKmsStore.open(config.dbUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize(),
          config.dbWaitSeconds());
      // Embedded H2 file: H2 locks it to this process, so no one else can change identities.
      KmsStore store = SoleWriterCachingStore.isSoleWriter(config.dbUrl()) ? new SoleWriterCachingStore(jdbc) : jdbc;
      return config.extensionRequiredWhenKeyed() ? new ExtensionRequiredWhenKeyed(store) : store;
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

  /** TLS 1.2 suites refused: CBC (padding-oracle history), static RSA key exchange and SHA-1 MACs. */
  static final String[] EXCLUDED_SUITES = {".*_CBC_.*", "^TLS_RSA_.*", ".*_SHA$", ".*_MD5$", ".*_NULL_.*",
      ".*_anon_.*", ".*_EXPORT_.*", ".*_DES_.*", ".*_RC4_.*"};

  /**
   * @param clientCas when not null, the handshake requires a client certificate issued by one of
   *     these (mutual TLS from the HTTP proxy); a peer without one never reaches a handler
   */
  private static Server jetty(String name, int threads, TlsIdentity tls, KeyStore clientCas, String host, int port,
      Handler handler, KmsConfig config, ErrorHandler errors) throws Exception {
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
    hc.setIdleTimeout(config.idleTimeout().toMillis());
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    if (config.hstsMaxAge() > 0) {
      secure.setStsMaxAge(config.hstsMaxAge());
    }
    hc.addCustomizer(secure);
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(tls.keyStore());
    ssl.setKeyStorePassword(tls.keyStorePassword());
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    ssl.setExcludeCipherSuites(EXCLUDED_SUITES);
    if (clientCas != null) {
      ssl.setTrustStore(clientCas);
      ssl.setNeedClientAuth(true);
    }
    ServerConnector connector = new ServerConnector(server,
        new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(hc));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(config.idleTimeout().toMillis());
    connector.addBean(new ConnectionGuard(config.maxConnectionsPerAddress(), config.headerTimeout()));
    server.addConnector(connector);
    server.setHandler(handler);
    if (errors != null) {
      server.setErrorHandler(errors);
    }
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

  /** The file holding the TLS certificate's SHA-256 fingerprint (for pinning clients). */
  public Path tlsFingerprintFile() {
    return config.dataDir().toAbsolutePath().resolve("tls.sha256");
  }

  public SecurityDomain domain() {
    return domain;
  }

  public KmsStore store() {
    return store;
  }

  /** The audit trail writer (tests flush its pending summaries of unauthenticated failures). */
  public Auditor auditor() {
    return auditor;
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
    sb.append("  TLS SHA-256         ").append(tls.fingerprint()).append(" (also in ").append(tlsFingerprintFile())
        .append(")\n");
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
