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
    System.out.println("Try it (another terminal):");
    System.out.println("  ./mcx-kms admin add-user sip:alice@example.org");
    System.out.println("  TOKEN=$(./mcx-kms admin token --user sip:alice@example.org)");
    System.out.println("  curl --cacert " + (server.tls().certificatePem() == null ? "<your CA>" : server.tls().certificatePem())
        + " -X POST -H \"Authorization: Bearer $TOKEN\" " + server.kmsUrl() + "keyprov");
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
