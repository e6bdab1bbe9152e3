package org.mcxkms.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nginx (the Debian package) as a process of the test, configured from the shipped example
 * {@code deploy/nginx/mcx-kms.conf.template} (on the class path as {@value #TEMPLATE}), so the
 * example cannot drift from what is tested. The main configuration around it only sets what a
 * private instance needs: its own pid file, logs and temporary directories, and, when we are
 * root, an unprivileged user for the workers. A missing nginx FAILS with instructions.
 */
public final class Nginx implements AutoCloseable {
  /** The example configuration (copied from deploy/nginx by the test kit's build). */
  public static final String TEMPLATE = "org/mcxkms/testkit/nginx/mcx-kms.conf.template";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

  private final Process process;
  private final Path dir;
  private final int port;

  private Nginx(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** The shipped template. */
  public static String template() throws IOException {
    try (InputStream in = Nginx.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException(TEMPLATE + " is not on the class path (the test kit's build copies it"
            + " from deploy/nginx)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** {@code template} with every {@code ${NAME}} replaced from {@code values}; an unknown name fails. */
  public static String render(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) {
        throw new IllegalArgumentException("no value for the placeholder ${" + m.group(1) + "}");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /**
   * Starts nginx in {@code dir} with the shipped template rendered from {@code values} (which must
   * name {@code KMS_LISTEN} as a port) and waits until it accepts connections.
   */
  public static Nginx start(Path dir, Map<String, String> values) throws Exception {
    String binary = binary();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("tmp");
    Files.createDirectories(tmp);
    boolean root = isRoot();
    if (root) {
      // the workers run as nobody and buffer bodies here
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
    Path site = dir.resolve("mcx-kms.conf");
    Files.writeString(site, render(template(), values));
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, (root ? "user nobody " + nobodyGroup() + ";\n" : "")
        + "worker_processes 2;\n"
        + "pid " + dir.resolve("nginx.pid") + ";\n"
        + "error_log " + dir.resolve("error.log") + " warn;\n"
        + "events { worker_connections 4096; }\n"
        + "http {\n"
        + "  access_log off;\n"
        + "  client_body_temp_path " + tmp.resolve("body") + ";\n"
        + "  proxy_temp_path " + tmp.resolve("proxy") + ";\n"
        + "  fastcgi_temp_path " + tmp.resolve("fastcgi") + ";\n"
        + "  uwsgi_temp_path " + tmp.resolve("uwsgi") + ";\n"
        + "  scgi_temp_path " + tmp.resolve("scgi") + ";\n"
        + "  include " + site + ";\n"
        + "}\n");
    List<String> cmd = List.of(binary, "-p", dir.toString(), "-e", dir.resolve("error.log").toString(), "-c",
        conf.toString(), "-g", "daemon off;");
    Process check = new ProcessBuilder(binary, "-t", "-q", "-p", dir.toString(), "-e",
        dir.resolve("error.log").toString(), "-c", conf.toString()).redirectErrorStream(true).start();
    String checkOut = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
      throw new IllegalStateException("nginx -t refused the configuration " + conf + ":\n" + checkOut);
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("nginx.out").toFile()).start();
    int port = Integer.parseInt(values.get("KMS_LISTEN").replaceAll(".*:", ""));
    Nginx n = new Nginx(p, dir, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("nginx exited with " + p.exitValue() + ": "
            + Files.readString(dir.resolve("error.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        return n;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    n.close();
    throw new IllegalStateException("nginx did not listen on port " + port + " within 30 s");
  }

  /** The nginx binary, or a failure telling how to install it. */
  public static String binary() {
    for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new IllegalStateException("nginx is not installed: the proxy tests start it as a process."
        + " Install it (Debian: apt-get install nginx; .ci/run does this on CI).");
  }

  public int port() {
    return port;
  }

  public Path errorLog() {
    return dir.resolve("error.log");
  }

  /** A free loopback port (for KMS_LISTEN and the nodes). */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean isRoot() {
    try {
      return Files.getAttribute(Path.of("/proc/self"), "unix:uid") instanceof Integer uid && uid == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** Debian calls nobody's group nogroup, others nobody. */
  private static String nobodyGroup() throws IOException {
    return Files.readAllLines(Path.of("/etc/group")).stream().anyMatch(l -> l.startsWith("nogroup:"))
        ? "nogroup" : "nobody";
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM: nginx's fast shutdown
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
