package org.mcxkms.bench;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.store.IdentityKind;
import org.mcxkms.kms.server.store.IdentityRecord;
import org.mcxkms.kms.server.store.IdentityStatus;

/**
 * {@code ./mcx-kms bench kms}: load generator for the KMS. Starts the server embedded (H2, temp
 * data directory, development IdM), then N concurrent HTTPS clients with real ES256 tokens, and
 * reports requests/s and latency percentiles for
 *
 * <ul>
 *   <li><b>warm keyprov</b>: each client fetches its own user's key sets again and again (served
 *       from the issuance cache: authentication, policy and audit per request, no scalar
 *       multiplication);
 *   <li><b>cold keyprov</b>: every request is for a new identity (two new key sets each: the
 *       current and the next period), so each costs two RSK and two SSK/PVT derivations.
 * </ul>
 * Every request is a real POST over TLS (keep-alive, one connection per client thread, see {@link
 * LeanHttpsConnection}) with an Authorization header; only 200s count as successes. Bounded in time; stops by itself; loopback only.
 */
public final class KmsLoadBench {
  private KmsLoadBench() {}

  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--through-proxy")) {
      ProxyLoadBench.main(args);
      return;
    }
    int clients = 64;
    int warmSeconds = 20;
    int coldSeconds = 20;
    int warmupSeconds = 5;
    int coldUsers = 20000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--clients": clients = Integer.parseInt(args[++i]); break;
        case "--warm-seconds": warmSeconds = Integer.parseInt(args[++i]); break;
        case "--cold-seconds": coldSeconds = Integer.parseInt(args[++i]); break;
        case "--warmup-seconds": warmupSeconds = Integer.parseInt(args[++i]); break;
        case "--cold-users": coldUsers = Integer.parseInt(args[++i]); break;
        default:
          System.err.println("usage: mcx-kms bench kms [--clients 64] [--warm-seconds 20] [--cold-seconds 20]"
              + " [--warmup-seconds 5] [--cold-users 20000]\n"
              + "       mcx-kms bench kms --through-proxy [--clients 64] ... (nginx + two nodes + PostgreSQL;"
              + " --help for its options)");
          System.exit(2);
      }
    }
    final int nClients = clients;
    Path data = Files.createTempDirectory("mcx-kms-bench-");
    KmsConfig config = KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, data.toString())
        .set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0)
        .set(ConfigKey.KMS_URI, "kms.bench.example")
        .set(ConfigKey.CACHE_MAX_ENTRIES, 1_000_000)
        .set(ConfigKey.DB_POOL_SIZE, 16)
        // measure the server, not its limits: every client is one identity on one address
        .set(ConfigKey.LIMIT_IDENTITY_PER_SECOND, 0)
        .set(ConfigKey.HTTP_MAX_CONNECTIONS_PER_ADDRESS, 100_000)
        .build();
    System.out.printf("mcx-kms bench kms: %d clients, %d cores, Java %s%n", clients,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    try (KmsServer server = KmsServer.start(config, w -> {})) {
      SSLSocketFactory http = tls(server.tls().certificatePem());
      URI keyprov = server.kmsUrl().resolve("keyprov");
      Instant now = Instant.now();

      // Warm: one user per client, primed once.
      String[] warmTokens = new String[clients];
      for (int c = 0; c < clients; c++) {
        String uri = "sip:warm" + c + "@bench.example";
        server.store().addIdentity(new IdentityRecord(uri, IdentityKind.USER, IdentityStatus.ENABLED, now, null, null));
        warmTokens[c] = token(server, uri);
      }
      System.out.printf("priming %d warm identities (cold issuance)...%n", clients);
      Result prime = run(http, keyprov, clients, 3600, 0, i -> warmTokens[i % nClients], clients);
      if (prime.errors > 0) {
        throw new IllegalStateException("priming failed: " + prime.errors + " errors");
      }
      System.out.printf("warm keyprov: %d s warm-up, %d s measured...%n", warmupSeconds, warmSeconds);
      run(http, keyprov, clients, warmupSeconds, 0, i -> warmTokens[i % nClients], Integer.MAX_VALUE);
      Result warm = run(http, keyprov, clients, warmSeconds, 0, i -> warmTokens[i % nClients], Integer.MAX_VALUE);
      print("warm keyprov (cached)", warm, 2);

      // Cold: a new registered identity for every request.
      List<String> coldTokens = new ArrayList<>();
      System.out.printf("registering %d cold identities...%n", coldUsers);
      for (int u = 0; u < coldUsers; u++) {
        String uri = "sip:cold" + u + "@bench.example";
        server.store().addIdentity(new IdentityRecord(uri, IdentityKind.USER, IdentityStatus.ENABLED, now, null, null));
      }
      System.out.printf("cold keyprov: %d s measured (new identity per request)...%n", coldSeconds);
      Result cold = run(http, keyprov, clients, coldSeconds, 0,
          i -> token(server, "sip:cold" + i + "@bench.example"), coldUsers);
      print("cold keyprov (new identity)", cold, 2);
      double hits = server.metrics().counter("kms_keyset_cache", "result", "hit").count();
      double misses = server.metrics().counter("kms_keyset_cache", "result", "miss").count();
      System.out.printf("key set cache: %.0f hits, %.0f misses (hit rate %.1f%%)%n", hits, misses,
          100 * hits / Math.max(1, hits + misses));
    } finally {
      try (Stream<Path> s = Files.walk(data)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String token(KmsServer server, String uri) {
    return server.devIdm().mint(uri, server.config().tokenAudience(), server.config().identityClaim(),
        server.config().scope(), Duration.ofHours(2));
  }

  interface TokenSource {
    String token(int requestIndex);
  }

  static final class Result {
    long ok;
    long errors;
    double seconds;
    long[] latenciesNanos;
  }

  /**
   * {@code clients} threads send POSTs until {@code seconds} pass or {@code maxRequests} were
   * started; request i uses {@code tokens.token(i)} (minting is not timed).
   */
  static Result run(SSLSocketFactory http, URI uri, int clients, int seconds, int unused, TokenSource tokens, int maxRequests)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    long[][][] latencies = new long[clients][][];
    int[] counts = new int[clients];
    CountDownLatch done = new CountDownLatch(clients);
    long t0 = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      // Grown on demand: 64 eager 8 MB arrays were humongous allocations that paused the server's GC.
      long[][] lat = {new long[4096]};
      int id = c;
      latencies[c] = lat;
      Thread t = new Thread(() -> {
        try (LeanHttpsConnection conn = new LeanHttpsConnection(http, uri)) {
          while (System.nanoTime() < deadline) {
            int i = next.getAndIncrement();
            if (i >= maxRequests) {
              break;
            }
            String token = tokens.token(i);
            long s = System.nanoTime();
            try {
              int status = conn.postEmpty(token);
              long d = System.nanoTime() - s;
              if (status == 200) {
                ok.incrementAndGet();
                if (counts[id] == lat[0].length) {
                  lat[0] = Arrays.copyOf(lat[0], 2 * lat[0].length);
                }
                lat[0][counts[id]++] = d;
              } else {
                errors.incrementAndGet();
              }
            } catch (Exception e) {
              errors.incrementAndGet();
            }
          }
        } finally {
          done.countDown();
        }
      }, "bench-client-" + c);
      t.setDaemon(true);
      t.start();
    }
    done.await();
    Result r = new Result();
    r.seconds = (System.nanoTime() - t0) / 1e9;
    r.ok = ok.get();
    r.errors = errors.get();
    int total = 0;
    for (int n : counts) {
      total += n;
    }
    long[] all = new long[total];
    int k = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(latencies[c][0], 0, all, k, counts[c]);
      k += counts[c];
    }
    Arrays.sort(all);
    r.latenciesNanos = all;
    return r;
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  static void print(String name, Result r, int setsPerRequest) {
    System.out.printf(Locale.ROOT, "%-28s %8d ok %5d errors in %5.1f s: %8.1f req/s (%8.1f key sets/s);"
            + " latency ms p50 %.2f p90 %.2f p99 %.2f max %.2f%n",
        name, r.ok, r.errors, r.seconds, r.ok / r.seconds, setsPerRequest * r.ok / r.seconds,
        pct(r.latenciesNanos, 0.50), pct(r.latenciesNanos, 0.90), pct(r.latenciesNanos, 0.99),
        pct(r.latenciesNanos, 1.0));
  }

  private static SSLSocketFactory tls(Path pem) throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("kms", CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem))));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx.getSocketFactory();
  }
}
