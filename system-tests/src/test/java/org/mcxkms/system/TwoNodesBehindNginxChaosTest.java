package org.mcxkms.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.protocol.KmsResponse;
import org.mcxkms.kms.protocol.KmsXmlReader;
import org.mcxkms.testkit.Https;
import org.mcxkms.testkit.KmsCluster;
import org.mcxkms.testkit.KmsCluster.Node;
import org.mcxkms.testkit.RatePlot;

/**
 * Two KMS nodes (separate JVMs) on one PostgreSQL behind nginx with mutual TLS, under keyprov load
 * through nginx: one node is killed with SIGKILL and started again, then PostgreSQL is restarted.
 * What must hold: no client request fails while one node is down (nginx retries on the other);
 * both nodes hand out byte-identical key sets; an admin change on one node is enforced by the
 * other at once; while the database is down the nodes answer 503 with Retry-After and a KmsError
 * (never a key set, never one without its audit record) and they recover without a restart.
 * The requests per second during the kill phase are written to target/chaos/kill-rate.csv.
 */
class TwoNodesBehindNginxChaosTest {
  private static final int LOAD_USERS = 8;
  private static final Pattern KEY_SET = Pattern.compile("<(\\w+:)?KmsKeySet[\\s>].*?</(\\w+:)?KmsKeySet>",
      Pattern.DOTALL);
  private static final Pattern CLIENT_REQ_URL = Pattern.compile("ClientReqUrl>([^<]*)<");

  @TempDir Path dir;
  private final KmsXmlReader reader = KmsXmlReader.create();
  private final long t0 = System.nanoTime();

  private void phase(String what) {
    System.out.printf("chaos [%5.1f s] %s%n", (System.nanoTime() - t0) / 1e9, what);
  }

  @Test
  void survivesLosingANodeAndTheDatabaseUnderLoad() throws Exception {
    phase("starting PostgreSQL, two KMS nodes and nginx");
    try (KmsCluster cluster = KmsCluster.start(dir, System.getProperty("java.class.path"), 2,
        Map.of("limit.identity.per.second", "0"), null, this::phase)) {
      Node node1 = cluster.node(0);
      Node node2 = cluster.node(1);
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < LOAD_USERS; i++) {
        String uri = "sip:load" + i + "@example.org";
        node1.admin("POST", "identities", "{\"uri\":\"" + uri + "\"}");
        tokens.add(cluster.idm().token(uri).sign());
      }
      URI keyprov = cluster.proxyUrl().resolve("keyprov");
      Https client = new Https(cluster.clientTls());
      Https asProxy = new Https(cluster.proxyTls());

      phase("through the proxy: ClientReqUrl from public.url, client address from nginx, not from the client");
      String forged = client.raw(keyprov, "POST " + keyprov.getPath() + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + tokens.get(0) + "\r\nX-Forwarded-For: 203.0.113.66\r\nContent-Length: 0");
      assertThat(forged).startsWith("HTTP/1.1 200");
      assertThat(clientReqUrl(forged)).isEqualTo(keyprov.toString());
      assertThat(latestDetail(cluster, "sip:load0@example.org")).endsWith("client 127.0.0.1");

      long loadStart = System.nanoTime();
      Load load = new Load(keyprov, cluster.clientTls(), tokens);
      try (load) {
        phase("warm load, " + LOAD_USERS + " clients");
        sleep(5);
        assertThat(failures(load, loadStart, System.nanoTime())).isEmpty();

        phase("SIGKILL node1 under load");
        long killPhase = System.nanoTime();
        sleep(2);
        long killed = System.nanoTime();
        node1.kill();
        sleep(6);
        phase("restarting node1 (load continues)");
        long restarting = System.nanoTime();
        node1.start();
        long restarted = System.nanoTime();
        phase("node1 is back after " + ms(restarted - restarting) + " ms");
        sleep(5);
        long killPhaseEnd = System.nanoTime();
        writeRate(load, killPhase, killPhaseEnd, Map.of(killed, "node1 killed", restarting, "node1 restarting",
            restarted, "node1 serving"));
        List<Load.Outcome> failed = failures(load, killPhase, killPhaseEnd);
        assertThat(failed).as("requests that failed while node1 was down or coming back").isEmpty();
        assertThat(load.outcomes(o -> o.started() > killed && o.ended() < restarting && o.ok())).isNotEmpty();

        phase("both nodes give byte-identical key sets");
        for (int i = 0; i < LOAD_USERS; i++) {
          String token = tokens.get(i);
          List<String> at1 = keySets(asProxy.post(node1.kmsUrl().resolve("keyprov"), token, null));
          List<String> at2 = keySets(asProxy.post(node2.kmsUrl().resolve("keyprov"), token, null));
          assertThat(at1).hasSize(2); // the current and the next period
          assertThat(at2).isEqualTo(at1);
        }

        phase("an admin change on one node is enforced by the other at once");
        String revokee = "sip:revokee@example.org";
        String disablee = "sip:disablee@example.org";
        node1.admin("POST", "identities", "{\"uri\":\"" + revokee + "\"}");
        node1.admin("POST", "identities", "{\"uri\":\"" + disablee + "\"}");
        String revokeeToken = cluster.idm().token(revokee).sign();
        String disableeToken = cluster.idm().token(disablee).sign();
        assertThat(asProxy.post(node1.kmsUrl().resolve("keyprov"), revokeeToken, null).statusCode()).isEqualTo(200);
        assertThat(asProxy.post(node2.kmsUrl().resolve("keyprov"), disableeToken, null).statusCode()).isEqualTo(200);
        node2.admin("POST", "identities/revoke", "{\"uri\":\"" + revokee + "\"}");
        assertRefused(asProxy.post(node1.kmsUrl().resolve("keyprov"), revokeeToken, null), 403, 402);
        assertRefused(client.post(keyprov, revokeeToken, null), 403, 402);
        node1.admin("POST", "identities/disable", "{\"uri\":\"" + disablee + "\"}");
        assertRefused(asProxy.post(node2.kmsUrl().resolve("keyprov"), disableeToken, null), 403, 401);
        assertRefused(client.post(keyprov, disableeToken, null), 403, 401);
        assertThat(failures(load, killPhaseEnd, System.nanoTime())).isEmpty();

        phase("stopping PostgreSQL under load");
        cluster.postgres().stop();
        long dbDown = System.nanoTime();
        for (Node n : List.of(node1, node2)) {
          HttpResponse<byte[]> r = asProxy.post(n.kmsUrl().resolve("keyprov"), tokens.get(1), null);
          assertThat(r.statusCode()).as(n.name() + " without its database").isEqualTo(503);
          assertThat(r.headers().firstValue("Retry-After")).isPresent();
          assertThat(reader.readResponse(r.body()).error().orElseThrow().code()).isEqualTo(901);
        }
        HttpResponse<byte[]> viaProxy = client.post(keyprov, tokens.get(1), null);
        assertThat(viaProxy.statusCode()).isEqualTo(503);
        assertThat(viaProxy.headers().firstValue("Retry-After")).isPresent();
        sleep(3);
        long dbRestarting = System.nanoTime();
        List<Load.Outcome> duringOutage = load.outcomes(o -> o.started() > dbDown && o.ended() < dbRestarting);
        assertThat(duringOutage).as("requests during the outage").isNotEmpty();
        assertThat(duringOutage).as("every answer during the outage is 503 with Retry-After")
            .allSatisfy(o -> {
              assertThat(o.status()).as(o.problem()).isEqualTo(503);
              assertThat(o.retryAfter()).isTrue();
            });

        phase("starting PostgreSQL again; the nodes must recover by themselves");
        cluster.postgres().start();
        long dbUp = System.nanoTime();
        long deadline = dbUp + TimeUnit.SECONDS.toNanos(60);
        while (client.post(keyprov, tokens.get(2), null).statusCode() != 200) {
          assertThat(System.nanoTime()).as("recovered within 60 s of the database's return").isLessThan(deadline);
          Thread.sleep(200);
        }
        long recovered = System.nanoTime();
        phase("serving again " + ms(recovered - dbUp) + " ms after the database came back; node1 and node2 never"
            + " restarted");
        assertThat(node1.alive() && node2.alive()).isTrue();
        // The nodes' 503s of the outage count as failed attempts at nginx (proxy_next_upstream
        // http_503), so it may skip a node for fail_timeout (5 s in the example) after the last
        // one and answer 503 itself meanwhile: the window starts after that.
        sleep(6);
        long settled = System.nanoTime();
        sleep(3);
        assertThat(failures(load, settled, System.nanoTime())).as("after recovery").isEmpty();
      }

      phase("every key set a client received has its audit record");
      // counted after the load stopped: every 200 the load threads saw (a request nginx retried
      // may have been audited by both nodes, so the trail may hold more, never fewer)
      long served = load.outcomes(Load.Outcome::ok).size();
      assertThat(served).isPositive();
      assertThat(auditedKeyprovs(cluster)).isGreaterThanOrEqualTo(served);
      phase(served + " key set answers through nginx, each audited");
      phase("done");
    }
  }

  private static List<Load.Outcome> failures(Load load, long from, long to) {
    return load.outcomes(o -> o.started() >= from && o.ended() <= to && !o.ok());
  }

  private void assertRefused(HttpResponse<byte[]> r, int status, long kmsError) throws Exception {
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(status);
    KmsResponse response = reader.readResponse(r.body());
    assertThat(response.error().orElseThrow().code()).isEqualTo(kmsError);
  }

  /** The KmsKeySet elements of a keyprov answer, as the exact bytes the node sent. */
  private static List<String> keySets(HttpResponse<byte[]> r) {
    String xml = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(r.statusCode()).as(xml).isEqualTo(200);
    List<String> out = new ArrayList<>();
    Matcher m = KEY_SET.matcher(xml);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  private static String clientReqUrl(String answer) {
    Matcher m = CLIENT_REQ_URL.matcher(answer);
    assertThat(m.find()).as(answer).isTrue();
    return m.group(1);
  }

  private static String latestDetail(KmsCluster cluster, String identity) throws Exception {
    try (Connection c = DriverManager.getConnection(cluster.dbUrl());
        PreparedStatement ps = c.prepareStatement(
            "SELECT detail FROM kms_audit WHERE identity = ? AND action = 'keyprov' ORDER BY id DESC LIMIT 1")) {
      ps.setString(1, identity);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }

  /** Requests (not periods: one record per period) the nodes audited as served keyprov. */
  private static long auditedKeyprovs(KmsCluster cluster) throws Exception {
    try (Connection c = DriverManager.getConnection(cluster.dbUrl());
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT DISTINCT node, request_id FROM"
            + " kms_audit WHERE action = 'keyprov' AND outcome = 'ok' AND identity LIKE 'sip:load%') r");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Successful requests per second of the phase, with the events, as CSV for the docs' plot. */
  private void writeRate(Load load, long from, long to, Map<Long, String> events) throws Exception {
    int seconds = (int) Math.ceil((to - from) / 1e9);
    long[] ok = new long[seconds + 1];
    long[] failed = new long[seconds + 1];
    for (Load.Outcome o : load.outcomes(o -> o.ended() >= from && o.ended() <= to)) {
      int s = (int) ((o.ended() - from) / 1_000_000_000L);
      if (o.ok()) {
        ok[s]++;
      } else {
        failed[s]++;
      }
    }
    Map<Integer, String> marks = new TreeMap<>();
    events.forEach((at, label) -> marks.merge((int) ((at - from) / 1_000_000_000L), label, (a, b) -> a + "; " + b));
    StringBuilder csv = new StringBuilder("second,ok_per_s,failed_per_s,event\n");
    for (int s = 0; s < seconds; s++) {
      csv.append(s).append(',').append(ok[s]).append(',').append(failed[s]).append(',')
          .append(marks.getOrDefault(s, "")).append('\n');
    }
    Path out = Path.of("target", "chaos");
    Files.createDirectories(out);
    Files.writeString(out.resolve("kill-rate.csv"), csv);
    Files.writeString(out.resolve("kill-rate.svg"), RatePlot.svg("keyprov through nginx while node1 is killed ("
        + LOAD_USERS + " clients)", Arrays.copyOf(ok, seconds), Arrays.copyOf(failed, seconds), marks));
    phase("kill-phase rate written to " + out.resolve("kill-rate.csv").toAbsolutePath());
  }

  private static void sleep(int seconds) throws InterruptedException {
    Thread.sleep(seconds * 1000L);
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
