package org.mcxkms.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigException;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.domain.StartupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mcx-kms serve}: runs the KMS until interrupted. Zero setup: every default works. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Run the KMS (TS 33.180 Annex D over HTTPS) and its admin API.",
        "With no configuration it creates ./mcx-kms-data: security domain, sealed master secrets,",
        "self-signed TLS certificate, embedded H2 database, admin token, development IdM.",
        "Settings: --config FILE (properties), then MCX_KMS_* environment variables (see docs/server.md)."})
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "Properties file with configuration keys.")
  Path config;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (overrides data.dir).")
  Path dataDir;

  @Option(names = "--port", paramLabel = "PORT", description = "KMS HTTPS port (overrides listen.port).")
  Integer port;

  @Option(names = "--admin-port", paramLabel = "PORT", description = "Admin API port (overrides admin.port).")
  Integer adminPort;

  /**
   * The "try it" lines: commands that work as printed, so with {@code --data-dir} when the data
   * directory is not the default, and minting a token only when the development IdM is on.
   */
  static String tryIt(KmsServer server) {
    Path data = server.config().dataDir();
    String dd = data.equals(KmsConfig.defaults().dataDir()) ? "" : " --data-dir " + data;
    String ca = server.tls().certificatePem() == null ? "<your CA>" : server.tls().certificatePem().toString();
    StringBuilder sb = new StringBuilder("Try it (another terminal):\n");
    sb.append("  ./mcx-kms admin add-user").append(dd).append(" sip:alice@example.org\n");
    if (server.devIdm() != null) {
      sb.append("  TOKEN=$(./mcx-kms admin token").append(dd).append(" --user sip:alice@example.org)\n");
    } else {
      sb.append("  TOKEN=<an access token for sip:alice@example.org from your IdM (").append(server.config().tokenIssuer())
          .append(")>\n");
    }
    sb.append("  curl --cacert ").append(ca).append(" -X POST -H \"Authorization: Bearer $TOKEN\" ")
        .append(server.kmsUrl()).append("keyprov\n");
    return sb.toString();
  }

  @Override
  public Integer call() {
    KmsServer server;
    try {
      KmsConfig.Builder b = KmsConfig.load(config, System.getenv()).toBuilder();
      if (dataDir != null) {
        b.set(ConfigKey.DATA_DIR, dataDir.toString());
      }
      if (port != null) {
        b.set(ConfigKey.LISTEN_PORT, port);
      }
      if (adminPort != null) {
        b.set(ConfigKey.ADMIN_PORT, adminPort);
      }
      server = KmsServer.start(b.build(), w -> System.err.println("WARNING: " + w));
    } catch (ConfigException e) {
      System.err.println("mcx-kms serve: configuration error: " + e.getMessage());
      return 2;
    } catch (StartupException e) {
      System.err.println("mcx-kms serve: " + e.getMessage());
      return 1;
    }
    System.out.print(server.banner());
    System.out.println();
    System.out.print(tryIt(server));
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "kms-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
