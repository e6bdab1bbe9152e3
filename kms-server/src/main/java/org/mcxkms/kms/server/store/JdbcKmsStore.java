package org.mcxkms.kms.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;

/**
 * {@link KmsStore} over JDBC, for embedded H2 (default) and PostgreSQL (production). The schema is
 * created and upgraded by Flyway migrations ({@code db/migration}); Flyway takes a database lock
 * while migrating, so nodes starting together on one PostgreSQL database do not race.
 */
public final class JdbcKmsStore implements KmsStore {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String FK_VIOLATION = "23503";
  /** H2's code for a missing parent row (PostgreSQL uses 23503 for both directions). */
  private static final String FK_PARENT_MISSING = "23506";

  private final HikariDataSource ds;

  private JdbcKmsStore(HikariDataSource ds) {
    this.ds = ds;
  }

  /** Opens the database at {@code url} and migrates its schema to the latest version. */
  public static JdbcKmsStore open(String url, String user, String password, int poolSize) {
    return open(url, user, password, poolSize, 10);
  }

  /**
   * As {@link #open(String, String, String, int)}, with the longest wait for a connection: past it an
   * operation fails with {@link StoreException}, which a request answers with 503 and Retry-After.
   */
  public static JdbcKmsStore open(String url, String user, String password, int poolSize, int waitSeconds) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    if (user != null && !user.isEmpty()) {
      hc.setUsername(user);
    }
    if (password != null && !password.isEmpty()) {
      hc.setPassword(password);
    }
    hc.setMaximumPoolSize(poolSize);
    hc.setPoolName("kms-store");
    hc.setInitializationFailTimeout(-1);
    hc.setConnectionTimeout(waitSeconds * 1000L);
    HikariDataSource ds = new HikariDataSource(hc);
    try {
      Flyway.configure()
          .dataSource(ds)
          .locations("classpath:db/migration")
          .table("kms_schema_history")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw new StoreException("cannot open or migrate the database at " + redact(url) + ": " + e.getMessage(), e);
    }
    return new JdbcKmsStore(ds);
  }

  /** The JDBC URL without any password parameter, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  @Override
  public Optional<DomainRecord> domain() {
    return query(
        "SELECT domain_id, kms_uri, key_period_seconds, key_offset_seconds, kek_kind, kek_params,"
            + " kek_check, created_at FROM kms_domain WHERE id = 1",
        ps -> {},
        rs ->
            new DomainRecord(
                rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), instant(rs, 8)))
        .stream()
        .findFirst();
  }

  @Override
  public boolean createDomain(DomainRecord d, CertificateRecord first) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO kms_domain (id, domain_id, kms_uri, key_period_seconds, key_offset_seconds,"
                    + " kek_kind, kek_params, kek_check, created_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, d.domainId());
          ps.setString(2, d.kmsUri());
          ps.setLong(3, d.keyPeriodSeconds());
          ps.setLong(4, d.keyPeriodOffsetSeconds());
          ps.setString(5, d.kekKind());
          ps.setString(6, d.kekParams());
          ps.setString(7, d.kekCheck());
          setInstant(ps, 8, d.createdAt());
          ps.executeUpdate();
        }
        insertCertificate(c, first);
        c.commit();
        return true;
      } catch (SQLException e) {
        c.rollback();
        if (UNIQUE_VIOLATION.equals(e.getSQLState()) && domain().isPresent()) {
          return false; // another node created the domain first
        }
        throw e;
      }
    } catch (SQLException e) {
      throw failure("create the domain", e);
    }
  }

  @Override
  public List<CertificateRecord> certificates() {
    return query(
        "SELECT cert_no, cert_uri, valid_from, valid_to, revoked, pub_enc_key, pub_auth_key,"
            + " sealed_secrets, created_at FROM kms_certificate ORDER BY cert_no",
        ps -> {},
        rs ->
            new CertificateRecord(
                rs.getInt(1), rs.getString(2), instant(rs, 3), instant(rs, 4), rs.getBoolean(5),
                rs.getString(6), rs.getString(7), rs.getString(8), instant(rs, 9)));
  }

  @Override
  public void addCertificate(CertificateRecord certificate) {
    try (Connection c = ds.getConnection()) {
      insertCertificate(c, certificate);
    } catch (SQLException e) {
      throw failure("add certificate " + certificate.number(), e);
    }
  }

  private static void insertCertificate(Connection c, CertificateRecord r) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO kms_certificate (cert_no, cert_uri, valid_from, valid_to, revoked, pub_enc_key,"
                + " pub_auth_key, sealed_secrets, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setInt(1, r.number());
      ps.setString(2, r.certUri());
      setInstant(ps, 3, r.validFrom());
      setInstant(ps, 4, r.validTo());
      ps.setBoolean(5, r.revoked());
      ps.setString(6, r.pubEncKeyHex());
      ps.setString(7, r.pubAuthKeyHex());
      ps.setString(8, r.sealedSecrets());
      setInstant(ps, 9, r.createdAt());
      ps.executeUpdate();
    }
  }

  @Override
  public void addIdentity(IdentityRecord r) {
    update(
        "add identity " + r.uri(),
        "INSERT INTO kms_identity (uri, kind, status, created_at, revoked_at, revoked_through_period)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        ps -> {
          ps.setString(1, r.uri());
          ps.setString(2, r.kind().name());
          ps.setString(3, r.status().name());
          setInstant(ps, 4, r.createdAt());
          setInstant(ps, 5, r.revokedAt());
          if (r.revokedThroughPeriod() == null) {
            ps.setNull(6, Types.BIGINT);
          } else {
            ps.setLong(6, r.revokedThroughPeriod());
          }
        });
  }

  private static final String IDENTITY_COLUMNS =
      "SELECT uri, kind, status, created_at, revoked_at, revoked_through_period FROM kms_identity";

  private static IdentityRecord identityRow(ResultSet rs) throws SQLException {
    long through = rs.getLong(6);
    Long revokedThrough = rs.wasNull() ? null : through;
    return new IdentityRecord(
        rs.getString(1),
        IdentityKind.valueOf(rs.getString(2)),
        IdentityStatus.valueOf(rs.getString(3)),
        instant(rs, 4),
        instant(rs, 5),
        revokedThrough);
  }

  @Override
  public Optional<IdentityRecord> identity(String uri) {
    return query(IDENTITY_COLUMNS + " WHERE uri = ?", ps -> ps.setString(1, uri), JdbcKmsStore::identityRow)
        .stream()
        .findFirst();
  }

  @Override
  public List<IdentityRecord> identities() {
    return query(IDENTITY_COLUMNS + " ORDER BY uri", ps -> {}, JdbcKmsStore::identityRow);
  }

  @Override
  public List<IdentityRecord> identities(IdentityQuery q) {
    // Keyset pagination: the next page starts after the last URI shown, so a page deep in 100,000
    // identities costs as much as the first (the primary key, or an index led by kind or status).
    StringBuilder sql = new StringBuilder(IDENTITY_COLUMNS).append(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (q.search() != null) {
      sql.append(" AND LOWER(uri) LIKE ? ESCAPE '\\'");
      args.add("%" + likeEscape(q.search().toLowerCase(Locale.ROOT)) + "%");
    }
    if (q.kind() != null) {
      sql.append(" AND kind = ?");
      args.add(q.kind().name());
    }
    if (q.status() != null) {
      sql.append(" AND status = ?");
      args.add(q.status().name());
    }
    if (q.afterUri() != null) {
      sql.append(" AND uri > ?");
      args.add(q.afterUri());
    }
    sql.append(" ORDER BY uri FETCH FIRST ").append(q.limit()).append(" ROWS ONLY");
    return query(sql.toString(), ps -> bindAll(ps, args), JdbcKmsStore::identityRow);
  }

  /** {@code s} with the LIKE wildcards and the escape character taken literally. */
  private static String likeEscape(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static void bindAll(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i) instanceof Instant t) {
        ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
      } else {
        ps.setString(i + 1, (String) args.get(i));
      }
    }
  }

  @Override
  public boolean setStatus(String uri, IdentityStatus status) {
    if (status == IdentityStatus.REVOKED) {
      throw new IllegalArgumentException("use revoke() to revoke");
    }
    return update(
            "set status of " + uri,
            "UPDATE kms_identity SET status = ? WHERE uri = ?",
            ps -> {
              ps.setString(1, status.name());
              ps.setString(2, uri);
            })
        > 0;
  }

  @Override
  public boolean revoke(String uri, Instant at, long throughPeriod) {
    return update(
            "revoke " + uri,
            "UPDATE kms_identity SET status = 'REVOKED', revoked_at = ?, revoked_through_period ="
                + " CASE WHEN revoked_through_period IS NULL OR revoked_through_period < ? THEN ?"
                + " ELSE revoked_through_period END WHERE uri = ?",
            ps -> {
              setInstant(ps, 1, Times.micros(at));
              ps.setLong(2, throughPeriod);
              ps.setLong(3, throughPeriod);
              ps.setString(4, uri);
            })
        > 0;
  }

  @Override
  public void addGrant(String serverUri, String targetUri) {
    try (Connection c = ds.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT kind FROM kms_identity WHERE uri = ?")) {
        ps.setString(1, serverUri);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new ConflictException("server entity " + serverUri + " is not registered");
          }
          if (!IdentityKind.SERVER.name().equals(rs.getString(1))) {
            throw new ConflictException(serverUri + " is not a server entity; users cannot hold grants");
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO kms_grant (server_uri, target_uri, created_at) VALUES (?, ?, ?)")) {
        ps.setString(1, serverUri);
        ps.setString(2, targetUri);
        setInstant(ps, 3, Times.micros(Instant.now()));
        ps.executeUpdate();
      }
    } catch (SQLException e) {
      throw failure("grant " + targetUri + " to " + serverUri, e);
    }
  }

  @Override
  public boolean removeGrant(String serverUri, String targetUri) {
    return update(
            "remove grant",
            "DELETE FROM kms_grant WHERE server_uri = ? AND target_uri = ?",
            ps -> {
              ps.setString(1, serverUri);
              ps.setString(2, targetUri);
            })
        > 0;
  }

  @Override
  public List<String> grants(String serverUri) {
    return query(
        "SELECT target_uri FROM kms_grant WHERE server_uri = ? ORDER BY target_uri",
        ps -> ps.setString(1, serverUri),
        rs -> rs.getString(1));
  }

  @Override
  public boolean isGranted(String serverUri, String targetUri) {
    return !query(
            "SELECT 1 FROM kms_grant WHERE server_uri = ? AND target_uri = ?",
            ps -> {
              ps.setString(1, serverUri);
              ps.setString(2, targetUri);
            },
            rs -> 1)
        .isEmpty();
  }

  @Override
  public void addExternalKms(ExternalKmsRecord e) {
    transaction("import the External KMS certificate of " + e.kmsUri(), c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO kms_external_kms (kms_uri, certificate_xml, fingerprint, added_at) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, e.kmsUri());
        ps.setString(2, e.certificateXml());
        ps.setString(3, e.fingerprint());
        setInstant(ps, 4, e.addedAt());
        ps.executeUpdate();
      }
      bumpExternalGeneration(c);
      return null;
    });
  }

  @Override
  public boolean removeExternalKms(String kmsUri) {
    return transaction("remove the External KMS certificate of " + kmsUri, c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM kms_external_kms WHERE kms_uri = ?")) {
        ps.setString(1, kmsUri);
        if (ps.executeUpdate() == 0) {
          return false;
        }
      }
      bumpExternalGeneration(c);
      return true;
    });
  }

  private static void bumpExternalGeneration(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE kms_external_kms_state SET generation = generation + 1 WHERE id = 1")) {
      ps.executeUpdate();
    }
  }

  @Override
  public List<ExternalKmsRecord> externalKms() {
    return query(
        "SELECT kms_uri, certificate_xml, fingerprint, added_at FROM kms_external_kms ORDER BY kms_uri",
        ps -> {},
        rs -> new ExternalKmsRecord(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4)));
  }

  @Override
  public long externalKmsGeneration() {
    List<Long> g = query("SELECT generation FROM kms_external_kms_state WHERE id = 1", ps -> {}, rs -> rs.getLong(1));
    return g.isEmpty() ? 0 : g.get(0);
  }

  @Override
  public void addMigrationKms(MigrationKmsRecord m) {
    transaction("list the Migration KMS " + m.kmsUri(), c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO kms_migration_kms (kms_uri, kms_url, tls_pin, added_at) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, m.kmsUri());
        ps.setString(2, m.kmsUrl());
        ps.setString(3, m.tlsPin());
        setInstant(ps, 4, m.addedAt());
        ps.executeUpdate();
      }
      bumpExternalGeneration(c);
      return null;
    });
  }

  @Override
  public boolean removeMigrationKms(String kmsUri) {
    return transaction("remove the Migration KMS " + kmsUri, c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM kms_migration_kms WHERE kms_uri = ?")) {
        ps.setString(1, kmsUri);
        if (ps.executeUpdate() == 0) {
          return false;
        }
      }
      bumpExternalGeneration(c);
      return true;
    });
  }

  @Override
  public List<MigrationKmsRecord> migrationKms() {
    return query("SELECT kms_uri, kms_url, tls_pin, added_at FROM kms_migration_kms ORDER BY kms_uri", ps -> {},
        rs -> new MigrationKmsRecord(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4)));
  }

  @Override
  public boolean addRedirect(RedirectRecord r) {
    try {
      update("record the KMS Redirect Response from " + r.processorUri(),
          "INSERT INTO kms_redirect_response (digest, uploaded_by, processor_uri, initiator_uri, receiver_uri, "
              + "rejected_kms_uri, accepted_kms_uris, nested, krr_time, received_at, document) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          ps -> {
            ps.setString(1, r.digest());
            ps.setString(2, r.uploadedBy());
            ps.setString(3, r.processorUri());
            ps.setString(4, r.initiatorUri());
            ps.setString(5, r.receiverUri());
            ps.setString(6, r.rejectedKmsUri());
            ps.setString(7, String.join(" ", r.acceptedKmsUris()));
            ps.setInt(8, r.nested());
            setInstant(ps, 9, r.krrTime());
            setInstant(ps, 10, r.receivedAt());
            ps.setString(11, r.document());
          });
      return true;
    } catch (ConflictException duplicate) {
      return false;
    }
  }

  @Override
  public List<RedirectRecord> redirects(int limit) {
    return query("SELECT id, digest, uploaded_by, processor_uri, initiator_uri, receiver_uri, rejected_kms_uri, "
            + "accepted_kms_uris, nested, krr_time, received_at, document FROM kms_redirect_response "
            + "ORDER BY received_at DESC, id DESC LIMIT ?",
        ps -> ps.setInt(1, limit),
        rs -> new RedirectRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getString(7), rs.getString(8).isEmpty() ? List.of() : List.of(rs.getString(8).split(" ")),
            rs.getInt(9), instant(rs, 10), instant(rs, 11), rs.getString(12)));
  }

  @Override
  public void addProtectionKey(ProtectionKeyRecord k) {
    update("register key " + k.keyId(),
        "INSERT INTO kms_protection_key (key_id, identity_uri, kind, sealed_key, created_at) VALUES (?, ?, ?, ?, ?)",
        ps -> {
          ps.setString(1, k.keyId());
          ps.setString(2, k.identityUri());
          ps.setString(3, k.kind());
          ps.setString(4, k.sealedKey());
          setInstant(ps, 5, k.createdAt());
        });
  }

  private static final String KEY_COLUMNS =
      "SELECT key_id, identity_uri, kind, sealed_key, created_at FROM kms_protection_key";

  private static ProtectionKeyRecord keyRow(ResultSet rs) throws SQLException {
    return new ProtectionKeyRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5));
  }

  @Override
  public Optional<ProtectionKeyRecord> protectionKey(String keyId) {
    return query(KEY_COLUMNS + " WHERE key_id = ?", ps -> ps.setString(1, keyId), JdbcKmsStore::keyRow)
        .stream().findFirst();
  }

  @Override
  public List<ProtectionKeyRecord> protectionKeys(String identityUri) {
    return query(KEY_COLUMNS + " WHERE identity_uri = ? ORDER BY key_id", ps -> ps.setString(1, identityUri),
        JdbcKmsStore::keyRow);
  }

  @Override
  public List<ProtectionKeyRecord> protectionKeys() {
    return query(KEY_COLUMNS + " ORDER BY key_id", ps -> {}, JdbcKmsStore::keyRow);
  }

  @Override
  public void reseal(Reseal r) {
    transaction("re-seal under the new KEK", c -> {
      // The domain row is locked until commit: a second rotation waits here, then finds the
      // KEK fields changed and stops.
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT kek_kind, kek_params, kek_check FROM kms_domain WHERE id = 1 FOR UPDATE");
          ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !rs.getString(1).equals(r.before().kekKind()) || !rs.getString(2).equals(r.before().kekParams())
            || !rs.getString(3).equals(r.before().kekCheck())) {
          throw new ConflictException("the seal key was changed by another node meanwhile");
        }
      }
      replaceSeals(c, "UPDATE kms_certificate SET sealed_secrets = ? WHERE cert_no = ? AND sealed_secrets = ?",
          r.certificates(), true);
      replaceSeals(c, "UPDATE kms_protection_key SET sealed_key = ? WHERE key_id = ? AND sealed_key = ?",
          r.protectionKeys(), false);
      requireCount(c, "SELECT COUNT(*) FROM kms_certificate", r.certificates().size(), "certificates");
      requireCount(c, "SELECT COUNT(*) FROM kms_protection_key", r.protectionKeys().size(), "TrK/InK");
      if (r.auditKey() != null) {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE kms_audit_chain SET sealed_key = ? WHERE id = 1 AND sealed_key = ?")) {
          ps.setString(1, r.auditKey().after());
          ps.setString(2, r.auditKey().before());
          if (ps.executeUpdate() != 1) {
            throw new ConflictException("the audit chain key was changed by another node meanwhile");
          }
        }
      } else {
        requireCount(c, "SELECT COUNT(*) FROM kms_audit_chain WHERE sealed_key IS NOT NULL", 0, "audit chain keys");
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE kms_domain SET kek_kind = ?, kek_params = ?, kek_check = ? WHERE id = 1")) {
        ps.setString(1, r.after().kekKind());
        ps.setString(2, r.after().kekParams());
        ps.setString(3, r.after().kekCheck());
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Runs {@code sql} (new seal, row key, old seal) for each value; each must change exactly one row. */
  private static void replaceSeals(Connection c, String sql, List<Reseal.Resealed> values, boolean intKey)
      throws SQLException {
    if (values.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Reseal.Resealed v : values) {
        ps.setString(1, v.after());
        if (intKey) {
          ps.setInt(2, Integer.parseInt(v.id()));
        } else {
          ps.setString(2, v.id());
        }
        ps.setString(3, v.before());
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] != 1) {
          throw new ConflictException("the seal of " + values.get(i).id() + " was changed or removed by another node"
              + " meanwhile");
        }
      }
    }
  }

  private static void requireCount(Connection c, String sql, long expected, String what) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      rs.next();
      if (rs.getLong(1) != expected) {
        throw new ConflictException("sealed " + what + " were added or removed by another node meanwhile");
      }
    }
  }

  @Override
  public boolean removeProtectionKey(String keyId) {
    return update("remove key " + keyId, "DELETE FROM kms_protection_key WHERE key_id = ?",
        ps -> ps.setString(1, keyId)) > 0;
  }

  @Override
  public boolean securityRequired(String identityUri) {
    List<Boolean> r = query("SELECT required FROM kms_protection_policy WHERE identity_uri = ?",
        ps -> ps.setString(1, identityUri), rs -> rs.getBoolean(1));
    return !r.isEmpty() && r.get(0);
  }

  @Override
  public void setSecurityRequired(String identityUri, boolean required) {
    transaction("set the security policy of " + identityUri, c -> {
      int n;
      try (PreparedStatement ps = c.prepareStatement("UPDATE kms_protection_policy SET required = ? WHERE identity_uri = ?")) {
        ps.setBoolean(1, required);
        ps.setString(2, identityUri);
        n = ps.executeUpdate();
      }
      if (n == 0) {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO kms_protection_policy (identity_uri, required) VALUES (?, ?)")) {
          ps.setString(1, identityUri);
          ps.setBoolean(2, required);
          ps.executeUpdate();
        }
      }
      return null;
    });
  }

  @Override
  public void addPendingProtectionKey(ProtectionKeyRecord k) {
    transaction("register pending key " + k.keyId(), c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO kms_protection_key (key_id, identity_uri, kind, sealed_key, created_at) VALUES (?, ?, ?, ?, ?)")) {
        ps.setString(1, k.keyId());
        ps.setString(2, k.identityUri());
        ps.setString(3, k.kind());
        ps.setString(4, k.sealedKey());
        setInstant(ps, 5, k.createdAt());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO kms_protection_key_pending (key_id) VALUES (?)")) {
        ps.setString(1, k.keyId());
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public java.util.Set<String> pendingProtectionKeys(String identityUri) {
    return new java.util.TreeSet<>(query("SELECT p.key_id FROM kms_protection_key_pending p JOIN kms_protection_key k"
        + " ON k.key_id = p.key_id WHERE k.identity_uri = ?", ps -> ps.setString(1, identityUri), rs -> rs.getString(1)));
  }

  @Override
  public boolean promoteProtectionKey(String identityUri, String keyId) {
    return transaction("promote key " + keyId, c -> {
      String kind = null;
      try (PreparedStatement ps = c.prepareStatement("SELECT k.kind FROM kms_protection_key k JOIN"
          + " kms_protection_key_pending p ON p.key_id = k.key_id WHERE k.key_id = ? AND k.identity_uri = ?")) {
        ps.setString(1, keyId);
        ps.setString(2, identityUri);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            kind = rs.getString(1);
          }
        }
      }
      if (kind == null) {
        return false;
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM kms_protection_key_pending WHERE key_id = ?")) {
        ps.setString(1, keyId);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM kms_protection_key WHERE identity_uri = ? AND kind = ? AND key_id <> ?")) {
        ps.setString(1, identityUri);
        ps.setString(2, kind);
        ps.setString(3, keyId);
        ps.executeUpdate();
      }
      return true;
    });
  }

  private interface InTransaction<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T transaction(String what, InTransaction<T> body) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        T t = body.run(c);
        c.commit();
        return t;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private static final String AUDIT_INSERT =
      "INSERT INTO kms_audit (at, request_id, node, caller, action, identity, period, outcome, detail, seq, prev_mac,"
          + " mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String AUDIT_COLUMNS =
      "SELECT at, request_id, node, caller, action, identity, period, outcome, detail, seq, prev_mac, mac FROM kms_audit";

  @Override
  public void audit(List<AuditRecord> records, AuditChain chain) {
    if (records.isEmpty()) {
      return;
    }
    transaction("write " + records.size() + " audit records", c -> {
      long seq;
      String mac;
      // The head row is the chain's lock: appends of every node are serialised here.
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT head_seq, head_mac FROM kms_audit_chain WHERE id = 1 FOR UPDATE");
          ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("the audit chain head is missing", "KMS01");
        }
        seq = rs.getLong(1);
        mac = rs.getString(2);
      }
      try (PreparedStatement ps = c.prepareStatement(AUDIT_INSERT)) {
        for (AuditRecord r : records) {
          seq++;
          String previous = mac;
          mac = chain.link(seq, previous, r);
          bindAudit(ps, r);
          ps.setLong(10, seq);
          ps.setString(11, previous);
          ps.setString(12, mac);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE kms_audit_chain SET head_seq = ?, head_mac = ? WHERE id = 1")) {
        ps.setLong(1, seq);
        ps.setString(2, mac);
        ps.executeUpdate();
      }
      return null;
    });
  }

  private static void bindAudit(PreparedStatement ps, AuditRecord r) throws SQLException {
    setInstant(ps, 1, r.at());
    ps.setString(2, r.requestId());
    ps.setString(3, r.node());
    ps.setString(4, r.caller());
    ps.setString(5, r.action());
    ps.setString(6, r.identity());
    if (r.period() == null) {
      ps.setNull(7, Types.BIGINT);
    } else {
      ps.setLong(7, r.period());
    }
    ps.setString(8, r.outcome());
    ps.setString(9, r.detail());
  }

  private static AuditRecord auditRow(ResultSet rs) throws SQLException {
    long p = rs.getLong(7);
    Long period = rs.wasNull() ? null : p;
    return new AuditRecord(
        instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), period, rs.getString(8), rs.getString(9));
  }

  @Override
  public List<AuditRecord> recentAudit(int limit) {
    return query(AUDIT_COLUMNS + " ORDER BY id DESC FETCH FIRST " + Math.max(1, Math.min(limit, 10_000)) + " ROWS ONLY",
        ps -> {}, JdbcKmsStore::auditRow);
  }

  @Override
  public List<AuditRecord> audit(AuditQuery q) {
    StringBuilder sql = new StringBuilder(AUDIT_COLUMNS).append(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (q.identity() != null) {
      sql.append(" AND identity = ?");
      args.add(q.identity());
    }
    if (q.action() != null) {
      sql.append(" AND action = ?");
      args.add(q.action());
    }
    if (q.outcome() != null) {
      sql.append(" AND outcome = ?");
      args.add(q.outcome());
    }
    if (q.from() != null) {
      sql.append(" AND at >= ?");
      args.add(q.from());
    }
    if (q.to() != null) {
      sql.append(" AND at < ?");
      args.add(q.to());
    }
    sql.append(" ORDER BY id DESC FETCH FIRST ").append(q.limit()).append(" ROWS ONLY");
    return query(sql.toString(), ps -> bindAll(ps, args), JdbcKmsStore::auditRow);
  }

  @Override
  public List<ChainedAuditRecord> auditChain(long afterSeq, int limit) {
    return query(AUDIT_COLUMNS + " WHERE seq > ? ORDER BY seq FETCH FIRST " + Math.max(1, Math.min(limit, 100_000))
            + " ROWS ONLY",
        ps -> ps.setLong(1, afterSeq),
        rs -> new ChainedAuditRecord(rs.getLong(10), auditRow(rs), rs.getString(11), rs.getString(12)));
  }

  @Override
  public AuditChainState auditChainState() {
    List<AuditChainState> r = query(
        "SELECT head_seq, head_mac, anchor_seq, anchor_mac, anchor_tag,"
            + " (SELECT COUNT(*) FROM kms_audit), (SELECT COUNT(*) FROM kms_audit WHERE seq IS NULL)"
            + " FROM kms_audit_chain WHERE id = 1",
        ps -> {},
        rs -> new AuditChainState(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
            rs.getLong(6), rs.getLong(7)));
    if (r.isEmpty()) {
      throw new StoreException("the audit chain head is missing from the database");
    }
    return r.get(0);
  }

  @Override
  public long lastAuditSeqBefore(Instant t) {
    List<Long> r = query("SELECT MAX(seq) FROM kms_audit WHERE at < ?", ps -> setInstant(ps, 1, Times.micros(t)),
        rs -> {
          long v = rs.getLong(1);
          return rs.wasNull() ? 0L : v;
        });
    return r.isEmpty() ? 0 : r.get(0);
  }

  @Override
  public boolean pruneAudit(long expectedAnchorSeq, long throughSeq, String anchorMac, String anchorTag) {
    return transaction("prune the audit trail", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT anchor_seq, head_seq FROM kms_audit_chain WHERE id = 1 FOR UPDATE");
          ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getLong(1) != expectedAnchorSeq || throughSeq > rs.getLong(2)
            || throughSeq <= expectedAnchorSeq) {
          return false;
        }
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM kms_audit WHERE seq <= ?")) {
        ps.setLong(1, throughSeq);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE kms_audit_chain SET anchor_seq = ?, anchor_mac = ?, anchor_tag = ? WHERE id = 1")) {
        ps.setLong(1, throughSeq);
        ps.setString(2, anchorMac);
        ps.setString(3, anchorTag);
        ps.executeUpdate();
      }
      return true;
    });
  }

  @Override
  public Optional<String> auditKey() {
    return query("SELECT sealed_key FROM kms_audit_chain WHERE id = 1 AND sealed_key IS NOT NULL", ps -> {},
        rs -> rs.getString(1)).stream().findFirst();
  }

  @Override
  public boolean createAuditKey(String sealed) {
    return update("store the audit chain key",
        "UPDATE kms_audit_chain SET sealed_key = ? WHERE id = 1 AND sealed_key IS NULL",
        ps -> ps.setString(1, sealed)) > 0;
  }

  @Override
  public Optional<StoreSnapshot> snapshot() {
    try (Connection c = ds.getConnection()) {
      boolean postgres = "PostgreSQL".equalsIgnoreCase(c.getMetaData().getDatabaseProductName());
      int isolation = c.getTransactionIsolation();
      // One snapshot for every table: PostgreSQL's REPEATABLE READ reads from one snapshot taken at
      // the first statement; H2 gives no phantom-free snapshot below SERIALIZABLE.
      c.setTransactionIsolation(postgres ? Connection.TRANSACTION_REPEATABLE_READ : Connection.TRANSACTION_SERIALIZABLE);
      c.setReadOnly(true);
      c.setAutoCommit(false);
      try {
        Optional<StoreSnapshot> s = readSnapshot(c);
        c.commit();
        return s;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
        c.setReadOnly(false);
        c.setTransactionIsolation(isolation);
      }
    } catch (SQLException e) {
      throw failure("read a snapshot of the store", e);
    }
  }

  private static Optional<StoreSnapshot> readSnapshot(Connection c) throws SQLException {
    List<DomainRecord> domain = select(c, "SELECT domain_id, kms_uri, key_period_seconds, key_offset_seconds,"
        + " kek_kind, kek_params, kek_check, created_at FROM kms_domain WHERE id = 1",
        rs -> new DomainRecord(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
            rs.getString(6), rs.getString(7), instant(rs, 8)));
    if (domain.isEmpty()) {
      return Optional.empty();
    }
    List<CertificateRecord> certificates = select(c, "SELECT cert_no, cert_uri, valid_from, valid_to, revoked,"
        + " pub_enc_key, pub_auth_key, sealed_secrets, created_at FROM kms_certificate ORDER BY cert_no",
        rs -> new CertificateRecord(rs.getInt(1), rs.getString(2), instant(rs, 3), instant(rs, 4), rs.getBoolean(5),
            rs.getString(6), rs.getString(7), rs.getString(8), instant(rs, 9)));
    List<IdentityRecord> identities = select(c, IDENTITY_COLUMNS + " ORDER BY uri", JdbcKmsStore::identityRow);
    List<GrantRecord> grants = select(c, "SELECT server_uri, target_uri, created_at FROM kms_grant"
        + " ORDER BY server_uri, target_uri", rs -> new GrantRecord(rs.getString(1), rs.getString(2), instant(rs, 3)));
    List<ProtectionKeyRecord> keys = select(c, KEY_COLUMNS + " ORDER BY key_id", JdbcKmsStore::keyRow);
    List<String> pending = select(c, "SELECT key_id FROM kms_protection_key_pending ORDER BY key_id",
        rs -> rs.getString(1));
    SortedMap<String, Boolean> required = new TreeMap<>();
    for (Object[] r : select(c, "SELECT identity_uri, required FROM kms_protection_policy",
        rs -> new Object[] {rs.getString(1), rs.getBoolean(2)})) {
      required.put((String) r[0], (Boolean) r[1]);
    }
    List<ExternalKmsRecord> external = select(c, "SELECT kms_uri, certificate_xml, fingerprint, added_at"
        + " FROM kms_external_kms ORDER BY kms_uri",
        rs -> new ExternalKmsRecord(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4)));
    List<MigrationKmsRecord> migration = select(c, "SELECT kms_uri, kms_url, tls_pin, added_at"
        + " FROM kms_migration_kms ORDER BY kms_uri",
        rs -> new MigrationKmsRecord(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4)));
    List<Long> generation = select(c, "SELECT generation FROM kms_external_kms_state WHERE id = 1",
        rs -> rs.getLong(1));
    List<RedirectRecord> redirects = select(c, "SELECT digest, uploaded_by, processor_uri, initiator_uri,"
        + " receiver_uri, rejected_kms_uri, accepted_kms_uris, nested, krr_time, received_at, document"
        + " FROM kms_redirect_response ORDER BY id",
        rs -> new RedirectRecord(0, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7).isEmpty() ? List.of() : List.of(rs.getString(7).split(" ")),
            rs.getInt(8), instant(rs, 9), instant(rs, 10), rs.getString(11)));
    List<AuditRow> rows = select(c, AUDIT_COLUMNS + " ORDER BY id", rs -> {
      long seq = rs.getLong(10);
      return new AuditRow(rs.wasNull() ? null : seq, auditRow(rs), rs.getString(11), rs.getString(12));
    });
    List<AuditTrail> trail = select(c, "SELECT sealed_key, head_seq, head_mac, anchor_seq, anchor_mac, anchor_tag"
        + " FROM kms_audit_chain WHERE id = 1",
        rs -> new AuditTrail(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
            rs.getString(6), rows));
    if (trail.isEmpty()) {
      throw new StoreException("the audit chain head is missing from the database");
    }
    return Optional.of(new StoreSnapshot(domain.get(0), certificates, identities, grants, keys, new TreeSet<>(pending),
        required, external, migration, generation.isEmpty() ? 0 : generation.get(0), redirects, trail.get(0)));
  }

  private static <T> List<T> select(Connection c, String sql, RowMapper<T> mapper) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(mapper.map(rs));
      }
      return out;
    }
  }

  @Override
  public void restore(StoreSnapshot s) {
    transaction("restore the snapshot", c -> {
      String held = contents(c);
      if (held != null) {
        throw new StoreNotEmptyException("the store is not empty (it holds " + held + "); restore only into an"
            + " empty database");
      }
      DomainRecord d = s.domain();
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO kms_domain (id, domain_id, kms_uri, key_period_seconds, key_offset_seconds,"
              + " kek_kind, kek_params, kek_check, created_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, d.domainId());
        ps.setString(2, d.kmsUri());
        ps.setLong(3, d.keyPeriodSeconds());
        ps.setLong(4, d.keyPeriodOffsetSeconds());
        ps.setString(5, d.kekKind());
        ps.setString(6, d.kekParams());
        ps.setString(7, d.kekCheck());
        setInstant(ps, 8, d.createdAt());
        ps.executeUpdate();
      }
      for (CertificateRecord r : s.certificates()) {
        insertCertificate(c, r);
      }
      batch(c, "INSERT INTO kms_identity (uri, kind, status, created_at, revoked_at, revoked_through_period)"
          + " VALUES (?, ?, ?, ?, ?, ?)", s.identities(), (ps, r) -> {
            ps.setString(1, r.uri());
            ps.setString(2, r.kind().name());
            ps.setString(3, r.status().name());
            setInstant(ps, 4, r.createdAt());
            setInstant(ps, 5, r.revokedAt());
            if (r.revokedThroughPeriod() == null) {
              ps.setNull(6, Types.BIGINT);
            } else {
              ps.setLong(6, r.revokedThroughPeriod());
            }
          });
      batch(c, "INSERT INTO kms_grant (server_uri, target_uri, created_at) VALUES (?, ?, ?)", s.grants(),
          (ps, g) -> {
            ps.setString(1, g.serverUri());
            ps.setString(2, g.targetUri());
            setInstant(ps, 3, g.createdAt());
          });
      batch(c, "INSERT INTO kms_protection_key (key_id, identity_uri, kind, sealed_key, created_at)"
          + " VALUES (?, ?, ?, ?, ?)", s.protectionKeys(), (ps, k) -> {
            ps.setString(1, k.keyId());
            ps.setString(2, k.identityUri());
            ps.setString(3, k.kind());
            ps.setString(4, k.sealedKey());
            setInstant(ps, 5, k.createdAt());
          });
      batch(c, "INSERT INTO kms_protection_key_pending (key_id) VALUES (?)", List.copyOf(s.pendingKeyIds()),
          (ps, id) -> ps.setString(1, id));
      batch(c, "INSERT INTO kms_protection_policy (identity_uri, required) VALUES (?, ?)",
          List.copyOf(s.securityRequired().entrySet()), (ps, e) -> {
            ps.setString(1, e.getKey());
            ps.setBoolean(2, e.getValue());
          });
      batch(c, "INSERT INTO kms_external_kms (kms_uri, certificate_xml, fingerprint, added_at) VALUES (?, ?, ?, ?)",
          s.externalKms(), (ps, e) -> {
            ps.setString(1, e.kmsUri());
            ps.setString(2, e.certificateXml());
            ps.setString(3, e.fingerprint());
            setInstant(ps, 4, e.addedAt());
          });
      batch(c, "INSERT INTO kms_migration_kms (kms_uri, kms_url, tls_pin, added_at) VALUES (?, ?, ?, ?)",
          s.migrationKms(), (ps, m) -> {
            ps.setString(1, m.kmsUri());
            ps.setString(2, m.kmsUrl());
            ps.setString(3, m.tlsPin());
            setInstant(ps, 4, m.addedAt());
          });
      try (PreparedStatement ps = c.prepareStatement("UPDATE kms_external_kms_state SET generation = ? WHERE id = 1")) {
        ps.setLong(1, s.externalKmsGeneration());
        ps.executeUpdate();
      }
      batch(c, "INSERT INTO kms_redirect_response (digest, uploaded_by, processor_uri, initiator_uri, receiver_uri,"
          + " rejected_kms_uri, accepted_kms_uris, nested, krr_time, received_at, document)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s.redirects(), (ps, r) -> {
            ps.setString(1, r.digest());
            ps.setString(2, r.uploadedBy());
            ps.setString(3, r.processorUri());
            ps.setString(4, r.initiatorUri());
            ps.setString(5, r.receiverUri());
            ps.setString(6, r.rejectedKmsUri());
            ps.setString(7, String.join(" ", r.acceptedKmsUris()));
            ps.setInt(8, r.nested());
            setInstant(ps, 9, r.krrTime());
            setInstant(ps, 10, r.receivedAt());
            ps.setString(11, r.document());
          });
      AuditTrail t = s.audit();
      batch(c, AUDIT_INSERT, t.records(), (ps, r) -> {
        bindAudit(ps, r.record());
        if (r.seq() == null) {
          ps.setNull(10, Types.BIGINT);
        } else {
          ps.setLong(10, r.seq());
        }
        ps.setString(11, r.previousMac());
        ps.setString(12, r.mac());
      });
      try (PreparedStatement ps = c.prepareStatement("UPDATE kms_audit_chain SET sealed_key = ?, head_seq = ?,"
          + " head_mac = ?, anchor_seq = ?, anchor_mac = ?, anchor_tag = ? WHERE id = 1")) {
        ps.setString(1, t.sealedKey());
        ps.setLong(2, t.headSeq());
        ps.setString(3, t.headMac());
        ps.setLong(4, t.anchorSeq());
        ps.setString(5, t.anchorMac());
        ps.setString(6, t.anchorTag());
        if (ps.executeUpdate() != 1) {
          throw new SQLException("the audit chain head is missing", "KMS01");
        }
      }
      return null;
    });
  }

  /** What a store holds that makes it not empty, or null if it is empty. */
  private static String contents(Connection c) throws SQLException {
    String[][] checks = {
        {"domain", "SELECT COUNT(*) FROM kms_domain"},
        {"certificates", "SELECT COUNT(*) FROM kms_certificate"},
        {"identities", "SELECT COUNT(*) FROM kms_identity"},
        {"External KMS certificates", "SELECT COUNT(*) FROM kms_external_kms"},
        {"Migration KMSs", "SELECT COUNT(*) FROM kms_migration_kms"},
        {"KMS Redirect Responses", "SELECT COUNT(*) FROM kms_redirect_response"},
        {"audit records", "SELECT COUNT(*) FROM kms_audit"},
        {"audit chain key", "SELECT COUNT(*) FROM kms_audit_chain WHERE sealed_key IS NOT NULL OR head_seq <> 0"}};
    List<String> held = new ArrayList<>();
    for (String[] check : checks) {
      long n = select(c, check[1], rs -> rs.getLong(1)).get(0);
      if (n > 0) {
        held.add(check[0] + ": " + n);
      }
    }
    return held.isEmpty() ? null : String.join(", ", held);
  }

  private interface RowBinder<T> {
    void bind(PreparedStatement ps, T row) throws SQLException;
  }

  /** Inserts {@code rows} in batches of 1,000. */
  private static <T> void batch(Connection c, String sql, List<T> rows, RowBinder<T> binder) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int n = 0;
      for (T row : rows) {
        binder.bind(ps, row);
        ps.addBatch();
        if (++n % 1_000 == 0) {
          ps.executeBatch();
        }
      }
      if (n % 1_000 != 0) {
        ps.executeBatch();
      }
    }
  }

  @Override
  public void ping() {
    query("SELECT 1", ps -> {}, rs -> 1);
  }

  @Override
  public void close() {
    ds.close();
  }

  // --- JDBC plumbing ---

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
        return out;
      }
    } catch (SQLException e) {
      throw failure("query", e);
    }
  }

  private int update(String what, String sql, Binder binder) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private static StoreException failure(String what, SQLException e) {
    String state = e.getSQLState();
    if (UNIQUE_VIOLATION.equals(state)) {
      return new ConflictException("cannot " + what + ": it already exists");
    }
    if (FK_VIOLATION.equals(state) || FK_PARENT_MISSING.equals(state)) {
      return new ConflictException("cannot " + what + ": a referenced row does not exist");
    }
    return new StoreException("cannot " + what + " (SQLState " + state + ")", e);
  }

  private static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    }
  }

  private static Instant instant(ResultSet rs, int i) throws SQLException {
    OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
