package org.mcxkms.kms.server.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.server.error.KmsException;
import org.mcxkms.kms.server.extension.ClientKeyPolicy;
import org.mcxkms.kms.server.extension.ProtectionKeys;
import org.mcxkms.kms.server.store.ProtectionKeyRecord;
import org.mcxkms.kms.server.auth.DevIdentityProvider;
import org.mcxkms.kms.server.core.PeriodWindow;
import org.mcxkms.kms.server.domain.CertificateKeys;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.issue.KeySetIssuer;
import org.mcxkms.kms.server.seal.SealException;
import org.mcxkms.kms.server.store.AuditRecord;
import org.mcxkms.kms.server.store.ConflictException;
import org.mcxkms.kms.server.store.IdentityKind;
import org.mcxkms.kms.server.store.IdentityRecord;
import org.mcxkms.kms.server.store.IdentityStatus;
import org.mcxkms.kms.server.store.KmsStore;

/**
 * The administration operations behind the admin API: identities (users and server entities),
 * grants, revocation, the domain and its certificates, rotation, the audit trail, and (with the
 * development IdM only) test tokens. Results are plain maps for JSON; nothing secret is in them.
 */
public final class AdminService {
  private static final int MAX_URI = 1024;

  private final SecurityDomain domain;
  private final KmsStore store;
  private final KeySetIssuer issuer;
  private final PeriodWindow window;
  private final Clock clock;
  private final DevIdentityProvider devIdm; // null unless the development IdM is on
  private final String audience;
  private final String identityClaim;
  private final String scope;
  private final ProtectionKeys protectionKeys;
  private ClientKeyPolicy clientKeyPolicy;

  public AdminService(SecurityDomain domain, KmsStore store, KeySetIssuer issuer, PeriodWindow window, Clock clock,
      DevIdentityProvider devIdm, String audience, String identityClaim, String scope,
      ProtectionKeys protectionKeys) {
    this.protectionKeys = protectionKeys;
    this.domain = domain;
    this.store = store;
    this.issuer = issuer;
    this.window = window;
    this.clock = clock;
    this.devIdm = devIdm;
    this.audience = audience;
    this.identityClaim = identityClaim;
    this.scope = scope;
  }

  static String checkUri(String field, String uri) throws AdminException {
    if (uri == null || uri.isEmpty()) {
      throw new AdminException(400, field + " is required");
    }
    if (uri.length() > MAX_URI) {
      throw new AdminException(400, field + " is longer than " + MAX_URI + " characters");
    }
    for (int i = 0; i < uri.length(); i++) {
      char ch = uri.charAt(i);
      if (Character.isWhitespace(ch) || Character.isISOControl(ch)) {
        throw new AdminException(400, field + " must not contain whitespace or control characters");
      }
    }
    return uri;
  }

  public Map<String, Object> addIdentity(String uri, String kind) throws AdminException {
    checkUri("uri", uri);
    IdentityKind k;
    try {
      k = IdentityKind.valueOf(kind == null ? "USER" : kind.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new AdminException(400, "kind must be 'user' or 'server'");
    }
    try {
      store.addIdentity(new IdentityRecord(uri, k, IdentityStatus.ENABLED, clock.instant(), null, null));
    } catch (ConflictException e) {
      throw new AdminException(409, uri + " is already registered");
    }
    return identity(uri);
  }

  public List<Map<String, Object>> identities() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (IdentityRecord r : store.identities()) {
      out.add(describe(r));
    }
    return out;
  }

  public Map<String, Object> identity(String uri) throws AdminException {
    return describe(find(uri));
  }

  private IdentityRecord find(String uri) throws AdminException {
    checkUri("uri", uri);
    return store.identity(uri).orElseThrow(() -> new AdminException(404, uri + " is not registered"));
  }

  private Map<String, Object> describe(IdentityRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uri", r.uri());
    m.put("kind", r.kind().name().toLowerCase(java.util.Locale.ROOT));
    m.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
    m.put("created_at", r.createdAt().toString());
    if (r.revokedAt() != null) {
      m.put("revoked_at", r.revokedAt().toString());
    }
    if (r.revokedThroughPeriod() != null) {
      m.put("revoked_through_period", r.revokedThroughPeriod());
    }
    if (r.kind() == IdentityKind.SERVER) {
      m.put("grants", store.grants(r.uri()));
    }
    return m;
  }

  public Map<String, Object> disable(String uri) throws AdminException {
    find(uri);
    store.setStatus(uri, IdentityStatus.DISABLED);
    issuer.evict(uri);
    return identity(uri);
  }

  /** Re-enables; a revoked identity is reinstated for periods after its revoked ones only. */
  public Map<String, Object> enable(String uri) throws AdminException {
    find(uri);
    store.setStatus(uri, IdentityStatus.ENABLED);
    return identity(uri);
  }

  /**
   * Revokes at once: status REVOKED, and every key set up to the last period already handed out
   * (the current one plus the prefetch window) is revoked for good, because it is derived
   * deterministically and may be in the wrong hands.
   */
  public Map<String, Object> revoke(String uri) throws AdminException {
    find(uri);
    Instant now = clock.instant();
    long through = window.last(domain.policy(), NtpTime.of(now).seconds());
    store.revoke(uri, now, through);
    issuer.evict(uri);
    return identity(uri);
  }

  public Map<String, Object> grant(String server, String target) throws AdminException {
    checkUri("server", server);
    checkUri("target", target);
    IdentityRecord s = find(server);
    if (s.kind() != IdentityKind.SERVER) {
      throw new AdminException(400, server + " is a user; only server entities hold grants");
    }
    try {
      store.addGrant(server, target);
    } catch (ConflictException e) {
      throw new AdminException(409, e.getMessage());
    }
    return identity(server);
  }

  public Map<String, Object> revokeGrant(String server, String target) throws AdminException {
    checkUri("target", target);
    find(server);
    if (!store.removeGrant(server, target)) {
      throw new AdminException(404, server + " holds no grant for " + target);
    }
    return identity(server);
  }

  /**
   * Generates a TrK or InK for {@code uri} (security extension, D.1) and returns it once, in hex,
   * for provisioning into the client's secure element. The KMS keeps it sealed.
   */
  public Map<String, Object> addProtectionKey(String uri, String kind, String keyId) throws AdminException {
    IdentityRecord r = find(uri);
    ProtectionKey.Kind k;
    if ("trk".equalsIgnoreCase(kind)) {
      k = ProtectionKey.Kind.TRANSPORT;
    } else if ("ink".equalsIgnoreCase(kind)) {
      k = ProtectionKey.Kind.INTEGRITY;
    } else {
      throw new AdminException(400, "kind must be 'trk' or 'ink'");
    }
    String id = keyId != null ? keyId
        : (k == ProtectionKey.Kind.TRANSPORT ? "trk." : "ink.") + java.util.UUID.randomUUID() + "." + r.uri();
    if (id.isEmpty() || id.length() > ProtectionKey.MAX_ID_LENGTH) {
      throw new AdminException(400, "key_id must have 1.." + ProtectionKey.MAX_ID_LENGTH + " characters");
    }
    checkUri("key_id", id);
    ProtectionKey key;
    try {
      key = protectionKeys.generate(r.uri(), k, id);
    } catch (ConflictException e) {
      throw new AdminException(409, "key ID " + id + " is taken");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uri", r.uri());
    m.put("key_id", key.id());
    m.put("kind", kind.toLowerCase(java.util.Locale.ROOT));
    byte[] secret = key.secret().toByteArray(SecretAccess.get());
    m.put("key_hex", HexFormat.of().formatHex(secret));
    java.util.Arrays.fill(secret, (byte) 0);
    m.put("warning", "shown once: provision it into the client's secure element; the KMS keeps it sealed");
    return m;
  }

  public List<Map<String, Object>> protectionKeys(String uri) throws AdminException {
    find(uri);
    java.util.Set<String> pending = store.pendingProtectionKeys(uri);
    List<Map<String, Object>> out = new ArrayList<>();
    for (ProtectionKeyRecord r : store.protectionKeys(uri)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key_id", r.keyId());
      m.put("kind", "TRANSPORT".equals(r.kind()) ? "trk" : "ink");
      m.put("created_at", r.createdAt().toString());
      m.put("pending", pending.contains(r.keyId()));
      out.add(m);
    }
    return out;
  }

  /** Enables the per-client requirement and in-band rotation of the security extension. */
  public AdminService withClientKeyPolicy(ClientKeyPolicy policy) {
    this.clientKeyPolicy = policy;
    return this;
  }

  /**
   * Starts an in-band rotation of a client's TrK/InK: new keys are pending and travel to the
   * client wrapped under its TrK (NewTransportKey/NewIntegrityKey); its first use of them retires
   * the old ones. Only the IDs are returned.
   */
  public Map<String, Object> rotateProtectionKeys(String uri) throws AdminException {
    IdentityRecord r = find(uri);
    List<ProtectionKey> created;
    try {
      created = policy().rotate(r.uri());
    } catch (KmsException e) {
      throw new AdminException(409, e.getMessage());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uri", r.uri());
    List<Map<String, Object>> p = new ArrayList<>();
    for (ProtectionKey k : created) {
      Map<String, Object> km = new LinkedHashMap<>();
      km.put("key_id", k.id());
      km.put("kind", k.kind() == ProtectionKey.Kind.TRANSPORT ? "trk" : "ink");
      p.add(km);
    }
    m.put("pending", p);
    return m;
  }

  /** Whether {@code uri} must use the security extension (signed requests, TrK-ID when it has a TrK). */
  public Map<String, Object> requireProtectionKeys(String uri, boolean required) throws AdminException {
    IdentityRecord r = find(uri);
    policy().setRequired(r.uri(), required);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uri", r.uri());
    m.put("required", policy().required(r.uri()));
    return m;
  }

  private ClientKeyPolicy policy() throws AdminException {
    if (clientKeyPolicy == null) {
      throw new AdminException(404, "the security extension's client policy is not available");
    }
    return clientKeyPolicy;
  }

  public Map<String, Object> removeProtectionKey(String keyId) throws AdminException {
    checkUri("key_id", keyId);
    if (!store.removeProtectionKey(keyId)) {
      throw new AdminException(404, "no key " + keyId);
    }
    return Map.of("removed", keyId);
  }

  public Map<String, Object> domain() {
    Map<String, Object> m = new LinkedHashMap<>();
    Instant now = clock.instant();
    long nowNtp = NtpTime.of(now).seconds();
    m.put("domain_id", domain.domainId());
    m.put("kms_uri", domain.kmsUri());
    m.put("issuer", domain.issuer());
    m.put("user_key_period", domain.policy().periodSeconds());
    m.put("user_key_offset", domain.policy().offsetSeconds());
    m.put("current_period", domain.policy().periodNumber(nowNtp));
    m.put("served_periods", List.of(window.first(domain.policy(), nowNtp), window.last(domain.policy(), nowNtp)));
    m.put("seal", domain.record().kekKind());
    m.put("cache_num", domain.cacheNumber(now));
    m.put("current_certificate", domain.current(now).map(CertificateKeys::number).orElse(null));
    m.put("certificates", certificates());
    return m;
  }

  public List<Map<String, Object>> certificates() {
    Instant now = clock.instant();
    Integer current = domain.current(now).map(CertificateKeys::number).orElse(null);
    List<Map<String, Object>> out = new ArrayList<>();
    for (CertificateKeys c : domain.certificates()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("number", c.number());
      m.put("cert_uri", c.certUri());
      m.put("valid_from", c.validFrom().toString());
      m.put("valid_to", c.validTo().toString());
      m.put("state", c.number() == (current == null ? -1 : current) ? "current"
          : c.validAt(now) ? "published" : "expired");
      m.put("pub_auth_key", HexFormat.of().formatHex(c.pubAuthKey()));
      m.put("pub_enc_key", HexFormat.of().formatHex(c.pubEncKey()));
      out.add(m);
    }
    return out;
  }

  public Map<String, Object> rotate() throws AdminException {
    try {
      CertificateKeys c = domain.rotate();
      issuer.clear();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("number", c.number());
      m.put("cert_uri", c.certUri());
      m.put("valid_from", c.validFrom().toString());
      m.put("valid_to", c.validTo().toString());
      return m;
    } catch (ConflictException e) {
      throw new AdminException(409, "another node rotated the certificate at the same time; try again");
    } catch (SealException e) {
      throw new AdminException(500, e.getMessage());
    }
  }

  public List<Map<String, Object>> audit(int limit) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (AuditRecord r : store.recentAudit(limit)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", r.at().toString());
      m.put("request_id", r.requestId());
      m.put("node", r.node());
      m.put("caller", r.caller());
      m.put("action", r.action());
      m.put("identity", r.identity());
      m.put("period", r.period());
      m.put("outcome", r.outcome());
      m.put("detail", r.detail());
      out.add(m);
    }
    return out;
  }

  /** FOR DEVELOPMENT: an access token for {@code user} signed by the development IdM. */
  public Map<String, Object> devToken(String user, long ttlSeconds, String scopeOverride) throws AdminException {
    if (devIdm == null) {
      throw new AdminException(404, "the development IdM is off (auth.jwks is set); get tokens from your IdM server");
    }
    checkUri("user", user);
    if (ttlSeconds < 1 || ttlSeconds > 7 * 86400) {
      throw new AdminException(400, "ttl_seconds must be in [1, 604800]");
    }
    String s = scopeOverride == null ? scope : scopeOverride;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("access_token", devIdm.mint(user, audience, identityClaim, s, Duration.ofSeconds(ttlSeconds)));
    m.put("token_type", "Bearer");
    m.put("expires_in", ttlSeconds);
    m.put("warning", "development token from the local test IdM; not for production");
    return m;
  }
}
