package org.mcxkms.cli;

import java.net.http.HttpResponse;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mcx-kms admin migration-kms ...}: the Migration KMSs of this domain (TS 33.180 5.3.1), the
 * KMSs from which this domain's clients may obtain key material when their users are migrated.
 */
@Command(name = "migration-kms", mixinStandardHelpOptions = true,
    description = {"KMSs this domain's clients may obtain key material from when migrated; given to clients",
        "in the certificate cache with their addresses (and optionally their TLS certificate pins)."},
    subcommands = {AdminMigrationKms.Add.class, AdminMigrationKms.List.class, AdminMigrationKms.Remove.class})
final class AdminMigrationKms implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "add", description = {"Permit the Migration KMS KMS_URI, reached at URL (https, the root of its",
      "KMS interface, e.g. https://kms.b.example/keymanagement/identity/v1)."})
  static final class Add extends AdminCommand.Op {
    @Parameters(index = "0", paramLabel = "KMS_URI") String kmsUri;
    @Parameters(index = "1", paramLabel = "URL") String url;
    @Option(names = "--tls-fingerprint", paramLabel = "SHA256",
        description = "SHA-256 of its TLS server certificate; clients pin it (otherwise they use their own TLS trust)")
    String tlsPin;

    @Override
    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("POST", "migration-kms", tlsPin == null ? body("kms_uri", kmsUri, "kms_url", url)
          : body("kms_uri", kmsUri, "kms_url", url, "tls_pin", tlsPin));
    }
  }

  @Command(name = "list", description = "List the Migration KMSs given to clients.")
  static final class List extends AdminCommand.Op {
    @Override
    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("GET", "migration-kms", null);
    }
  }

  @Command(name = "remove", description = "Stop permitting the Migration KMS KMS_URI.")
  static final class Remove extends AdminCommand.Op {
    @Parameters(index = "0", paramLabel = "KMS_URI") String kmsUri;

    @Override
    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("POST", "migration-kms/remove", body("kms_uri", kmsUri));
    }
  }
}
