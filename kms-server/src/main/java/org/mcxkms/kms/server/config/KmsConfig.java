package org.mcxkms.kms.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The resolved configuration: defaults, then a properties file, then environment variables
 * ({@link ConfigKey}). Immutable; typed accessors validate and name the key on error.
 */
public final class KmsConfig {
  private final Map<ConfigKey, String> values;

  private KmsConfig(Map<ConfigKey, String> values) {
    this.values = Collections.unmodifiableMap(new EnumMap<>(values));
    validate();
  }

  /** Defaults only. */
  public static KmsConfig defaults() {
    return builder().build();
  }

  /**
   * Defaults, overridden by {@code file} (may be null) and then by {@code env} (normally
   * {@code System.getenv()}). Unknown keys in the file are an error, so a typo is not silently
   * ignored.
   */
  public static KmsConfig load(Path file, Map<String, String> env) {
    Builder b = builder();
    if (file != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
      }
      for (String name : p.stringPropertyNames()) {
        ConfigKey k = ConfigKey.byKey(name.trim());
        if (k == null) {
          throw new ConfigException("unknown key '" + name + "' in " + file);
        }
        if (k.environmentOnly()) {
          throw new ConfigException(k.key() + " must not be written in " + file + ": set " + k.envName()
              + " in the environment" + (k == ConfigKey.SEAL_PKCS11_PIN ? " or seal.pkcs11.pin.file" : ""));
        }
        b.set(k, p.getProperty(name).trim());
      }
    }
    for (ConfigKey k : ConfigKey.values()) {
      String v = env.get(k.envName());
      if (v != null) {
        b.set(k, v.trim());
      }
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.values.putAll(values);
    return b;
  }

  public String get(ConfigKey key) {
    return values.get(key);
  }

  private void validate() {
    // Touch every typed value once so a bad one fails at start, naming the key.
    listenPort();
    adminPort();
    keyPeriodSeconds();
    keyPeriodOffsetSeconds();
    periodsPast();
    periodsFuture();
    certValidity();
    requestTimeSkew();
    maxBodyBytes();
    krrMaxAge();
    jwksRefresh();
    tokenClockSkew();
    dbPoolSize();
    dbWaitSeconds();
    cacheMaxEntries();
    argon2MemoryKib();
    argon2Iterations();
    urlCheck();
    devIdm();
    scopes();
    maxTokenLifetime();
    addressRate();
    addressBurst();
    identityRate();
    identityBurst();
    trustedProxies();
    idleTimeout();
    headerTimeout();
    maxConnectionsPerAddress();
    hstsMaxAge();
    auditRetention();
    auditRetentionMaxRecords();
    auditAggregateWindow();
    extensionRequiredWhenKeyed();
    tlsClientAuth();
    sealPkcs11Slot();
    sealPkcs11SlotIndex();
    if (sealPkcs11KeyLabel().length() > 128) {
      throw new ConfigException(ConfigKey.SEAL_PKCS11_KEY_LABEL.key() + " has more than 128 characters");
    }
    if (kmsUri().isEmpty()) {
      throw new ConfigException(ConfigKey.KMS_URI.key() + " must not be empty");
    }
  }

  public Path dataDir() {
    return Path.of(get(ConfigKey.DATA_DIR)).toAbsolutePath().normalize();
  }

  public String listenHost() {
    return get(ConfigKey.LISTEN_HOST);
  }

  public int listenPort() {
    return intIn(ConfigKey.LISTEN_PORT, 0, 65535);
  }

  public String adminHost() {
    return get(ConfigKey.ADMIN_HOST);
  }

  public int adminPort() {
    return intIn(ConfigKey.ADMIN_PORT, 0, 65535);
  }

  public String publicUrl() {
    return get(ConfigKey.PUBLIC_URL);
  }

  public String kmsUri() {
    return get(ConfigKey.KMS_URI);
  }

  public String kmsIssuer() {
    String v = get(ConfigKey.KMS_ISSUER);
    return v.isEmpty() ? kmsUri() : v;
  }

  public long keyPeriodSeconds() {
    return longIn(ConfigKey.KEY_PERIOD_SECONDS, 1, 0xFFFF_FFFFL);
  }

  public long keyPeriodOffsetSeconds() {
    return longIn(ConfigKey.KEY_PERIOD_OFFSET_SECONDS, 0, 0xFFFF_FFFFL);
  }

  public int periodsPast() {
    return intIn(ConfigKey.KEY_PERIODS_PAST, 0, 1000);
  }

  public int periodsFuture() {
    return intIn(ConfigKey.KEY_PERIODS_FUTURE, 0, 1000);
  }

  public Duration certValidity() {
    return Duration.ofDays(longIn(ConfigKey.CERT_VALIDITY_DAYS, 1, 36500));
  }

  public Duration requestTimeSkew() {
    return Duration.ofSeconds(longIn(ConfigKey.REQUEST_TIME_SKEW_SECONDS, 0, 86400));
  }

  /** How ClientReqUrl is compared with the URL of the request. */
  public enum UrlCheck {
    /** Only the path must match (scheme, host and port may differ behind a proxy). */
    PATH,
    /** The URL must equal {@code public.url} followed by the path. */
    FULL
  }

  public UrlCheck urlCheck() {
    String v = get(ConfigKey.REQUEST_URL_CHECK);
    switch (v) {
      case "path":
        return UrlCheck.PATH;
      case "full":
        if (publicUrl().isEmpty()) {
          throw new ConfigException("request.url.check=full needs public.url");
        }
        return UrlCheck.FULL;
      default:
        throw new ConfigException("request.url.check must be 'path' or 'full', got '" + v + "'");
    }
  }

  /** PEM file of the KRR trust anchors, or null when none is configured. */
  public Path krrTrustAnchors() {
    String v = get(ConfigKey.KRR_TRUST_ANCHORS);
    return v.isEmpty() ? null : Path.of(v);
  }

  public Duration krrMaxAge() {
    return Duration.ofSeconds(longIn(ConfigKey.KRR_MAX_AGE_SECONDS, 1, 30L * 86400));
  }

  public int maxBodyBytes() {
    return intIn(ConfigKey.REQUEST_MAX_BODY_BYTES, 1024, 16 * 1024 * 1024);
  }

  public String jwks() {
    return get(ConfigKey.AUTH_JWKS);
  }

  /** PEM to trust for an https JWKS URL, or null for the JVM default trust store. */
  public Path jwksCa() {
    String v = get(ConfigKey.AUTH_JWKS_CA);
    return v.isEmpty() ? null : Path.of(v);
  }

  public Duration jwksRefresh() {
    return Duration.ofSeconds(longIn(ConfigKey.AUTH_JWKS_REFRESH_SECONDS, 1, 86400));
  }

  public String tokenIssuer() {
    return get(ConfigKey.AUTH_ISSUER);
  }

  public String tokenAudience() {
    String v = get(ConfigKey.AUTH_AUDIENCE);
    return v.isEmpty() ? kmsUri() : v;
  }

  /** The primary scope: the first of {@link #scopes()} (put into development IdM tokens). */
  public String scope() {
    return scopes().get(0);
  }

  /** Every accepted scope; a token must carry at least one. */
  public List<String> scopes() {
    List<String> out = new ArrayList<>();
    for (String s : get(ConfigKey.AUTH_SCOPE).split("[,\\s]+")) {
      if (!s.isEmpty() && !out.contains(s)) {
        out.add(s);
      }
    }
    if (out.isEmpty()) {
      throw new ConfigException(ConfigKey.AUTH_SCOPE.key() + " must name at least one scope");
    }
    return List.copyOf(out);
  }

  public Duration maxTokenLifetime() {
    return Duration.ofSeconds(longIn(ConfigKey.AUTH_MAX_TOKEN_LIFETIME_SECONDS, 60, 366L * 86400));
  }

  public double addressRate() {
    return rate(ConfigKey.LIMIT_ADDRESS_PER_SECOND);
  }

  public int addressBurst() {
    return intIn(ConfigKey.LIMIT_ADDRESS_BURST, 1, 1_000_000);
  }

  public double identityRate() {
    return rate(ConfigKey.LIMIT_IDENTITY_PER_SECOND);
  }

  /** A rate in requests per second, fractions allowed (0.5 = one every two seconds); 0 = no limit. */
  private double rate(ConfigKey key) {
    String v = get(key);
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(key.key() + " must be a number, got '" + v + "'");
    }
    if (!(d >= 0 && d <= 1_000_000)) {
      throw new ConfigException(key.key() + " must be in [0, 1000000], got " + v);
    }
    return d;
  }

  public int identityBurst() {
    return intIn(ConfigKey.LIMIT_IDENTITY_BURST, 1, 1_000_000);
  }

  /** Addresses of proxies whose X-Forwarded-For is believed. */
  public List<String> trustedProxies() {
    List<String> out = new ArrayList<>();
    for (String s : get(ConfigKey.PROXY_TRUSTED).split(",")) {
      String a = s.trim();
      if (a.isEmpty()) {
        continue;
      }
      if (!a.matches("[0-9A-Fa-f:.]+")) {
        throw new ConfigException(ConfigKey.PROXY_TRUSTED.key() + " takes IP addresses, got '" + a + "'");
      }
      out.add(a);
    }
    return out;
  }

  public Duration idleTimeout() {
    return Duration.ofSeconds(longIn(ConfigKey.HTTP_IDLE_TIMEOUT_SECONDS, 1, 3600));
  }

  public Duration headerTimeout() {
    return Duration.ofSeconds(longIn(ConfigKey.HTTP_HEADER_TIMEOUT_SECONDS, 1, 600));
  }

  public int maxConnectionsPerAddress() {
    return intIn(ConfigKey.HTTP_MAX_CONNECTIONS_PER_ADDRESS, 1, 100_000);
  }

  public long hstsMaxAge() {
    return longIn(ConfigKey.TLS_HSTS_MAX_AGE_SECONDS, 0, 10L * 366 * 86400);
  }

  /** Age beyond which audit records are exported and deleted; zero = never. */
  public Duration auditRetention() {
    return Duration.ofDays(longIn(ConfigKey.AUDIT_RETENTION_DAYS, 0, 36500));
  }

  public long auditRetentionMaxRecords() {
    return longIn(ConfigKey.AUDIT_RETENTION_MAX_RECORDS, 0, Long.MAX_VALUE / 2);
  }

  public Path auditExportDir() {
    String v = get(ConfigKey.AUDIT_EXPORT_DIR);
    return v.isEmpty() ? dataDir().resolve("audit-export") : Path.of(v).toAbsolutePath().normalize();
  }

  public Duration auditAggregateWindow() {
    return Duration.ofSeconds(longIn(ConfigKey.AUDIT_AGGREGATE_SECONDS, 1, 86400));
  }

  /** Whether every identity holding a TrK or InK must use the security extension. */
  public boolean extensionRequiredWhenKeyed() {
    String v = get(ConfigKey.EXTENSION_REQUIRED);
    switch (v) {
      case "per-identity":
        return false;
      case "keyed":
        return true;
      default:
        throw new ConfigException(ConfigKey.EXTENSION_REQUIRED.key() + " must be 'per-identity' or 'keyed', got '"
            + v + "'");
    }
  }

  public String identityClaim() {
    return get(ConfigKey.AUTH_IDENTITY_CLAIM);
  }

  public Duration tokenClockSkew() {
    return Duration.ofSeconds(longIn(ConfigKey.AUTH_CLOCK_SKEW_SECONDS, 0, 600));
  }

  public String dbUrl() {
    String v = get(ConfigKey.DB_URL);
    if (!v.isEmpty()) {
      return v;
    }
    return "jdbc:h2:file:" + dataDir().toAbsolutePath().resolve("db").resolve("kms");
  }

  public String dbUser() {
    return get(ConfigKey.DB_USER);
  }

  public String dbPassword() {
    return get(ConfigKey.DB_PASSWORD);
  }

  public int dbPoolSize() {
    return intIn(ConfigKey.DB_POOL_SIZE, 1, 200);
  }

  public int dbWaitSeconds() {
    return intIn(ConfigKey.DB_WAIT_SECONDS, 1, 60);
  }

  public String sealPassphrase() {
    return get(ConfigKey.SEAL_PASSPHRASE);
  }

  public String sealPassphraseFile() {
    return get(ConfigKey.SEAL_PASSPHRASE_FILE);
  }

  public Path sealKeyFile() {
    String v = get(ConfigKey.SEAL_KEY_FILE);
    return v.isEmpty() ? dataDir().resolve("seal.key") : Path.of(v);
  }

  /** Whether the seal key file was configured explicitly (so it must exist, not be generated). */
  public boolean sealKeyFileConfigured() {
    return !get(ConfigKey.SEAL_KEY_FILE).isEmpty();
  }

  public int argon2MemoryKib() {
    return intIn(ConfigKey.SEAL_ARGON2_MEMORY_KIB, 8, 4 * 1024 * 1024);
  }

  public int argon2Iterations() {
    return intIn(ConfigKey.SEAL_ARGON2_ITERATIONS, 1, 100);
  }

  /** The PKCS#11 module of the seal token, or empty when no token is configured. */
  public String sealPkcs11Library() {
    return get(ConfigKey.SEAL_PKCS11_LIBRARY);
  }

  /** The slot ID of the seal token, or -1 to pick the slot by {@link #sealPkcs11SlotIndex()}. */
  public long sealPkcs11Slot() {
    return get(ConfigKey.SEAL_PKCS11_SLOT).isEmpty() ? -1 : longIn(ConfigKey.SEAL_PKCS11_SLOT, 0, 0xFFFF_FFFFL);
  }

  public int sealPkcs11SlotIndex() {
    return intIn(ConfigKey.SEAL_PKCS11_SLOT_INDEX, 0, 1024);
  }

  public String sealPkcs11KeyLabel() {
    return get(ConfigKey.SEAL_PKCS11_KEY_LABEL);
  }

  public String sealPkcs11PinFile() {
    return get(ConfigKey.SEAL_PKCS11_PIN_FILE);
  }

  public String sealPkcs11Pin() {
    return get(ConfigKey.SEAL_PKCS11_PIN);
  }

  public String tlsKeystore() {
    return get(ConfigKey.TLS_KEYSTORE);
  }

  public String tlsKeystorePassword() {
    return get(ConfigKey.TLS_KEYSTORE_PASSWORD);
  }

  /** Whether the KMS listener demands a client certificate (mutual TLS from the HTTP proxy). */
  public enum ClientAuth {
    /** No client certificate is asked for. */
    NONE,
    /** A certificate issued by a CA of {@code tls.client.ca} is required in the handshake. */
    REQUIRED
  }

  public ClientAuth tlsClientAuth() {
    String v = get(ConfigKey.TLS_CLIENT_AUTH);
    switch (v) {
      case "none":
        return ClientAuth.NONE;
      case "required":
        if (tlsClientCa() == null) {
          throw new ConfigException("tls.client.auth=required needs tls.client.ca (the PEM file of the CAs whose"
              + " client certificates are accepted)");
        }
        return ClientAuth.REQUIRED;
      default:
        throw new ConfigException("tls.client.auth must be 'none' or 'required', got '" + v + "'");
    }
  }

  /** The PEM file of accepted client-certificate CAs, or null when not configured. */
  public Path tlsClientCa() {
    String v = get(ConfigKey.TLS_CLIENT_CA);
    return v.isBlank() ? null : Path.of(v.trim());
  }

  public List<String> tlsHostnames() {
    List<String> out = new ArrayList<>();
    for (String s : get(ConfigKey.TLS_HOSTNAMES).split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  public int cacheMaxEntries() {
    return intIn(ConfigKey.CACHE_MAX_ENTRIES, 0, 100_000_000);
  }

  /** Whether the development IdM (local signing key, admin-minted tokens) is on. */
  public boolean devIdm() {
    String v = get(ConfigKey.DEV_IDM);
    switch (v) {
      case "auto":
        return jwks().isEmpty();
      case "off":
        if (jwks().isEmpty()) {
          throw new ConfigException("dev.idm=off needs auth.jwks (the IdM's JWKS file or URL)");
        }
        return false;
      default:
        throw new ConfigException("dev.idm must be auto or off, got '" + v + "'");
    }
  }

  private long longIn(ConfigKey key, long min, long max) {
    String v = get(key);
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(key.key() + " must be an integer, got '" + v + "'");
    }
    if (n < min || n > max) {
      throw new ConfigException(key.key() + " must be in [" + min + ", " + max + "], got " + n);
    }
    return n;
  }

  private int intIn(ConfigKey key, int min, int max) {
    return (int) longIn(key, min, max);
  }

  /** The settings as key=value lines, secrets redacted; for the startup log. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    for (ConfigKey k : ConfigKey.values()) {
      String v = values.get(k);
      sb.append(k.key()).append('=').append(k.secret() && !v.isEmpty() ? "(set, redacted)" : v).append('\n');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "KmsConfig[kms.uri=" + kmsUri() + ", data.dir=" + dataDir() + "]";
  }

  /** Mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private final Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);

    private Builder() {
      for (ConfigKey k : ConfigKey.values()) {
        values.put(k, k.defaultValue());
      }
    }

    public Builder set(ConfigKey key, String value) {
      values.put(key, value == null ? "" : value);
      return this;
    }

    public Builder set(ConfigKey key, long value) {
      return set(key, Long.toString(value));
    }

    public KmsConfig build() {
      return new KmsConfig(values);
    }
  }
}
