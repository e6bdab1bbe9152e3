package org.mcxkms.cli;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.server.domain.ExternalKmsException;
import org.mcxkms.kms.server.domain.ExternalKmss;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mcx-kms admin external-kms ...}: the External KMSs of this domain (TS 33.180 5.3.1), the
 * partner KMSs whose users this domain's clients may exchange keys with.
 */
@Command(name = "external-kms", mixinStandardHelpOptions = true,
    description = {"Partner KMS certificates this KMS trusts and publishes in its certificate cache (Role External).",
        "Connect two domains: each operator runs 'fingerprint' on its own certificate, the operators compare",
        "fingerprints out of band, and each runs 'add' with the other's certificate and fingerprint."},
    subcommands = {AdminExternalKms.Export.class, AdminExternalKms.Add.class, AdminExternalKms.List.class, AdminExternalKms.Remove.class,
        AdminExternalKms.Fingerprint.class})
final class AdminExternalKms implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "export", description = {"Write this KMS's certificate (a KmsCertificate document) to FILE for a",
      "partner operator, and print its KMS URI and fingerprint."})
  static final class Export extends AdminCommand.Op {
    @Parameters(index = "0", paramLabel = "FILE") Path file;

    @Override
    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("GET", "external-kms/own", null);
    }

    @Override
    String render(com.fasterxml.jackson.databind.JsonNode body) throws java.io.IOException {
      Files.writeString(file, body.get("certificate").asText());
      return body.get("kms_uri").asText() + " " + body.get("fingerprint").asText();
    }
  }

  @Command(name = "add", description = {"Import a partner KMS certificate: FILE is its KMS Initialize response",
      "or a KmsCertificate document; SHA256 the fingerprint agreed with its operator (refused if it differs)."})
  static final class Add extends AdminCommand.Op {
    @Parameters(index = "0", paramLabel = "FILE") Path file;
    @Parameters(index = "1", paramLabel = "SHA256") String fingerprint;

    @Override
    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("POST", "external-kms", body("certificate", Files.readString(file), "fingerprint", fingerprint));
    }
  }

  @Command(name = "list", description = "List the imported partner KMS certificates and their state.")
  static final class List extends AdminCommand.Op {
    @Override
    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("GET", "external-kms", null);
    }
  }

  @Command(name = "remove", description = "Stop trusting and publishing the partner KMS KMS_URI.")
  static final class Remove extends AdminCommand.Op {
    @Parameters(index = "0", paramLabel = "KMS_URI") String kmsUri;

    @Override
    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("POST", "external-kms/remove", body("kms_uri", kmsUri));
    }
  }

  @Command(name = "fingerprint", description = {"Print the KMS URI and SHA-256 fingerprint of a certificate FILE",
      "(a KMS Initialize response or a KmsCertificate document), offline."})
  static final class Fingerprint implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE") Path file;

    @Override
    public Integer call() {
      try {
        KmsCertificate c = ExternalKmss.read(Files.readAllBytes(file));
        System.out.println(c.kmsUri() + " " + ExternalKmss.fingerprint(c));
        return 0;
      } catch (ExternalKmsException e) {
        System.err.println("mcx-kms admin external-kms: " + e.reason().name().toLowerCase(java.util.Locale.ROOT)
            + ": " + e.getMessage());
        return 1;
      } catch (java.io.IOException e) {
        System.err.println("mcx-kms admin external-kms: cannot read " + file + ": " + e.getMessage());
        return 2;
      }
    }
  }
}
