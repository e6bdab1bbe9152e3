package org.mcxkms.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mcxkms.crypto.internal.sakke.SakkeEngine;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code mcx-kms bench crypto}: runs {@link CryptoBenchmarks} through the JMH Runner API with
 * defaults sized for a small (2-core) machine, prints the comparison table and writes it as
 * Markdown to {@code docs/benchmarks/crypto.md}.
 */
final class CryptoSuite {
  /** Table order: the rows of the target table. */
  static final String[] OPERATIONS = {
    "sakkeDecapsulate", "sakkeEncapsulate", "sakkeEncapsulateCached", "rskIssue", "rskValidate", "eccsiSign", "eccsiVerify", "sskIssue", "sskValidate"
  };

  private CryptoSuite() {}

  private static void usage() {
    System.out.println("usage: mcx-kms bench crypto [--quick | --long] [--only REGEX] [--impl ours|bc]");
    System.out.println("                           [--forks N] [--warmup N] [--iterations N] [--time SECONDS]");
    System.out.println("                           [--out FILE | --no-write] [--peer wolfssl]");
    System.out.println("  default: 1 fork, 2 warm-up and 3 measured iterations of 2 s each (about 4 minutes)");
    System.out.println("  --quick: 1 warm-up and 2 measured iterations of 1 s    --long: 5 and 5 of 5 s");
    System.out.println("  --only:  benchmarks whose name matches REGEX, e.g. 'eccsi|ssk'");
    System.out.println("  writes docs/benchmarks/crypto.md under the project root unless --no-write or --out");
    System.out.println("  --peer wolfssl: builds wolfSSL " + WolfsslPeer.VERSION + " once (Debian source package, x86-64 asm,");
    System.out.println("           cached under ~/.cache/mcx-kms), runs its ECCSI/SAKKE benchmark before and after ours");
    System.out.println("           (ours only, unless --impl) and prints the same-run ratio table");
  }

  static int run(String[] args) throws Exception {
    int forks = 1;
    int warmup = 2;
    int iterations = 3;
    int seconds = 2;
    String only = null;
    String impl = null;
    String out = null;
    boolean write = true;
    String peer = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick":
          warmup = 1;
          iterations = 2;
          seconds = 1;
          break;
        case "--long":
          warmup = 5;
          iterations = 5;
          seconds = 5;
          break;
        case "--only":
          only = args[++i];
          break;
        case "--impl":
          impl = args[++i];
          break;
        case "--forks":
          forks = Integer.parseInt(args[++i]);
          break;
        case "--warmup":
          warmup = Integer.parseInt(args[++i]);
          break;
        case "--iterations":
          iterations = Integer.parseInt(args[++i]);
          break;
        case "--time":
          seconds = Integer.parseInt(args[++i]);
          break;
        case "--out":
          out = args[++i];
          break;
        case "--no-write":
          write = false;
          break;
        case "--peer":
          peer = args[++i];
          if (!peer.equals("wolfssl")) {
            System.err.println("the only peer is wolfssl");
            return 2;
          }
          break;
        case "-h":
        case "--help":
          usage();
          return 0;
        default:
          System.err.println("unknown option " + args[i]);
          usage();
          return 2;
      }
    }
    String include = CryptoBenchmarks.class.getName() + "." + (only == null ? ".*" : ".*(" + only + ").*");
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(include)
            .forks(forks)
            .warmupIterations(warmup)
            .warmupTime(TimeValue.seconds(seconds))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.seconds(seconds))
            .threads(1)
            .shouldFailOnError(true);
    if (impl == null && peer != null) {
      impl = "ours";
    }
    if (impl != null) {
      options.param("impl", impl);
    }
    WolfsslPeer wolfssl = null;
    Map<String, Double> wolfBefore = Map.of();
    if (peer != null) {
      wolfssl = WolfsslPeer.build(projectRoot());
      System.out.println("wolfSSL benchmark (before ours): " + wolfssl.binary());
      wolfBefore = wolfssl.run();
      wolfBefore.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-24s %10.3f ms%n", k, v));
    }
    String loadBefore = loadAverage();
    Collection<RunResult> results = new Runner(options.build()).run();
    String loadAfter = loadAverage();
    Map<String, Double> wolfAfter = Map.of();
    if (wolfssl != null) {
      System.out.println("wolfSSL benchmark (after ours):");
      wolfAfter = wolfssl.run();
      wolfAfter.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-24s %10.3f ms%n", k, v));
    }

    Map<String, double[]> rows = new LinkedHashMap<>(); // op -> {ours ops/s, bc ops/s}
    for (String op : OPERATIONS) {
      rows.put(op, new double[] {Double.NaN, Double.NaN});
    }
    Map<String, double[]> bestRows = new LinkedHashMap<>(); // op -> {ours best iteration ops/s}
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      String op = name.substring(name.lastIndexOf('.') + 1);
      double score = r.getPrimaryResult().getScore(); // ops/s
      int column = "bc".equals(r.getParams().getParam("impl")) ? 1 : 0;
      rows.computeIfAbsent(op, k -> new double[] {Double.NaN, Double.NaN})[column] = score;
      if (column == 0) {
        bestRows.put(op, new double[] {bestIteration(r)});
      }
    }
    String command =
        "./mcx-kms bench crypto" + (args.length == 0 ? "" : " " + String.join(" ", args))
            + String.format(" (JMH: %d fork, %d x %d s warm-up, %d x %d s measured, 1 thread)", forks, warmup, seconds, iterations, seconds);
    String table = table(rows, command, loadBefore, loadAfter);
    if (wolfssl != null) {
      table = peerTable(bestRows, rows, wolfBefore, wolfAfter) + "\n" + table;
    }
    System.out.println();
    System.out.println(table);
    if (write) {
      Path target = out != null ? Paths.get(out) : projectRoot().resolve("docs/benchmarks/crypto.md");
      Files.createDirectories(target.toAbsolutePath().getParent());
      Files.writeString(target, "# Crypto benchmarks\n\n" + table, StandardCharsets.UTF_8);
      System.out.println("written to " + target);
    }
    return 0;
  }

  static String table(Map<String, double[]> rows, String command, String loadBefore, String loadAfter) {
    StringBuilder sb = new StringBuilder();
    sb.append("| operation | ours ops/s | ours ms/op | BC ops/s | BC ms/op | speed-up vs BC |\n");
    sb.append("|---|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<String, double[]> e : rows.entrySet()) {
      double ours = e.getValue()[0];
      double bc = e.getValue()[1];
      if (Double.isNaN(ours) && Double.isNaN(bc)) {
        continue;
      }
      sb.append("| ").append(e.getKey())
          .append(" | ").append(opsPerSecond(ours))
          .append(" | ").append(millis(ours))
          .append(" | ").append(opsPerSecond(bc))
          .append(" | ").append(millis(bc))
          .append(" | ").append(Double.isNaN(ours) || Double.isNaN(bc) ? "-" : String.format(Locale.ROOT, "%.1fx", ours / bc))
          .append(" |\n");
    }
    sb.append('\n');
    sb.append("- machine: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores visible to the JVM\n");
    sb.append("- JVM: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
        .append(" (").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append(")\n");
    sb.append("- SAKKE F_p kernel: ").append(SakkeEngine.fieldKernel()).append('\n');
    sb.append("- date: ").append(LocalDate.now(ZoneOffset.UTC)).append('\n');
    sb.append("- load average (1, 5, 15 min) before / after the run: ").append(loadBefore).append(" / ").append(loadAfter)
        .append(" (a load above the core count means other processes competed for the CPU)\n");
    sb.append("- command: `").append(command).append("`\n");
    sb.append("- BC = Bouncy Castle bcprov-jdk18on 1.87. Where BC lacks the operation, its closest work is measured")
        .append(" (sskValidate: ECCSISigner.init for signing, which checks the key pair; rskIssue: SAKKEKEMExtractor")
        .append(" construction, which derives the RSK from z; rskValidate: one call of BC's pairing).\n");
    return sb.toString();
  }

  /**
   * The same-run comparison with wolfSSL: per row our ms/op (best measured iteration, and the JMH
   * mean), the wolfSSL variant it is compared with, that variant's ms/op before and after our run,
   * the better of the two, and the ratio of best to best, ours / wolfSSL (below 1: we are faster).
   * Best against best because noise on a shared machine only ever slows a run down.
   */
  static String peerTable(Map<String, double[]> bestRows, Map<String, double[]> rows, Map<String, Double> before,
      Map<String, Double> after) {
    Map<String, Double> best = WolfsslPeer.best(before, after);
    StringBuilder sb = new StringBuilder();
    sb.append("| operation | ours ms/op best (mean) | wolfSSL ").append(WolfsslPeer.VERSION)
        .append(" variant | wolfSSL ms/op before / after | wolfSSL best | ratio ours/wolfSSL (best/best) |\n");
    sb.append("|---|---:|---|---:|---:|---:|\n");
    for (WolfsslPeer.Pairing p : WolfsslPeer.PAIRINGS) {
      double[] ours = bestRows.get(p.ours());
      double oursMs = ours == null || Double.isNaN(ours[0]) ? Double.NaN : 1000.0 / ours[0];
      double[] mean = rows.get(p.ours());
      String meanMs = mean == null || Double.isNaN(mean[0]) ? "" : " (" + ms(1000.0 / mean[0]) + ")";
      Double w = best.get(p.variant());
      if (Double.isNaN(oursMs)) {
        continue; // not measured in this run (--only)
      }
      sb.append("| ").append(p.ours())
          .append(" | ").append(Double.isNaN(oursMs) ? "-" : ms(oursMs)).append(meanMs)
          .append(" | ").append(p.variant()).append(": ").append(p.description())
          .append(" | ").append(before.containsKey(p.variant()) ? ms(before.get(p.variant())) : "-")
          .append(" / ").append(after.containsKey(p.variant()) ? ms(after.get(p.variant())) : "-")
          .append(" | ").append(w == null ? "-" : ms(w))
          .append(" | ").append(w == null || Double.isNaN(oursMs) ? "-" : String.format(Locale.ROOT, "%.2f", oursMs / w))
          .append(" |\n");
    }
    return sb.toString();
  }

  /** The highest ops/s of the measured iterations (all forks). */
  static double bestIteration(RunResult r) {
    double best = Double.NaN;
    for (BenchmarkResult b : r.getBenchmarkResults()) {
      for (IterationResult i : b.getIterationResults()) {
        double v = i.getPrimaryResult().getScore();
        best = Double.isNaN(best) ? v : Math.max(best, v);
      }
    }
    return Double.isNaN(best) ? r.getPrimaryResult().getScore() : best;
  }

  private static String ms(double v) {
    return v >= 10 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String opsPerSecond(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String millis(double opsPerSecond) {
    if (Double.isNaN(opsPerSecond)) {
      return "-";
    }
    double ms = 1000.0 / opsPerSecond;
    return ms >= 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.3f", ms);
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  static String cpuModel() {
    try {
      List<String> lines = Files.readAllLines(Paths.get("/proc/cpuinfo"));
      for (String l : lines) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch") + " CPU";
  }

  /** The project root: -Dmcxkms.root, else the nearest directory upwards holding the launcher. */
  static Path projectRoot() {
    String configured = System.getProperty("mcxkms.root");
    if (configured != null) {
      return Paths.get(configured);
    }
    Path dir = Paths.get("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("mcx-kms")) && Files.isDirectory(d.resolve("bench"))) {
        return d;
      }
    }
    return dir;
  }

  static List<String> operations() {
    return new ArrayList<>(List.of(OPERATIONS));
  }
}
