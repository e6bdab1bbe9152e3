package org.mcxkms.bench;

import java.util.Arrays;

/** Entry point of {@code ./mcx-kms bench <suite>}. */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    String suite = args.length == 0 ? "" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (suite) {
      case "crypto":
        System.exit(CryptoSuite.run(rest));
        break;
      default:
        System.err.println("usage: mcx-kms bench <suite> [options]");
        System.err.println("suites:");
        System.err.println("  crypto   ECCSI, SAKKE: ours against Bouncy Castle 1.87 (mcx-kms bench crypto --help)");
        System.exit(2);
    }
  }
}
