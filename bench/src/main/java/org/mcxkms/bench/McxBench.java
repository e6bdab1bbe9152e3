package org.mcxkms.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.mcxkms.kms.client.TokenSource;
import org.mcxkms.kms.client.profile.ProfileKey;
import org.mcxkms.kms.client.profile.ProfileSettings;
import org.mcxkms.kms.client.trust.TlsTrust;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.mcx.gms.GroupConfig;
import org.mcxkms.mcx.gms.GroupManagementServer;
import org.mcxkms.mcx.gms.KeyingReport;
import org.mcxkms.mcx.keys.McxIdentity;
import org.mcxkms.mcx.ue.McxClient;
import org.mcxkms.mcx.ue.PrivateCall;

/**
 * {@code mcx-kms bench mcx}: the MCX roles' two keying paths against an embedded KMS.
 * <ul>
 *   <li>GMK distribution: the GMS rekeys a group of N members (default 1,000): one signed and
 *       SAKKE-encrypted I_MESSAGE per member, built on all cores, delivered to a mailbox;</li>
 *   <li>private call keying: alice makes a PCK offer in SDP and bob accepts it (verify, decapsulate,
 *       SRTP contexts), one after the other in one thread.</li>
 * </ul>
 * Options: {@code --members N}, {@code --rounds R} (GMK rekeys measured after one warm-up),
 * {@code --calls C} (private calls measured after C/5 warm-up).
 */
public final class McxBench {
  private static final String KMS_URI = "kms.bench.example.org";

  private McxBench() {}

  public static void main(String[] args) throws Exception {
    int members = intOpt(args, "--members", 1000);
    int rounds = intOpt(args, "--rounds", 5);
    int calls = intOpt(args, "--calls", 200);
    Path dir = Files.createTempDirectory("mcx-bench-");
    KmsConfig config = KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dir.resolve("kms").toString())
        .set(ConfigKey.LISTEN_PORT, 0).set(ConfigKey.ADMIN_PORT, 0)
        .set(ConfigKey.KMS_URI, KMS_URI).set(ConfigKey.KEY_PERIOD_SECONDS, 2_592_000L)
        .set(ConfigKey.DB_URL, "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .set(ConfigKey.SEAL_ARGON2_MEMORY_KIB, 1024).set(ConfigKey.SEAL_ARGON2_ITERATIONS, 1).build();
    try (KmsServer kms = KmsServer.start(config, Clock.systemUTC(), w -> {})) {
      HttpClient admin = HttpClient.newBuilder().sslContext(TlsTrust.pinned(kms.tls().fingerprint()).sslContext())
          .version(HttpClient.Version.HTTP_1_1).build();
      String token = Files.readString(kms.adminTokenFile()).trim();
      String gms = "sip:gms@bench.example.org";
      String alice = "sip:alice@bench.example.org";
      String bob = "sip:bob@bench.example.org";
      register(admin, kms, token, gms, true);
      register(admin, kms, token, alice, false);
      register(admin, kms, token, bob, false);
      McxIdentity g = identity(kms, dir, gms);
      McxIdentity a = identity(kms, dir, alice);
      McxIdentity b = identity(kms, dir, bob);

      List<String> group = new ArrayList<>();
      for (int i = 0; i < members; i++) {
        group.add("sip:member-" + i + "@bench.example.org");
      }
      int threads = Runtime.getRuntime().availableProcessors();
      try (GroupManagementServer server = GroupManagementServer.builder(g.keyRing(), m -> { }).build()) {
        server.createGroup(GroupConfig.of("sip:big@bench.example.org", "big", group)); // warm-up (GMK + MKFC)
        double[] ms = new double[rounds];
        long cpu0 = processCpuNanos();
        for (int r = 0; r < rounds; r++) {
          KeyingReport rep = server.rekey("sip:big@bench.example.org");
          ms[r] = rep.elapsed().toNanos() / 1e6;
          System.out.printf("gmk distribution round %d: %d messages in %.0f ms%n", r + 1, rep.messages(), ms[r]);
        }
        double cpuPerMessage = (processCpuNanos() - cpu0) / 1e6 / rounds / members;
        Arrays.sort(ms);
        System.out.printf("GMK distribution: process CPU %.2f ms per member message; on %d idle cores that is %.0f ms "
            + "for %d members%n", cpuPerMessage, threads, cpuPerMessage * members / threads, members);
        System.out.printf("GMK distribution to %d members on %d threads: median %.0f ms, best %.0f ms, worst %.0f ms"
            + " (%.2f ms per member per core)%n", members, threads, ms[rounds / 2], ms[0], ms[rounds - 1],
            ms[rounds / 2] * threads / members);
      }

      try (McxClient ua = McxClient.builder(a.keyRing()).trustGms(gms).build();
          McxClient ub = McxClient.builder(b.keyRing()).trustGms(gms).build()) {
        int warm = Math.max(10, calls / 5);
        double[] ms = new double[calls];
        long cpu0 = 0;
        long offerNanos = 0;
        for (int i = -warm; i < calls; i++) {
          if (i == 0) {
            cpu0 = processCpuNanos();
          }
          long t0 = System.nanoTime();
          PrivateCall offer = ua.offerPrivateCall(bob, b.keyRing().kms());
          long t1 = System.nanoTime();
          PrivateCall answer = ub.answerPrivateCall(offer.offerSdp(), alice);
          if (i >= 0) {
            offerNanos += t1 - t0;
          }
          offer.complete(answer.answerSdp());
          long t = System.nanoTime() - t0;
          offer.leave();
          answer.leave();
          if (i >= 0) {
            ms[i] = t / 1e6;
          }
        }
        double cpuPerCall = (processCpuNanos() - cpu0) / 1e6 / calls;
        Arrays.sort(ms);
        double mean = Arrays.stream(ms).average().orElse(0);
        System.out.printf("private call keying: process CPU %.2f ms per call; the offer takes %.2f ms of the wall time%n",
            cpuPerCall, offerNanos / 1e6 / calls);
        System.out.printf("private call keying (PCK offer made in SDP and accepted, one thread): mean %.2f ms, "
            + "median %.2f ms, p90 %.2f ms over %d calls%n", mean, ms[calls / 2], ms[calls * 9 / 10], calls);
      }
      a.close();
      b.close();
      g.close();
    }
  }

  private static McxIdentity identity(KmsServer kms, Path dir, String uri) throws Exception {
    TokenSource tokens = () -> kms.devIdm().mint(uri, KMS_URI, "mcptt_id", "openid 3gpp:mc:key_management",
        Duration.ofHours(1));
    ProfileSettings s = ProfileSettings.builder().kmsUrl(kms.kmsUrl()).userUri(uri)
        .tls(TlsTrust.pinned(kms.tls().fingerprint())).build();
    return McxIdentity.provision(dir.resolve(uri.replaceAll("[^a-z]", "_")),
        ProfileKey.passphrase("bench".toCharArray(), new ProfileKey.Argon2Params(256, 1, 1)), s, tokens);
  }

  private static void register(HttpClient admin, KmsServer kms, String token, String uri, boolean server)
      throws Exception {
    String json = "{\"uri\":\"" + uri + "\"" + (server ? ",\"kind\":\"server\"" : "") + "}";
    HttpResponse<String> r = admin.send(HttpRequest.newBuilder(kms.adminUrl().resolve("identities"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("register " + uri + ": HTTP " + r.statusCode());
    }
  }

  /** CPU time of the whole process (all threads), so that a loaded machine shows in wall time only. */
  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static int intOpt(String[] args, String name, int dflt) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return dflt;
  }
}
