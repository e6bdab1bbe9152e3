package org.mcxkms.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code mcx-kms bench media}: {@link MediaBench} under JMH and libsrtp 2 doing the same work in
 * the same run (media/src/test/c/srtp_peer.c in bench mode, compiled with gcc against the system's
 * libsrtp2), before and after the JMH run; the ratio is ours over the mean of the two libsrtp runs.
 *
 * <p>The warm-up is long (5 x 3 s): on a loaded two-core machine C2 needs several seconds before the
 * JDK's AES-GCM intrinsics carry the work, and the first seconds run at a tenth of the final rate.
 *
 * <p>Options: {@code --seconds S} measurement time per JMH iteration and per libsrtp run (default
 * 5), {@code --no-libsrtp}.
 */
public final class MediaSuite {
  private MediaSuite() {}

  private static final String[][] ROWS = {
    {"srtpProtect", "rtp_protect", "SRTP protect, 160-octet payload"},
    {"srtpUnprotect", "rtp_unprotect", "SRTP unprotect, 160-octet payload"},
    {"floorProtect", "rtcp_protect", "SRTCP protect, Floor Request (44 octets)"},
    {"floorUnprotect", "rtcp_unprotect", "SRTCP unprotect, Floor Request (44 octets)"},
  };

  public static int run(String[] args) throws Exception {
    int seconds = 5;
    boolean libsrtp = true;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--seconds") && i + 1 < args.length) {
        seconds = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--no-libsrtp")) {
        libsrtp = false;
      } else {
        System.err.println("usage: mcx-kms bench media [--seconds S] [--no-libsrtp]");
        return 2;
      }
    }
    Path peer = null;
    if (libsrtp) {
      peer = compilePeer();
    }
    Map<String, Double> before = peer == null ? Map.of() : runPeer(peer, seconds);

    var results = new Runner(new OptionsBuilder()
        .include(MediaBench.class.getName())
        .forks(1).threads(1)
        .warmupIterations(5).warmupTime(TimeValue.seconds(3))
        .measurementIterations(3).measurementTime(TimeValue.seconds(seconds))
        .timeUnit(TimeUnit.SECONDS)
        .build()).run();
    Map<String, Double> ours = new HashMap<>();
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      ours.put(label.substring(label.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
    }
    Map<String, Double> after = peer == null ? Map.of() : runPeer(peer, seconds);

    System.out.println();
    System.out.println("| operation | ours (packets/s) | libsrtp 2 before | libsrtp 2 after | ratio ours/libsrtp |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (String[] row : ROWS) {
      double o = ours.getOrDefault(row[0], Double.NaN);
      double b = before.getOrDefault(row[1], Double.NaN);
      double a = after.getOrDefault(row[1], Double.NaN);
      double ratio = o / ((b + a) / 2);
      System.out.printf("| %s | %,.0f | %,.0f | %,.0f | %.2f |%n", row[2], o, b, a, ratio);
    }
    System.out.printf("%nJVM: %s %s; %d cores; libsrtp: %s%n", System.getProperty("java.vm.name"),
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        peer == null ? "not run" : "Debian libsrtp2 (NSS) via " + peer);
    return 0;
  }

  /** Compiles srtp_peer.c with gcc into bench/target; null (with a note) when it cannot. */
  private static Path compilePeer() throws IOException, InterruptedException, URISyntaxException {
    Path jar = Path.of(MediaSuite.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path root = jar.getParent().getParent().getParent();
    Path src = root.resolve("media/src/test/c/srtp_peer.c");
    Path out = jar.getParent().resolve("srtp_peer");
    if (!Files.exists(src)) {
      System.err.println("bench media: " + src + " not found; libsrtp comparison skipped");
      return null;
    }
    Process p;
    try {
      p = new ProcessBuilder("gcc", "-O2", "-o", out.toString(), src.toString(), "-lsrtp2").redirectErrorStream(true).start();
    } catch (IOException e) {
      System.err.println("bench media: gcc not found; libsrtp comparison skipped");
      return null;
    }
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      System.err.println("bench media: compiling against libsrtp2 failed (apt-get install libsrtp2-dev); comparison skipped\n" + log);
      return null;
    }
    return out;
  }

  private static Map<String, Double> runPeer(Path peer, int seconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(peer.toString(), "bench", Integer.toString(seconds), MediaBench.GMK_MASTER_KEY,
        MediaBench.GMK_MASTER_SALT, String.format("%08x%08x", MediaBench.GMK_ID, MediaBench.SENDER_GUK),
        Integer.toString(MediaBench.PAYLOAD), Integer.toString(MediaBench.floorRequest().length))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("srtp_peer bench failed");
    }
    Map<String, Double> m = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length == 2) {
        m.put(f[0], Double.parseDouble(f[1]));
      }
    }
    System.out.println("libsrtp 2: " + m);
    return m;
  }
}
