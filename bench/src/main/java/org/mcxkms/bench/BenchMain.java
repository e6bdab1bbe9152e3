package org.mcxkms.bench;

/** Entry point of {@code ./mcx-kms bench <suite>}. */
public final class BenchMain {
  private BenchMain() {}

  /**
   * Runs the JMH benchmarks of {@code include} with short defaults (1 fork, 1 thread, 2 x 2 s
   * warm-up, 3 x 5 s measurement); any JMH option given after the suite name replaces its default.
   */
  private static void run(String include, String[] args) throws Exception {
    java.util.List<String> user = java.util.Arrays.asList(args).subList(1, args.length);
    java.util.List<String> all = new java.util.ArrayList<>();
    String[][] defaults = {{"-f", "1"}, {"-t", "1"}, {"-wi", "2"}, {"-w", "2s"}, {"-i", "3"}, {"-r", "5s"}};
    for (String[] d : defaults) {
      if (!user.contains(d[0])) {
        all.add(d[0]);
        all.add(d[1]);
      }
    }
    all.addAll(user);
    all.add(include);
    org.openjdk.jmh.Main.main(all.toArray(new String[0]));
  }

  public static void main(String[] args) throws Exception {
    String suite = args.length == 0 ? "" : args[0];
    switch (suite) {
      case "kms":
        KmsLoadBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
        break;
      case "mikey":
        run("org.mcxkms.bench.MikeyBench", args);
        return;
      default:
        System.err.println("usage: mcx-kms bench <suite>   (suites are added as they are built)");
        System.exit(2);
    }
  }
}
