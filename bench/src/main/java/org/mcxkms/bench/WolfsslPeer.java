package org.mcxkms.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wolfSSL as the peer of {@code mcx-kms bench crypto --peer wolfssl}: builds wolfSSL's own
 * benchmark once (by {@code bench/wolfssl/build-wolfssl.sh}, from Debian's source package, into a
 * cache directory outside the repository), runs its ECCSI and SAKKE benchmarks and parses the
 * per-operation averages. Nothing of wolfSSL is kept in the repository.
 */
final class WolfsslPeer {
  /** The version of record; the build script refuses when apt cannot supply it. */
  static final String VERSION = "5.9.2";

  /** The wolfSSL benchmark options that select the ECCSI and SAKKE operations. */
  static final List<String> BENCH_OPTIONS =
      List.of("-eccsi-kg", "-eccsi-pair", "-eccsi-val", "-eccsi", "-sakke-kg", "-sakke-rsk", "-sakke-val", "-sakke");

  /**
   * One of our operations and the wolfSSL row it is compared with: {@code variant} is the wolfSSL
   * row label ("SAKKE 1024 derive-3"), {@code description} says in words what that variant does.
   */
  record Pairing(String ours, String variant, String description) {}

  /**
   * Which wolfSSL variant each of our rows is compared with, by application shape (encapsulation
   * to a new receiver against the plain variant, to a cached receiver against the point-I-table
   * variant; decapsulation with the receiver's tables against the both-tables variant).
   */
  static final List<Pairing> PAIRINGS =
      List.of(
          new Pairing("sakkeDecapsulate", "SAKKE 1024 derive-3", "with point-I and RSK tables"),
          new Pairing("sakkeDecapsulate", "SAKKE 1024 derive-1", "plain, no tables"),
          new Pairing("sakkeEncapsulate", "SAKKE 1024 encap-1", "plain: a first encapsulation"),
          new Pairing("sakkeEncapsulateCached", "SAKKE 1024 encap-2", "with a point-I table: a cached receiver"),
          new Pairing("rskIssue", "SAKKE 1024 rsk gen", "RSK generation"),
          new Pairing("rskValidate", "SAKKE 1024 valid", "RSK validation"),
          new Pairing("eccsiSign", "ECCSI 256 sign", "sign"),
          new Pairing("eccsiVerify", "ECCSI 256 verify", "verify"),
          new Pairing("sskIssue", "ECCSI 256 pair gen", "SSK+PVT generation"),
          new Pairing("sskValidate", "ECCSI 256 valid", "SSK validation"));

  /**
   * A wolfSSL benchmark line, e.g. {@code SAKKE 1024 derive-3 600 ops took 1.001 sec, avg 1.668
   * ms, 599.4 ops/sec}; group 1 is the row label, 2 the average in ms.
   */
  private static final Pattern LINE =
      Pattern.compile("^((?:ECCSI|SAKKE)\\s+\\d+\\s+.*?)\\s+\\d+\\s+ops took\\s+[\\d.]+\\s+sec,\\s+avg\\s+([\\d.]+)\\s+ms.*$");

  private final Path binary;

  private WolfsslPeer(Path binary) {
    this.binary = binary;
  }

  /** Builds wolfSSL once (cached) and returns the peer; throws with the script's advice if not. */
  static WolfsslPeer build(Path projectRoot) throws IOException, InterruptedException {
    Path script = projectRoot.resolve("bench/wolfssl/build-wolfssl.sh");
    if (!Files.isRegularFile(script)) {
      throw new IOException("missing " + script + " (run from the project root or set -Dmcxkms.root)");
    }
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), VERSION);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    List<String> out = readLines(p);
    int rc = p.waitFor();
    if (rc != 0 || out.isEmpty()) {
      throw new IOException("building wolfSSL " + VERSION + " failed (exit " + rc + "), see the messages above");
    }
    Path bin = Path.of(out.get(out.size() - 1).trim());
    if (!Files.isExecutable(bin)) {
      throw new IOException("wolfSSL benchmark not executable: " + bin);
    }
    return new WolfsslPeer(bin);
  }

  Path binary() {
    return binary;
  }

  /** Runs wolfSSL's benchmark once; returns row label -> average ms/op, in output order. */
  Map<String, Double> run() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary.toString());
    cmd.addAll(BENCH_OPTIONS);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Process p = pb.start();
    List<String> lines = readLines(p);
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("wolfSSL benchmark did not finish in 10 minutes");
    }
    if (p.exitValue() != 0) {
      throw new IOException("wolfSSL benchmark exited with " + p.exitValue() + ": " + String.join("\n", lines));
    }
    Map<String, Double> rows = parse(lines);
    if (rows.isEmpty()) {
      throw new IOException("no ECCSI/SAKKE rows in the wolfSSL benchmark output:\n" + String.join("\n", lines));
    }
    return rows;
  }

  /** Row label (whitespace collapsed) -> average ms/op, from wolfSSL benchmark output lines. */
  static Map<String, Double> parse(List<String> lines) {
    Map<String, Double> rows = new LinkedHashMap<>();
    for (String l : lines) {
      Matcher m = LINE.matcher(l.trim());
      if (m.matches()) {
        rows.put(m.group(1).replaceAll("\\s+", " "), Double.parseDouble(m.group(2)));
      }
    }
    return rows;
  }

  /** The lower (faster) of two runs per row: the machine is shared, noise only slows things down. */
  static Map<String, Double> best(Map<String, Double> a, Map<String, Double> b) {
    Map<String, Double> out = new LinkedHashMap<>(a);
    b.forEach((k, v) -> out.merge(k, v, Math::min));
    return out;
  }

  private static List<String> readLines(Process p) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        out.add(l);
      }
    }
    return out;
  }
}
