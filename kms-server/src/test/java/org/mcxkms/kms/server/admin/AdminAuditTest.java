package org.mcxkms.kms.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.testkit.Https;
import org.mcxkms.kms.server.store.AuditRecord;
import org.mcxkms.kms.server.store.IdentityStatus;

/**
 * Admin actions are audited before they take effect: with the audit table unwritable, adding a TrK
 * or revoking an identity is refused and changes nothing (the former handler stored the key, then
 * failed the answer, so the key was lost to the operator but live in the KMS). Successes and
 * refusals share one action name; a success leaves "requested" then "ok".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAuditTest {
  static final String ALICE = "sip:alice@example.org";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  final String dbUrl = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  KmsServer server;
  Https https;
  String token;

  @BeforeAll
  void start() throws Exception {
    KmsConfig config = KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dir.resolve("data").toString())
        .set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0)
        .set(ConfigKey.DB_URL, dbUrl)
        .build();
    server = KmsServer.start(config, w -> {});
    https = new Https(server.tls().certificatePem());
    token = Files.readString(server.adminTokenFile()).trim();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  HttpResponse<String> admin(String method, String op, String json) throws Exception {
    return https.json(method, server.adminUrl().resolve(op), token, json);
  }

  List<AuditRecord> trail(HttpResponse<String> r) {
    String rid = r.headers().firstValue("X-Request-Id").orElseThrow();
    List<AuditRecord> rows = new ArrayList<>(server.store().recentAudit(1000).stream()
        .filter(a -> a.requestId().equals(rid)).toList());
    Collections.reverse(rows); // newest first in the store
    return rows;
  }

  void auditTable(String from, String to) throws Exception {
    try (Connection c = DriverManager.getConnection(dbUrl, "", ""); Statement s = c.createStatement()) {
      s.execute("ALTER TABLE " + from + " RENAME TO " + to);
    }
  }

  @Test
  void aSuccessIsRecordedBeforeAndAfterAndARefusalUnderTheSameActionName() throws Exception {
    HttpResponse<String> added = admin("POST", "identities", "{\"uri\":\"sip:bob@example.org\"}");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
    assertThat(trail(added)).extracting(AuditRecord::action, AuditRecord::outcome, AuditRecord::identity)
        .containsExactly(
            tuple("admin.identities.add", "requested", "sip:bob@example.org"),
            tuple("admin.identities.add", "ok", "sip:bob@example.org"));
    HttpResponse<String> again = admin("POST", "identities", "{\"uri\":\"sip:bob@example.org\"}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(trail(again)).extracting(AuditRecord::action, AuditRecord::outcome).containsExactly(
        tuple("admin.identities.add", "requested"),
        tuple("admin.identities.add", "conflict"));
    HttpResponse<String> bad = admin("POST", "identities", "{\"uri\":\"alice\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).get("error").asText()).contains("absolute URI");
  }

  @Test
  void anActionWhoseAuditRecordCannotBeWrittenIsRefusedAndChangesNothing() throws Exception {
    assertThat(admin("POST", "identities", "{\"uri\":\"" + ALICE + "\"}").statusCode()).isEqualTo(200);
    auditTable("kms_audit", "kms_audit_away");
    HttpResponse<String> key;
    HttpResponse<String> revoke;
    try {
      key = admin("POST", "keys", "{\"uri\":\"" + ALICE + "\",\"kind\":\"trk\"}");
      revoke = admin("POST", "identities/revoke", "{\"uri\":\"" + ALICE + "\"}");
    } finally {
      auditTable("kms_audit_away", "kms_audit");
    }
    assertThat(key.statusCode()).as(key.body()).isEqualTo(503);
    assertThat(key.body()).doesNotContain("key_hex").contains("not carried out");
    assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(503);
    // Nothing took effect: no key was stored, the identity is still enabled.
    JsonNode keys = JSON.readTree(admin("GET", "keys?uri=" + ALICE.replace(":", "%3A").replace("@", "%40"), null).body());
    assertThat(keys.isArray()).isTrue();
    assertThat(keys).isEmpty();
    assertThat(server.store().identity(ALICE).orElseThrow().status()).isEqualTo(IdentityStatus.ENABLED);
    // With the trail back, the same action goes through.
    HttpResponse<String> ok = admin("POST", "keys", "{\"uri\":\"" + ALICE + "\",\"kind\":\"trk\"}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).contains("key_hex");
  }
}
