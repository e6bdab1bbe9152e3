package org.mcxkms.kms.server.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: {@code MCX_KMS_TEST_PG_URL} if set (a JDBC URL of a database
 * whose user may CREATE DATABASE), otherwise a private throwaway cluster started from the
 * installed server binaries ({@code /usr/lib/postgresql/N/bin}) in a temporary directory, on a free
 * loopback port, as an unprivileged user when we are root (PostgreSQL refuses to run as root).
 * Missing binaries FAIL the tests with instructions; they are never skipped. One cluster per test
 * JVM, stopped and deleted at exit.
 */
public final class PostgresServer {
  private static PostgresServer instance;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final String adminUrl; // a JDBC URL to a database from which we CREATE DATABASE
  private final String user;
  private final Runnable stop;

  private PostgresServer(String adminUrl, String user, Runnable stop) {
    this.adminUrl = adminUrl;
    this.user = user;
    this.stop = stop;
  }

  public static synchronized PostgresServer get() {
    if (instance == null) {
      String url = System.getenv("MCX_KMS_TEST_PG_URL");
      instance = url != null && !url.isBlank() ? new PostgresServer(url, null, () -> {}) : startPrivateCluster();
      PostgresServer s = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(s.stop::run, "stop-test-postgres"));
    }
    return instance;
  }

  /** Creates a fresh empty database and returns its JDBC URL. */
  public String newDatabase() {
    String name = "kms_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database: " + e.getMessage(), e);
    }
    int slash = adminUrl.lastIndexOf('/');
    int q = adminUrl.indexOf('?', slash);
    return adminUrl.substring(0, slash + 1) + name + (q < 0 ? "" : adminUrl.substring(q));
  }

  public String user() {
    return user;
  }

  private static Path findBinaries() {
    Path root = Path.of("/usr/lib/postgresql");
    List<Path> found = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> s = Files.list(root)) {
        s.map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("initdb"))).forEach(found::add);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    if (found.isEmpty()) {
      throw new IllegalStateException(
          "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin. The storage tests need"
              + " a real PostgreSQL: install it (apt-get install postgresql; .ci/run does this) or set"
              + " MCX_KMS_TEST_PG_URL to a JDBC URL of a server where the user may CREATE DATABASE.");
    }
    found.sort(Comparator.comparing(p -> versionOf(p.getParent().getFileName().toString())));
    return found.get(found.size() - 1);
  }

  private static int versionOf(String s) {
    try {
      return Integer.parseInt(s.replaceAll("[^0-9].*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static PostgresServer startPrivateCluster() {
    Path bin = findBinaries();
    boolean root = "root".equals(System.getProperty("user.name")) || uid() == 0;
    String runAs = root ? (userExists("postgres") ? "postgres" : "nobody") : null;
    try {
      Path dir = Files.createTempDirectory("mcx-kms-pg-");
      Path data = dir.resolve("data");
      if (root) {
        run(List.of("chown", runAs, dir.toString()), null);
      }
      int port = freePort();
      String dbUser = "kms";
      run(asUser(runAs, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", dbUser,
          "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions")), null);
      run(asUser(runAs, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
          dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
          "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
              + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
          "start")), null);
      Runnable stop = () -> {
        try {
          run(asUser(runAs, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m",
              "immediate", "-w", "stop")), null);
        } catch (RuntimeException e) {
          System.err.println("could not stop the test PostgreSQL: " + e.getMessage());
        }
        deleteTree(dir);
      };
      return new PostgresServer("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + dbUser, dbUser, stop);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the test PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static long uid() {
    try {
      Object v = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return ((Number) v).longValue();
    } catch (Exception e) {
      return -1;
    }
  }

  private static boolean userExists(String name) {
    try {
      return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith(name + ":"));
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> asUser(String user, List<String> cmd) {
    if (user == null) {
      return cmd;
    }
    List<String> out = new ArrayList<>(List.of("runuser", "-u", user, "--"));
    out.addAll(cmd);
    return out;
  }

  private static void run(List<String> cmd, Path cwd) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.directory(new java.io.File("/tmp"));
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("command failed: " + String.join(" ", cmd) + "\n" + new String(out));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }
}
