package org.mcxkms.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocketFactory;
import org.mcxkms.testkit.KmsCluster;
import org.mcxkms.testkit.RatePlot;

/**
 * {@code ./mcx-kms bench kms --through-proxy}: warm keyprov through nginx to two KMS nodes (each
 * its own JVM, mutual TLS from nginx) on one PostgreSQL, the deployment of docs/production.md on
 * one machine. Reports req/s and latency percentiles at N clients; with {@code --kill}, also runs
 * the clients while node 1 is killed (SIGKILL) and restarted, and writes the successful and failed
 * requests per second as CSV and SVG.
 */
final class ProxyLoadBench {
  private ProxyLoadBench() {}

  static void main(String[] args) throws Exception {
    int clients = 64;
    int seconds = 20;
    int warmupSeconds = 10;
    String dbUrl = null;
    boolean kill = false;
    Path out = Path.of("target", "proxy-bench");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--through-proxy": break;
        case "--clients": clients = Integer.parseInt(args[++i]); break;
        case "--warm-seconds": seconds = Integer.parseInt(args[++i]); break;
        case "--warmup-seconds": warmupSeconds = Integer.parseInt(args[++i]); break;
        case "--db-url": dbUrl = args[++i]; break;
        case "--kill": kill = true; break;
        case "--out": out = Path.of(args[++i]); break;
        default:
          System.err.println("usage: mcx-kms bench kms --through-proxy [--clients 64] [--warm-seconds 20]"
              + " [--warmup-seconds 10] [--db-url jdbc:postgresql://...?user=..] [--kill] [--out DIR]");
          System.exit(2);
      }
    }
    String load = Files.readString(Path.of("/proc/loadavg")).trim();
    System.out.printf("mcx-kms bench kms --through-proxy: %d clients, %d cores, Java %s, load average %s%n",
        clients, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), load);
    Path dir = Files.createTempDirectory("mcx-kms-proxy-bench-");
    try (KmsCluster cluster = KmsCluster.start(dir, System.getProperty("java.class.path"), 2,
        // measure the nodes, not their limits: all 64 clients reach the nodes from one address
        Map.of("limit.identity.per.second", "0", "limit.address.per.second", "0", "db.pool.size", "16"), dbUrl,
        step -> System.out.println("  " + step))) {
      String[] tokens = new String[clients];
      for (int c = 0; c < clients; c++) {
        String uri = "sip:proxybench" + c + "@bench.example";
        cluster.node(0).admin("POST", "identities", "{\"uri\":\"" + uri + "\"}");
        tokens[c] = cluster.idm().token(uri).sign();
      }
      SSLSocketFactory tls = cluster.clientTls().getSocketFactory();
      URI keyprov = cluster.proxyUrl().resolve("keyprov");
      final int n = clients;
      System.out.printf("priming %d identities (cold issuance on both nodes)...%n", clients);
      KmsLoadBench.run(tls, keyprov, clients, 3600, 0, i -> tokens[i % n], 4 * clients);
      System.out.printf("warm keyprov through nginx: %d s warm-up, %d s measured...%n", warmupSeconds, seconds);
      KmsLoadBench.run(tls, keyprov, clients, warmupSeconds, 0, i -> tokens[i % n], Integer.MAX_VALUE);
      KmsLoadBench.Result warm = KmsLoadBench.run(tls, keyprov, clients, seconds, 0, i -> tokens[i % n],
          Integer.MAX_VALUE);
      KmsLoadBench.print("warm keyprov via nginx", warm, 2);
      System.out.printf("load average after: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
      if (kill) {
        killRun(cluster, tls, keyprov, tokens, out);
      }
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * The clients run while node 1 is killed 10 s in, started again 10 s later (which takes as long
   * as a JVM start takes), and for 10 s after it serves again.
   */
  private static void killRun(KmsCluster cluster, SSLSocketFactory tls, URI keyprov, String[] tokens, Path out)
      throws Exception {
    int max = 600;
    AtomicLongArray ok = new AtomicLongArray(max);
    AtomicLongArray failed = new AtomicLongArray(max);
    AtomicBoolean running = new AtomicBoolean(true);
    Map<String, AtomicLong> why = new ConcurrentHashMap<>();
    long t0 = System.nanoTime();
    CountDownLatch done = new CountDownLatch(tokens.length);
    for (String token : tokens) {
      Thread t = new Thread(() -> {
        try {
          while (running.get()) {
            try (LeanHttpsConnection conn = new LeanHttpsConnection(tls, keyprov)) {
              while (running.get()) {
                int status = conn.postEmpty(token);
                (status == 200 ? ok : failed).incrementAndGet(Math.min(max - 1, second(t0)));
                if (status != 200) {
                  why.computeIfAbsent("HTTP " + status, k -> new AtomicLong()).incrementAndGet();
                }
              }
            } catch (Exception e) {
              failed.incrementAndGet(Math.min(max - 1, second(t0)));
              why.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
            }
          }
        } finally {
          done.countDown();
        }
      }, "kill-client");
      t.setDaemon(true);
      t.start();
    }
    Map<Integer, String> events = new TreeMap<>();
    Thread.sleep(10_000);
    events.put(second(t0), "node1 killed");
    cluster.node(0).kill();
    Thread.sleep(10_000);
    events.put(second(t0), "node1 restarting");
    cluster.node(0).start();
    events.merge(second(t0), "node1 serving", (a, b) -> a + "; " + b);
    Thread.sleep(10_000);
    running.set(false);
    done.await();
    int total = Math.min(max, second(t0));
    long[] okS = new long[total];
    long[] failS = new long[total];
    long okSum = 0;
    long failSum = 0;
    StringBuilder csv = new StringBuilder("second,ok_per_s,failed_per_s,event\n");
    for (int s = 0; s < total; s++) {
      okS[s] = ok.get(s);
      failS[s] = failed.get(s);
      okSum += okS[s];
      failSum += failS[s];
      csv.append(s).append(',').append(okS[s]).append(',').append(failS[s]).append(',')
          .append(events.getOrDefault(s, "")).append('\n');
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("kill-rate.csv"), csv);
    Files.writeString(out.resolve("kill-rate.svg"), RatePlot.svg("keyprov through nginx, " + tokens.length
        + " clients, node1 killed and restarted", okS, failS, events));
    System.out.printf(Locale.ROOT, "kill run: %d ok, %d failed in %d s; per second written to %s%n", okSum, failSum,
        total, out.resolve("kill-rate.csv").toAbsolutePath());
    if (failSum > 0) {
      System.out.println("failures by kind: " + why);
      System.out.println("nginx's reasons (error log, by message):");
      nginxReasons(cluster.nginx().errorLog()).forEach((m, n) -> System.out.printf("  %6d %s%n", n, m));
      for (int i = 0; i < 2; i++) {
        Map<String, Long> errors = new TreeMap<>();
        for (String line : Files.readAllLines(cluster.node(i).log())) {
          if (line.contains(" ERROR ")) {
            errors.merge(line.replaceFirst("^\\S+ ", "").replaceAll("request_id=\\S+ ", ""), 1L, Long::sum);
          }
        }
        System.out.println(cluster.node(i).name() + "'s errors: " + (errors.isEmpty() ? "none" : ""));
        errors.forEach((m, n) -> System.out.printf("  %6d %s%n", n, m.length() > 200 ? m.substring(0, 200) : m));
      }
    }
  }

  /** The nginx error log's messages without time, connection and request, counted. */
  private static Map<String, Long> nginxReasons(Path log) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    for (String line : Files.readAllLines(log)) {
      String upstream = line.contains("upstream: \"") ? " " + line.replaceFirst(".*upstream: \"([^\"]*)\".*", "$1")
          : "";
      String m = line.replaceFirst("^\\S+ \\S+ ", "").replaceFirst("\\d+#\\d+: (\\*\\d+ )?", "")
          .replaceFirst(", client: .*$", "") + upstream;
      out.merge(m, 1L, Long::sum);
    }
    return out;
  }

  private static int second(long t0) {
    return (int) ((System.nanoTime() - t0) / 1_000_000_000L);
  }
}
