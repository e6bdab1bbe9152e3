package org.mcxkms.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A SoftHSM2 (Debian {@code softhsm2}) token store of the tests' own: the configuration file named
 * by the environment variable {@code SOFTHSM2_CONF} (set for the test JVM by the build, since the
 * library reads it once per process) and a token directory beside it, emptied when created. Tokens
 * are initialised with {@code softhsm2-util}.
 *
 * <p>SoftHSM reads its token directory when the library is first initialised in a process: create
 * every token before the first PKCS#11 provider of the JVM is configured.
 */
public final class SoftHsm {
  private static final List<String> LIBRARIES = List.of(
      "/usr/lib/softhsm/libsofthsm2.so",
      "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
      "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
      "/usr/local/lib/softhsm/libsofthsm2.so");
  private static final String INSTALL = "SoftHSM2 is needed for this test: install it with"
      + " 'sudo apt-get install softhsm2' (.ci/run does this on CI)";

  private final Path conf;
  private final Path library;

  private SoftHsm(Path conf, Path library) {
    this.conf = conf;
    this.library = library;
  }

  /**
   * Writes the configuration {@code SOFTHSM2_CONF} names with an empty token directory beside it.
   * Fails with instructions when SoftHSM2 is not installed or the variable is not set.
   */
  public static SoftHsm fresh() throws IOException {
    Path library = LIBRARIES.stream().map(Path::of).filter(Files::isRegularFile).findFirst()
        .orElseThrow(() -> new IllegalStateException(INSTALL + " (no libsofthsm2.so in " + LIBRARIES + ")"));
    if (!onPath("softhsm2-util")) {
      throw new IllegalStateException(INSTALL + " (softhsm2-util is not on the PATH)");
    }
    String env = System.getenv("SOFTHSM2_CONF");
    if (env == null || env.isEmpty()) {
      throw new IllegalStateException("SOFTHSM2_CONF is not set for this JVM: run the test through Maven, whose"
          + " surefire configuration sets it to target/softhsm/softhsm2.conf, or set it yourself");
    }
    Path conf = Path.of(env).toAbsolutePath();
    Path tokens = conf.resolveSibling("tokens");
    if (Files.exists(tokens)) {
      try (Stream<Path> all = Files.walk(tokens)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(tokens);
    Files.writeString(conf, "directories.tokendir = " + tokens + "\n"
        + "objectstore.backend = file\n"
        + "log.level = ERROR\n"
        + "slots.removable = false\n", StandardCharsets.UTF_8);
    return new SoftHsm(conf, library);
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** The PKCS#11 module. */
  public Path library() {
    return library;
  }

  /** Initialises a token in the next free slot; returns its slot ID. */
  public long initToken(String label, String userPin, String soPin) throws IOException, InterruptedException {
    String out = run("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", userPin, "--so-pin", soPin);
    Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("softhsm2-util did not say which slot the token went to: " + out);
    }
    return Long.parseLong(m.group(1));
  }

  /** Runs a tool with this store's {@code SOFTHSM2_CONF}; returns its output, failing on a non-zero exit. */
  public String run(String... command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("SOFTHSM2_CONF", conf.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(command[0] + " failed: " + out);
    }
    return out;
  }
}
