package org.mcxkms.bench;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.preissue.KmsPreissueTarget;
import org.mcxkms.kms.server.preissue.RolloverPreissuer;
import org.mcxkms.kms.server.preissue.WorkShare;
import org.mcxkms.kms.server.store.IdentityKind;
import org.mcxkms.kms.server.store.IdentityRecord;
import org.mcxkms.kms.server.store.IdentityStatus;

/**
 * {@code ./mcx-kms bench preissue}: rollover pre-issuance of one key period for N registered
 * identities (default 100,000) on an embedded KMS (H2, temporary data directory), through the
 * same job the server schedules: every key set is a real RSK (with its issuer check) and SSK/PVT
 * (with its self-check) derivation into the issuance cache. Reports the time and key sets per
 * second; the target is 100,000 identities in at most 5 minutes.
 */
final class PreissueBench {
  private PreissueBench() {}

  /** CPU time of this process (all threads), or -1 where the platform does not say. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  static int run(String[] args) throws Exception {
    int identities = 100_000;
    int threads = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--identities" -> identities = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: mcx-kms bench preissue [--identities 100000] [--threads CORES]");
          return 2;
        }
      }
    }
    Path data = Files.createTempDirectory("mcx-kms-preissue-");
    KmsConfig config = KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, data.toString())
        .set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0)
        .set(ConfigKey.KMS_URI, "kms.bench.example")
        .set(ConfigKey.CACHE_MAX_ENTRIES, Math.max(1000, 2 * identities))
        .build();
    System.out.printf(Locale.ROOT, "mcx-kms bench preissue: %,d identities, %d threads, %d cores, Java %s, %s%n",
        identities, threads, Runtime.getRuntime().availableProcessors(), System.getProperty("java.runtime.version"),
        CryptoSuite.cpuModel());
    try (KmsServer server = KmsServer.start(config, w -> {})) {
      Instant now = Instant.now();
      long t0 = System.nanoTime();
      for (int u = 0; u < identities; u++) {
        server.store().addIdentity(new IdentityRecord("sip:user" + u + "@bench.example", IdentityKind.USER,
            IdentityStatus.ENABLED, now, null, null));
      }
      System.out.printf(Locale.ROOT, "registered %,d identities in %.1f s%n", identities, (System.nanoTime() - t0) / 1e9);
      KeyPeriodPolicy policy = server.domain().policy();
      // the period a rollover adds: after the next boundary, keyprov asks for next..next+future
      long next = policy.periodNumber(now) + 1;
      long added = next + config.periodsFuture();
      RolloverPreissuer job = new RolloverPreissuer(new KmsPreissueTarget(server.domain(), server.store(),
          server.issuer()), policy, config.periodsFuture(),
          new RolloverPreissuer.Settings(Duration.ofMinutes(30), threads, WorkShare.all(), Duration.ofMinutes(1),
              config.cacheMaxEntries()),
          Clock.systemUTC(), new SimpleMeterRegistry());
      String load = CryptoSuite.loadAverage();
      long cpu0 = processCpuNanos();
      RolloverPreissuer.Report r = job.preissue(added, added, policy.validFrom(next));
      double cpu = (processCpuNanos() - cpu0) / 1e9;
      double secs = r.took().toNanos() / 1e9;
      // On a shared machine the wall time includes waiting for the CPU; the process CPU time spread
      // over the cores is what the run would take on this machine alone.
      double alone = cpu / Runtime.getRuntime().availableProcessors();
      System.out.println();
      System.out.println("| identities | key sets | threads | wall time | key sets/s | CPU time | CPU time / cores | target <= 300 s |");
      System.out.println("|---:|---:|---:|---:|---:|---:|---:|---|");
      System.out.printf(Locale.ROOT, "| %,d | %,d | %d | %.1f s | %.0f | %.1f s | %.1f s | %s |%n", r.identities(),
          r.issued(), threads, secs, r.rate(), cpu, alone, secs <= 300 ? "met" : "missed (wall)");
      System.out.printf("load average before / after: %s / %s; failed: %d%n", load, CryptoSuite.loadAverage(), r.failed());
      return r.failed() == 0 && r.issued() == identities ? 0 : 1;
    }
  }
}
