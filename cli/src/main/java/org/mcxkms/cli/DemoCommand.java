package org.mcxkms.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Callable;
import org.mcxkms.cli.demo.EmbeddedKmsHandle;
import org.mcxkms.mcx.demo.McxDemo;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mcx-kms demo}: the whole MCX security system in one process with nothing to set up. An
 * embedded KMS and development IdM in a throw-away directory; a GMS, an MCX server and alice, bob
 * and carol provisioned over HTTPS by the key management client; then the seven steps of
 * {@link McxDemo}. Exits 0 only if every check passed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs the end-to-end MCX security demonstration: group keying by a GMS, group calls through an "
        + "MCX server out of and in the security context, rekey, a private call, off-network calls, revocation.",
        "Writes WAV files, report.json and protected-packets.pcap to the output directory."})
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})", defaultValue = "mcx-demo-out")
  Path out;

  @Option(names = "--fast", description = "short bursts without real-time pacing (for CI)")
  boolean fast;

  @Option(names = "--show-keys", description = "print the group keys (secret! for debugging only)")
  boolean showKeys;

  @Option(names = "--verbose", description = "keep the components' INFO logging")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintStream o = System.out;
    if (!verbose) {
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    }
    long start = System.nanoTime();
    Path data = Files.createTempDirectory("mcx-demo-");
    boolean passed;
    try (EmbeddedKmsHandle kms = EmbeddedKmsHandle.start(data.resolve("kms"))) {
      o.println("mcx-kms demo: KMS at " + kms.kmsUrl() + " (embedded, throw-away data in " + data + ")");
      try (McxDemo demo = McxDemo.setUp(kms, data.resolve("profiles"), out, new McxDemo.Options(fast, showKeys, o))) {
        passed = demo.runAll();
      }
    } finally {
      deleteTree(data);
    }
    double secs = (System.nanoTime() - start) / 1e9;
    o.printf("%s in %.1f s; WAV files, report.json and protected-packets.pcap in %s%n",
        passed ? "ALL CHECKS PASSED" : "SOME CHECKS FAILED", secs, out.toAbsolutePath());
    return passed ? 0 : 1;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
        Files.delete(f);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
