package org.mcxkms.bench;

/** Entry point of {@code ./mcx-kms bench <suite>}. */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    String suite = args.length == 0 ? "" : args[0];
    switch (suite) {
      case "kms":
        KmsLoadBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
        break;
      default:
        System.err.println("usage: mcx-kms bench <suite>   (suites are added as they are built)");
        System.exit(2);
    }
  }
}
