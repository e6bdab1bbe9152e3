package org.mcxkms.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openjdk.jmh.Main;

/** Entry point of {@code ./mcx-kms bench <suite>}. */
public final class BenchMain {
  private BenchMain() {}

  /**
   * Runs the JMH benchmarks of {@code include} with short defaults (1 fork, 1 thread, 2 x 2 s
   * warm-up, 3 x 5 s measurement); any JMH option given after the suite name replaces its default.
   */
  private static void run(String include, String[] args) throws Exception {
    List<String> user = Arrays.asList(args).subList(1, args.length);
    List<String> all = new ArrayList<>();
    String[][] defaults = {{"-f", "1"}, {"-t", "1"}, {"-wi", "2"}, {"-w", "2s"}, {"-i", "3"}, {"-r", "5s"}};
    for (String[] d : defaults) {
      if (!user.contains(d[0])) {
        all.add(d[0]);
        all.add(d[1]);
      }
    }
    all.addAll(user);
    all.add(include);
    Main.main(all.toArray(new String[0]));
  }

  public static void main(String[] args) throws Exception {
    String suite = args.length == 0 ? "" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (suite) {
      case "crypto":
        System.exit(CryptoSuite.run(rest));
        break;
      case "kms":
        KmsLoadBench.main(rest);
        break;
      case "preissue":
        System.exit(PreissueBench.run(rest));
        break;
      case "mikey":
        run("org.mcxkms.bench.MikeyBench", args);
        return;
      case "protocol":
        run("org.mcxkms.bench.ProtocolTimingBench", args);
        return;
      case "media":
        System.exit(MediaSuite.run(rest));
        break;
      case "mcx":
        McxBench.main(rest);
        break;
      default:
        System.err.println("usage: mcx-kms bench <suite> [options]");
        System.err.println("suites:");
        System.err.println("  crypto   ECCSI, SAKKE: ours against Bouncy Castle 1.87 or wolfSSL (mcx-kms bench crypto --help)");
        System.err.println("  mikey    MIKEY-SAKKE I_MESSAGE create/process/parse (JMH options may follow)");
        System.err.println("  protocol Annex D XML codec: read/write, sign/verify, encrypt/decrypt, schema (JMH options may follow)");
        System.err.println("  media    SRTP/SRTCP AEAD_AES_128_GCM protect/unprotect against libsrtp 2 (--seconds S)");
        System.err.println("  mcx      GMK distribution to a 1,000-member group, private call keying (--members N --rounds R --calls C)");
        System.err.println("  kms      load generator: warm and cold keyprov over HTTPS against an embedded KMS; --through-proxy: via nginx to two nodes on PostgreSQL");
        System.err.println("  preissue rollover pre-issuance of one period for N identities (default 100,000)");
        System.exit(2);
    }
  }
}
