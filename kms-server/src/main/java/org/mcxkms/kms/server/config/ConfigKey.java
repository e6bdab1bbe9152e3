package org.mcxkms.kms.server.config;

import java.util.Locale;

/**
 * Every configuration key of the KMS, with its default and meaning; the table in docs/server.md is
 * kept equal to this list by DocsTest. A value comes from, in increasing precedence: the default
 * here, the properties file given with {@code --config}, then the environment variable
 * {@link #envName()}.
 */
public enum ConfigKey {
  DATA_DIR("data.dir", "./mcx-kms-data", "Data directory: key file, TLS certificate, admin token, H2 database."),
  LISTEN_HOST("listen.host", "127.0.0.1", "Address of the KMS (Annex D) HTTPS listener. Use 0.0.0.0 to serve the network."),
  LISTEN_PORT("listen.port", "8443", "Port of the KMS HTTPS listener (0 = any free port)."),
  ADMIN_HOST("admin.host", "127.0.0.1", "Address of the admin API listener (keep it on loopback)."),
  ADMIN_PORT("admin.port", "8444", "Port of the admin API HTTPS listener (0 = any free port)."),
  PUBLIC_URL("public.url", "", "Base URL clients use to reach the KMS (e.g. https://kms.example.org); with request.url.check=full, ClientReqUrl must start with it."),
  KMS_URI("kms.uri", "kms.mcx.local", "KmsUri of this KMS: P2 of every UID. Fixed when the domain is created."),
  KMS_ISSUER("kms.issuer", "", "Issuer element of the KMS certificate and key sets (default: kms.uri)."),
  KEY_PERIOD_SECONDS("key.period.seconds", "2592000", "UserKeyPeriod in seconds (P3 of the UID). Fixed when the domain is created."),
  KEY_PERIOD_OFFSET_SECONDS("key.period.offset.seconds", "0", "UserKeyOffset in seconds (P4 of the UID). Fixed when the domain is created."),
  KEY_PERIODS_PAST("key.periods.past", "1", "How many periods before the current one may be requested (late messages)."),
  KEY_PERIODS_FUTURE("key.periods.future", "1", "How many periods after the current one may be requested and are sent by keyprov (prefetch)."),
  CERT_VALIDITY_DAYS("cert.validity.days", "730", "Validity (ValidTo - ValidFrom) of a newly generated KMS certificate."),
  REQUEST_TIME_SKEW_SECONDS("request.time.skew.seconds", "300", "Largest accepted difference between a KmsRequest Time and the server clock."),
  REQUEST_URL_CHECK("request.url.check", "path", "How ClientReqUrl is compared with the request: 'path' (path only, proxy friendly) or 'full' (must equal public.url + path)."),
  REQUEST_MAX_BODY_BYTES("request.max.body.bytes", "65536", "Largest accepted request body; larger gets 413."),
  KRR_TRUST_ANCHORS("krr.trust.anchors", "", "PEM file of the CA certificates a KMS Redirect Response signer's certificate must chain to (TS 33.180 D.4.2): this domain's and the partners' CAs. Empty = uploads to redirect are refused."),
  KRR_MAX_AGE_SECONDS("krr.max.age.seconds", "86400", "Oldest KMS Redirect Response (by its Time) the redirect resource accepts."),
  AUTH_JWKS("auth.jwks", "", "IdM JWKS: a file path or an https:// URL. Empty = a local development IdM key in the data directory."),
  AUTH_JWKS_CA("auth.jwks.ca", "", "PEM file of the CA (or certificate) to trust for an https:// auth.jwks (default: the JVM's trust store)."),
  AUTH_JWKS_REFRESH_SECONDS("auth.jwks.refresh.seconds", "300", "How long a fetched JWKS is cached before it is fetched again."),
  AUTH_ISSUER("auth.issuer", "", "Required 'iss' of access tokens (default with the development IdM: its issuer)."),
  AUTH_AUDIENCE("auth.audience", "", "Required 'aud' of access tokens (default: kms.uri)."),
  AUTH_SCOPE("auth.scope", "3gpp:mc:key_management 3gpp:mc:ptt_key_management_service 3gpp:mc:video_key_management_service 3gpp:mc:data_key_management_service 3gpp:mcptt:key_management_server",
      "Scopes (space- or comma-separated) of which a token must carry at least one to use the KMS; the first is put in tokens of the development IdM (UNCONFIRMED strings, TS 33.180 B.1/B.4: the ones MCX clients send)."),
  AUTH_IDENTITY_CLAIM("auth.claim.identity", "mcptt_id", "Claim holding the caller's MC identity (UNCONFIRMED name, TS 33.179 B.5)."),
  AUTH_CLOCK_SKEW_SECONDS("auth.clock.skew.seconds", "30", "Tolerance on exp, nbf and iat of access tokens."),
  AUTH_MAX_TOKEN_LIFETIME_SECONDS("auth.token.max.lifetime.seconds", "86400", "Tokens whose exp lies further ahead than this (or whose iat lies in the future) are refused."),
  LIMIT_ADDRESS_PER_SECOND("limit.address.per.second", "10", "Requests per second (fractions allowed) a client address may make that do not authenticate (bad or missing token, unknown path); 0 = no limit. Beyond the burst: 429."),
  LIMIT_ADDRESS_BURST("limit.address.burst", "50", "Burst of unauthenticated requests allowed per client address."),
  LIMIT_IDENTITY_PER_SECOND("limit.identity.per.second", "50", "Requests per second (fractions allowed) an authenticated identity may make; 0 = no limit. Beyond the burst: 429."),
  LIMIT_IDENTITY_BURST("limit.identity.burst", "500", "Burst of requests allowed per authenticated identity."),
  PROXY_TRUSTED("proxy.trusted", "", "Comma-separated addresses of reverse proxies whose X-Forwarded-For is believed (default: none; the client address is the TCP peer)."),
  HTTP_IDLE_TIMEOUT_SECONDS("http.idle.timeout.seconds", "30", "A connection idle this long is closed."),
  HTTP_HEADER_TIMEOUT_SECONDS("http.header.timeout.seconds", "10", "A request whose line and headers have not fully arrived this long after they began is cut off (slow clients)."),
  HTTP_MAX_CONNECTIONS_PER_ADDRESS("http.max.connections.per.address", "64", "Open connections allowed per client (TCP peer) address; more are closed at once."),
  TLS_HSTS_MAX_AGE_SECONDS("tls.hsts.max.age.seconds", "31536000", "max-age of the Strict-Transport-Security header (0 = no header)."),
  AUDIT_RETENTION_DAYS("audit.retention.days", "365", "Audit records older than this are exported to audit.export.dir, then deleted (0 = keep for ever)."),
  AUDIT_RETENTION_MAX_RECORDS("audit.retention.max.records", "10000000", "At most this many audit records are kept; the oldest beyond are exported, then deleted (0 = no limit)."),
  AUDIT_EXPORT_DIR("audit.export.dir", "", "Where retention writes the records it deletes, as JSON lines (default: data.dir/audit-export)."),
  AUDIT_AGGREGATE_SECONDS("audit.aggregate.seconds", "60", "Refused unauthenticated requests are counted and written as one summary record per action and outcome this often."),
  EXTENSION_REQUIRED("extension.required", "per-identity", "Security extension (TS 33.180 D.1): 'per-identity' = only where set with 'admin require-keys'; 'keyed' = also for every identity that holds a TrK or InK."),
  DB_URL("db.url", "", "JDBC URL: jdbc:postgresql://... in production (default: embedded H2 in the data directory)."),
  DB_USER("db.user", "", "Database user."),
  DB_PASSWORD("db.password", "", "Database password (prefer the environment variable)."),
  DB_POOL_SIZE("db.pool.size", "8", "Connection pool size."),
  DB_WAIT_SECONDS("db.wait.seconds", "10", "A request waits at most this long for a database connection, then is answered 503 with Retry-After (database down or pool exhausted). Shorter answers sooner in an outage but sheds load while the pool refills after one."),
  SEAL_PASSPHRASE("seal.passphrase", "", "Operator passphrase for the master-secret seal (prefer the environment variable)."),
  SEAL_PASSPHRASE_FILE("seal.passphrase.file", "", "File holding the seal passphrase (first line)."),
  SEAL_KEY_FILE("seal.key.file", "", "File holding a 32-octet seal key (hex). Default without a passphrase: data.dir/seal.key, generated."),
  SEAL_ARGON2_MEMORY_KIB("seal.argon2.memory.kib", "65536", "Argon2id memory for a passphrase seal, used when the domain is created."),
  SEAL_ARGON2_ITERATIONS("seal.argon2.iterations", "3", "Argon2id iterations, used when the domain is created."),
  SEAL_PKCS11_LIBRARY("seal.pkcs11.library", "", "PKCS#11 module of the HSM holding the seal key (e.g. /usr/lib/softhsm/libsofthsm2.so); needed when the seal is, or moves, into a token."),
  SEAL_PKCS11_SLOT("seal.pkcs11.slot", "", "Slot ID of the token (default: the slot at seal.pkcs11.slot.index)."),
  SEAL_PKCS11_SLOT_INDEX("seal.pkcs11.slot.index", "0", "Index of the token's slot in the module's slot list, when seal.pkcs11.slot is empty."),
  SEAL_PKCS11_KEY_LABEL("seal.pkcs11.key.label", "", "Label (CKA_LABEL) of the non-extractable AES-256 seal key in the token. Set: the master secrets are sealed in the token; it must name the key that sealed the domain."),
  SEAL_PKCS11_PIN_FILE("seal.pkcs11.pin.file", "", "File holding the token's user PIN (first line)."),
  SEAL_PKCS11_PIN("seal.pkcs11.pin", "", "The token's user PIN: environment variable only, refused in the properties file."),
  TLS_KEYSTORE("tls.keystore", "", "PKCS#12 keystore with the TLS key and certificate (default: a generated self-signed one)."),
  TLS_KEYSTORE_PASSWORD("tls.keystore.password", "", "Password of tls.keystore."),
  TLS_CLIENT_AUTH("tls.client.auth", "none", "Client certificates on the KMS listener: 'none', or 'required' = the TLS handshake is refused unless the peer presents a certificate issued by a CA in tls.client.ca (mutual TLS from the HTTP proxy)."),
  TLS_CLIENT_CA("tls.client.ca", "", "PEM file of the CA certificates whose client certificates are accepted with tls.client.auth=required (the HTTP proxy's)."),
  TLS_HOSTNAMES("tls.hostnames", "localhost", "Comma-separated DNS names for the generated certificate (127.0.0.1 and ::1 are always included)."),
  CACHE_MAX_ENTRIES("cache.max.entries", "100000", "Issued key sets kept in memory (each about 0.5 KiB)."),
  DEV_IDM("dev.idm", "auto", "Development IdM (local signing key; tokens minted with the admin API): auto = on when auth.jwks is empty; off = never.");

  private final String key;
  private final String defaultValue;
  private final String description;

  ConfigKey(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** {@code MCX_KMS_} + the key in upper case with dots as underscores. */
  public String envName() {
    return "MCX_KMS_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  /** Whether the value is a secret that must never be printed. */
  public boolean secret() {
    return this == DB_PASSWORD || this == SEAL_PASSPHRASE || this == TLS_KEYSTORE_PASSWORD || this == SEAL_PKCS11_PIN;
  }

  /** Whether the value may only come from the environment, never from the properties file. */
  public boolean environmentOnly() {
    return this == SEAL_PKCS11_PIN;
  }

  public static ConfigKey byKey(String key) {
    for (ConfigKey k : values()) {
      if (k.key.equals(key)) {
        return k;
      }
    }
    return null;
  }
}
