package org.mcxkms.kms.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.testkit.MutableClock;
import org.mcxkms.kms.server.store.JdbcKmsStore;
import org.mcxkms.kms.server.store.KmsStore;

/**
 * The audit chain: an intact trail verifies; a changed, deleted, re-ordered or truncated one is
 * reported at its first bad record; retention exports before it deletes and leaves a chain that
 * still verifies; a flood of unauthenticated failures adds a bounded number of records.
 */
class AuditChainTest {
  private static final Instant T0 = Instant.parse("2026-01-10T08:00:00Z");
  @TempDir Path dir;
  private String url;
  private KmsStore store;
  private AuditKey key;
  private MutableClock clock;
  private Auditor auditor;

  @BeforeEach
  void open() {
    url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    store = JdbcKmsStore.open(url, "", "", 4);
    key = AuditKey.ephemeral(new SecureRandom());
    clock = new MutableClock(T0);
    auditor = new Auditor(store, "node-a", clock, new SimpleMeterRegistry(), key, Duration.ofHours(1));
  }

  @AfterEach
  void close() {
    auditor.close();
    store.close();
  }

  private void write(int n) throws Exception {
    for (int i = 0; i < n; i++) {
      auditor.recordPeriods("r" + i, "sip:alice@example.org", "keyprov", "sip:alice@example.org",
          List.of(100L + i), "ok", "issued");
      clock.advance(Duration.ofMinutes(1));
    }
  }

  private void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      assertThat(s.executeUpdate(statement)).isPositive();
    }
  }

  @Test
  void anIntactTrailVerifies() throws Exception {
    write(20);
    AuditVerifier.Result r = AuditVerifier.verify(store, key);
    assertThat(r.intact()).isTrue();
    assertThat(r.checked()).isEqualTo(20);
    assertThat(r.headSeq()).isEqualTo(20);
    assertThat(AuditVerifier.verify(store, AuditKey.ephemeral(new SecureRandom())).intact())
        .as("another key does not verify the chain").isFalse();
  }

  @Test
  void aTamperedRecordIsFound() throws Exception {
    write(20);
    sql("UPDATE kms_audit SET outcome = 'identity_revoked' WHERE seq = 7");
    AuditVerifier.Result r = AuditVerifier.verify(store, key);
    assertThat(r.intact()).isFalse();
    assertThat(r.firstBadSeq()).isEqualTo(7);
    assertThat(r.problem()).contains("record 7 was altered");
    assertThat(r.checked()).isEqualTo(6);
  }

  @Test
  void aDeletedRecordIsFound() throws Exception {
    write(20);
    sql("DELETE FROM kms_audit WHERE seq = 12");
    AuditVerifier.Result r = AuditVerifier.verify(store, key);
    assertThat(r.intact()).isFalse();
    assertThat(r.firstBadSeq()).isEqualTo(12);
    assertThat(r.problem()).isEqualTo("record 12 is missing");
  }

  @Test
  void deletedLastRecordsAreFound() throws Exception {
    write(20);
    sql("DELETE FROM kms_audit WHERE seq >= 18");
    AuditVerifier.Result r = AuditVerifier.verify(store, key);
    assertThat(r.firstBadSeq()).isEqualTo(18);
    assertThat(r.problem()).contains("records 18 to 20 (the last) are missing");
  }

  @Test
  void aRecordRenumberedIntoAGapIsFound() throws Exception {
    write(20);
    sql("DELETE FROM kms_audit WHERE seq = 5");
    sql("UPDATE kms_audit SET seq = 5 WHERE seq = 9");
    AuditVerifier.Result r = AuditVerifier.verify(store, key);
    assertThat(r.firstBadSeq()).isEqualTo(5);
    assertThat(r.intact()).isFalse();
  }

  @Test
  void retentionExportsThenDeletesAndTheRestStillVerifies() throws Exception {
    write(30); // T0 .. T0+29 min
    Path export = dir.resolve("export");
    AuditRetention byAge = new AuditRetention(store, key, Duration.ofMinutes(20), 0, export, clock);
    clock.set(T0.plus(Duration.ofMinutes(30)));
    assertThat(byAge.run()).isEqualTo(10); // records of T0 .. T0+9 min are older than 20 minutes
    assertThat(store.auditChainState().anchorSeq()).isEqualTo(10);
    assertThat(AuditVerifier.verify(store, key).intact()).isTrue();
    Path file = export.resolve("audit-000000000001-000000000010.jsonl");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(10);
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    assertThat(first.get("seq").asLong()).isEqualTo(1);
    assertThat(first.get("caller").asText()).isEqualTo("sip:alice@example.org");
    assertThat(first.get("period").asLong()).isEqualTo(100);
    // the export continues the chain exactly where the database now begins
    JsonNode last = json.readTree(lines.get(9));
    assertThat(store.auditChain(10, 1).get(0).previousMac()).isEqualTo(last.get("mac").asText());

    AuditRetention bySize = new AuditRetention(store, key, Duration.ZERO, 5, export, clock);
    assertThat(bySize.run()).isEqualTo(15);
    assertThat(store.auditChainState().records()).isEqualTo(5);
    AuditVerifier.Result r = AuditVerifier.verify(store, key);
    assertThat(r.intact()).isTrue();
    assertThat(r.anchorSeq()).isEqualTo(25);
    try (Stream<Path> s = Files.list(export)) {
      assertThat(s.count()).isEqualTo(2);
    }
    assertThat(bySize.run()).as("nothing more to do").isZero();
  }

  @Test
  void aForgedRetentionAnchorIsFound() throws Exception {
    write(10);
    new AuditRetention(store, key, Duration.ZERO, 5, dir.resolve("x"), clock).run();
    sql("UPDATE kms_audit_chain SET anchor_seq = 2");
    assertThat(AuditVerifier.verify(store, key).problem()).contains("retention anchor");
  }

  @Test
  void exportWritesOneJsonObjectPerLine() throws Exception {
    write(3);
    auditor.record("r-x", "admin", "admin.identities.revoke", "sip:a@b\r\nFORGED 200 ok", null, "ok", "x\u0000y");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(AuditExport.write(store, 0, Long.MAX_VALUE, out)).isEqualTo(4);
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(4);
    JsonNode forged = new ObjectMapper().readTree(lines[3]);
    assertThat(forged.get("identity").asText()).isEqualTo("sip:a@b\uFFFD\uFFFDFORGED 200 ok");
    assertThat(forged.get("detail").asText()).isEqualTo("x\uFFFDy");
    assertThat(AuditVerifier.verify(store, key).intact()).isTrue();
  }

  @Test
  void aFloodOfUnauthenticatedFailuresAddsOneSummaryPerActionAndOutcome() throws Exception {
    String path = "x".repeat(1000);
    for (int i = 0; i < 5_000; i++) {
      auditor.record("f" + i, null, "keyprov", "sip:" + path + i, null, "invalid_token", "token rejected " + path);
    }
    for (int i = 0; i < 300; i++) {
      auditor.record("m" + i, null, "init", null, null, "missing_token", "no bearer token");
    }
    auditor.flushSummaries();
    var rows = store.recentAudit(100);
    assertThat(rows).hasSize(2);
    var keyprov = rows.stream().filter(r -> r.action().equals("keyprov")).findFirst().orElseThrow();
    assertThat(keyprov.detail()).startsWith("5000 unauthenticated request(s) refused");
    assertThat(keyprov.identity()).hasSize(Auditor.SAMPLE);
    assertThat(keyprov.detail().length()).isLessThan(Auditor.SAMPLE + 120);
    assertThat(keyprov.caller()).isNull();
    assertThat(AuditVerifier.verify(store, key).intact()).isTrue();
  }

  @Test
  void rateLimitedRequestsOfACallerAreSummedUpToo() throws Exception {
    for (int i = 0; i < 400; i++) {
      auditor.record("l" + i, "sip:busy@example.org", "keyprov", "sip:busy@example.org", null, "rate_limited",
          "too many requests for this identity");
    }
    auditor.record("ok-1", "sip:busy@example.org", "keyprov", "sip:busy@example.org", 7L, "ok", "issued");
    auditor.flushSummaries();
    var rows = store.recentAudit(100);
    assertThat(rows).hasSize(2);
    assertThat(rows).anySatisfy(r -> {
      assertThat(r.outcome()).isEqualTo("rate_limited");
      assertThat(r.caller()).isEqualTo("sip:busy@example.org");
      assertThat(r.detail()).startsWith("400 rate-limited request(s) refused");
    });
  }
}
