package org.mcxkms.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * The production shape on one machine: nginx in front (TLS for clients, mutual TLS to the nodes,
 * the shipped {@code deploy/nginx} template), KMS nodes as separate JVM processes ({@code mcx-kms
 * serve} with their own data directory and configuration file), and one PostgreSQL database they
 * share. Nodes can be killed (SIGKILL) and started again on the same ports; the database can be
 * stopped and started. The test kit depends on no project module: the nodes run the main class
 * {@value #MAIN} from the class path the caller gives.
 */
public final class KmsCluster implements AutoCloseable {
  /** The command-line entry point of the KMS ({@code mcx-kms}). */
  public static final String MAIN = "org.mcxkms.cli.Main";
  /** The key management path the proxy serves. */
  public static final String KMS_PATH = "/keymanagement/identity/v1/";

  private final Path dir;
  private final TlsTestPki pki;
  private final TestIdm idm;
  private final PostgresServer postgres; // null with an external database
  private final String dbUrl;
  private final List<Node> nodes;
  private final Nginx nginx;
  private final SSLContext clientTls;
  private final SSLContext proxyTls;

  private KmsCluster(Path dir, TlsTestPki pki, TestIdm idm, PostgresServer postgres, String dbUrl, List<Node> nodes,
      Nginx nginx, SSLContext clientTls, SSLContext proxyTls) {
    this.dir = dir;
    this.pki = pki;
    this.idm = idm;
    this.postgres = postgres;
    this.dbUrl = dbUrl;
    this.nodes = nodes;
    this.nginx = nginx;
    this.clientTls = clientTls;
    this.proxyTls = proxyTls;
  }

  /**
   * Starts PostgreSQL (unless {@code externalDbUrl} names a database), {@code nodeCount} nodes one
   * after the other (the first creates the security domain), then nginx in front of them.
   *
   * @param classpath the class path of the node JVMs (it must hold {@value #MAIN})
   * @param nodeConfig extra configuration keys for every node
   * @param progress one line per step
   */
  public static KmsCluster start(Path dir, String classpath, int nodeCount, Map<String, String> nodeConfig,
      String externalDbUrl, Consumer<String> progress) throws Exception {
    Files.createDirectories(dir);
    TlsTestPki pki = new TlsTestPki("mcx-kms-cluster");
    Path ca = pki.writeCa(dir.resolve("ca.pem"));
    TlsTestPki.Written nodeTls = pki.server("localhost").write(dir, "node");
    TlsTestPki.Written front = pki.server("localhost").write(dir, "front");
    TlsTestPki.Issued proxyIdentity = pki.client("nginx");
    TlsTestPki.Written proxyClient = proxyIdentity.write(dir, "proxy-client");
    TestIdm idm = new TestIdm(dir);
    PostgresServer postgres = null;
    String dbUrl = externalDbUrl;
    if (dbUrl == null) {
      progress.accept("starting PostgreSQL");
      postgres = PostgresServer.startPrivate();
      dbUrl = postgres.newDatabase();
    }
    Path sealKey = dir.resolve("seal.key");
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.writeString(sealKey, HexFormat.of().formatHex(key) + "\n");
    Files.setPosixFilePermissions(sealKey, PosixFilePermissions.fromString("rw-------"));
    Path logback = dir.resolve("node-logback.xml");
    Files.writeString(logback, "<configuration>\n"
        + "  <appender name=\"ERR\" class=\"ch.qos.logback.core.ConsoleAppender\"><target>System.err</target>\n"
        + "    <encoder><pattern>%d{HH:mm:ss.SSS} %level %logger{24} %msg%n</pattern></encoder></appender>\n"
        + "  <logger name=\"org.eclipse.jetty\" level=\"WARN\"/><logger name=\"com.zaxxer.hikari\" level=\"WARN\"/>\n"
        + "  <logger name=\"org.flywaydb\" level=\"WARN\"/><logger name=\"mcx.kms.http\" level=\"WARN\"/>\n"
        + "  <root level=\"INFO\"><appender-ref ref=\"ERR\"/></root>\n</configuration>\n");
    int frontPort = Nginx.freePort();
    SSLContext proxyTls = pki.sslContext(proxyIdentity);
    List<Node> nodes = new ArrayList<>();
    KmsCluster cluster = null;
    try {
      for (int i = 0; i < nodeCount; i++) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("data.dir", dir.resolve("node" + (i + 1)).toString());
        c.put("listen.host", "127.0.0.1");
        c.put("listen.port", Integer.toString(Nginx.freePort()));
        c.put("admin.port", Integer.toString(Nginx.freePort()));
        c.put("kms.uri", TestIdm.AUDIENCE);
        c.put("auth.jwks", idm.jwks.toString());
        c.put("auth.issuer", TestIdm.ISSUER);
        c.put("db.url", dbUrl);
        c.put("seal.key.file", sealKey.toString());
        c.put("tls.keystore", nodeTls.pkcs12().toString());
        c.put("tls.keystore.password", TlsTestPki.PASSWORD);
        c.put("tls.client.auth", "required");
        c.put("tls.client.ca", ca.toString());
        c.put("proxy.trusted", "127.0.0.1");
        c.put("public.url", "https://localhost:" + frontPort);
        // Every connection comes from the proxy's one address.
        c.put("http.max.connections.per.address", "4096");
        c.putAll(nodeConfig);
        Node n = new Node("node" + (i + 1), dir, classpath, logback, c, proxyTls);
        nodes.add(n);
        progress.accept("starting KMS " + n.name + " on port " + n.port());
        n.start();
      }
      Map<String, String> v = new LinkedHashMap<>();
      v.put("KMS_LISTEN", "127.0.0.1:" + frontPort);
      v.put("KMS_SERVER_NAME", "localhost");
      v.put("KMS_TLS_CERT", front.certificatePem().toString());
      v.put("KMS_TLS_KEY", front.keyPem().toString());
      v.put("KMS_NODE1", "127.0.0.1:" + nodes.get(0).port());
      v.put("KMS_NODE2", "127.0.0.1:" + nodes.get(Math.min(1, nodeCount - 1)).port());
      v.put("KMS_NODE_NAME", "localhost");
      v.put("KMS_NODE_CA", ca.toString());
      v.put("KMS_PROXY_CERT", proxyClient.certificatePem().toString());
      v.put("KMS_PROXY_KEY", proxyClient.keyPem().toString());
      progress.accept("starting nginx on port " + frontPort);
      Nginx nginx = Nginx.start(dir.resolve("nginx"), v);
      cluster = new KmsCluster(dir, pki, idm, postgres, dbUrl, nodes, nginx, pki.sslContext(null), proxyTls);
      return cluster;
    } finally {
      if (cluster == null) {
        nodes.forEach(Node::kill);
      }
    }
  }

  /** The KMS URL clients use: through nginx. */
  public URI proxyUrl() {
    return URI.create("https://localhost:" + nginx.port() + KMS_PATH);
  }

  /** TLS for clients of the proxy: trusts the cluster's CA. */
  public SSLContext clientTls() {
    return clientTls;
  }

  /** TLS as the proxy: presents its client certificate (to talk to a node directly). */
  public SSLContext proxyTls() {
    return proxyTls;
  }

  public TestIdm idm() {
    return idm;
  }

  public Node node(int i) {
    return nodes.get(i);
  }

  public Nginx nginx() {
    return nginx;
  }

  /** The private PostgreSQL (null when an external database was given). */
  public PostgresServer postgres() {
    return postgres;
  }

  public String dbUrl() {
    return dbUrl;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    nginx.close();
    nodes.forEach(Node::stop);
  }

  /** One KMS node: a {@code mcx-kms serve} process. */
  public static final class Node {
    private final String name;
    private final Path dir;
    private final String classpath;
    private final Path logback;
    private final Map<String, String> config;
    private final SSLContext tls;
    private final Path configFile;
    private Process process;

    Node(String name, Path dir, String classpath, Path logback, Map<String, String> config, SSLContext tls)
        throws IOException {
      this.name = name;
      this.dir = dir;
      this.classpath = classpath;
      this.logback = logback;
      this.config = config;
      this.tls = tls;
      this.configFile = dir.resolve(name + ".properties");
      StringBuilder sb = new StringBuilder();
      config.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
      Files.writeString(configFile, sb.toString());
    }

    public String name() {
      return name;
    }

    public int port() {
      return Integer.parseInt(config.get("listen.port"));
    }

    /** This node's KMS URL (mutual TLS: use the cluster's {@link #proxyTls}). */
    public URI kmsUrl() {
      return URI.create("https://localhost:" + port() + KMS_PATH);
    }

    public URI adminUrl() {
      return URI.create("https://localhost:" + config.get("admin.port") + "/admin/v1/");
    }

    public Path log() {
      return dir.resolve(name + ".log");
    }

    /** Starts the process and waits until the node answers {@code /health}. */
    public synchronized void start() throws Exception {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx384m", "-XX:+UseParallelGC",
          "-Dlogback.configurationFile=" + logback, "-cp", classpath, MAIN, "serve", "--config",
          configFile.toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
      pb.environment().keySet().removeIf(k -> k.startsWith("MCX_KMS_")); // only our file configures it
      process = pb.start();
      Https https = new Https(tls);
      URI health = URI.create("https://localhost:" + port() + "/health");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(name + " exited with " + process.exitValue() + "; its log " + log() + ":\n"
              + tail(log()));
        }
        try {
          HttpResponse<byte[]> r = https.send("GET", health, null, null);
          if (r.statusCode() == 200) {
            return;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        Thread.sleep(200);
      }
      kill();
      throw new IllegalStateException(name + " did not become healthy within 180 s; its log:\n" + tail(log()));
    }

    /** SIGKILL: no shutdown hook, no goodbye, connections reset. */
    public synchronized void kill() {
      if (process != null) {
        process.destroyForcibly();
        try {
          process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /** SIGTERM: the orderly shutdown. */
    public synchronized void stop() {
      if (process != null && process.isAlive()) {
        process.destroy();
        try {
          if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    public synchronized boolean alive() {
      return process != null && process.isAlive();
    }

    /** A call to this node's admin API (loopback, its admin token); returns the JSON answer. */
    public String admin(String method, String op, String json) throws Exception {
      String token = Files.readString(Path.of(config.get("data.dir")).resolve("admin.token")).trim();
      HttpResponse<String> r = new Https(tls).json(method, adminUrl().resolve(op), token, json);
      if (r.statusCode() != 200) {
        throw new IllegalStateException(name + " admin " + method + " " + op + " answered " + r.statusCode() + ": "
            + r.body());
      }
      return r.body();
    }

    private static String tail(Path log) {
      try {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
      } catch (IOException e) {
        return "(no log: " + e.getMessage() + ")";
      }
    }
  }
}
