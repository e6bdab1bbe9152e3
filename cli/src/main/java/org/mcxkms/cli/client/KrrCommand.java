package org.mcxkms.cli.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mcxkms.kms.client.CertCacheResult;
import org.mcxkms.kms.client.KmsClient;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.protocol.KmsRedirectResponse;
import org.mcxkms.kms.protocol.KrrException;
import org.mcxkms.kms.protocol.KrrTrust;
import org.mcxkms.kms.protocol.KrrXmlReader;
import org.mcxkms.kms.protocol.VerifiedKrr;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mcx-kms client krr}: KMS Redirect Responses (TS 33.180 D.4) on the command line: show
 * one (verified against CA certificates when given) and upload some to the Home KMS's
 * {@code redirect} resource.
 */
@Command(name = "krr", mixinStandardHelpOptions = true,
    description = "KMS Redirect Responses (TS 33.180 D.4): show or upload to the Home KMS.",
    subcommands = {KrrCommand.Show.class, KrrCommand.Upload.class})
final class KrrCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = {"Show a KRR and the KRRs nested in it.",
          "With --trust the signatures and certificate chains are verified (exit 7 when they fail);",
          "without it nothing is verified and the output says so."})
  static final class Show implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the KRR document")
    Path file;

    @Option(names = "--trust", paramLabel = "PEM", description = "CA certificates the signers must chain to")
    Path trust;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      byte[] xml = Files.readAllBytes(file);
      KrrXmlReader reader = KrrXmlReader.create();
      try {
        if (trust == null) {
          print(out, reader.readUnverified(xml), null, false, 0);
        } else {
          VerifiedKrr v = reader.read(xml, KrrTrust.of(anchors(trust)), Instant.now());
          printVerified(out, v, 0);
        }
      } catch (KrrException e) {
        if (json) {
          out.println(ClientSubcommand.JSON.writeValueAsString(ClientSubcommand.JSON.createObjectNode().put("ok", false)
              .put("reason", e.reason().name()).put("message", e.getMessage())));
        }
        err.println("mcx-kms client krr: " + e.reason() + ": " + e.getMessage());
        err.flush();
        out.flush();
        return e.reason() == KrrException.Reason.MALFORMED || e.reason() == KrrException.Reason.WRONG_NAMESPACE ? 6 : 7;
      }
      out.flush();
      return 0;
    }

    private void printVerified(PrintWriter out, VerifiedKrr v, int depth) throws Exception {
      print(out, v.krr(), v.signer(), true, depth);
      for (VerifiedKrr e : v.earlier()) {
        printVerified(out, e, depth + 1);
      }
    }

    private void print(PrintWriter out, KmsRedirectResponse k, X509Certificate signer, boolean verified, int depth)
        throws Exception {
      if (json) {
        ObjectNode o = ClientSubcommand.JSON.createObjectNode().put("ok", true).put("verified", verified)
            .put("depth", depth).put("id", k.id()).put("time", k.time().toString()).put("processor", k.processorUri())
            .put("initiator", k.initiatorUri()).put("receiver", k.receiverUri()).put("rejected_kms", k.rejectedKmsUri());
        ArrayNode a = o.putArray("accepted_kms");
        k.acceptedKmsUris().forEach(a::add);
        o.put("earlier", k.earlier().size());
        if (signer != null) {
          o.put("signer", signer.getSubjectX500Principal().getName());
        }
        out.println(ClientSubcommand.JSON.writeValueAsString(o));
        return;
      }
      String in = "  ".repeat(depth);
      out.println(in + "KRR " + k.id() + (verified ? " (signature and certificate chain verified)" : " (NOT verified)"));
      out.println(in + "  time       " + k.time());
      out.println(in + "  processor  " + k.processorUri() + (signer == null ? "" : "  [" + signer.getSubjectX500Principal().getName() + "]"));
      out.println(in + "  initiator  " + k.initiatorUri());
      out.println(in + "  receiver   " + k.receiverUri());
      out.println(in + "  refuses    " + k.rejectedKmsUri());
      out.println(in + "  accepts    " + (k.acceptedKmsUris().isEmpty() ? "(none)" : String.join(" ", k.acceptedKmsUris())));
      if (!verified && !k.earlier().isEmpty()) {
        out.println(in + "  earlier    " + k.earlier().size() + " nested KRR(s)");
      }
    }
  }

  static List<X509Certificate> anchors(Path pem) throws Exception {
    List<X509Certificate> out = new ArrayList<>();
    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)))) {
      out.add((X509Certificate) c);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(pem + " holds no certificate");
    }
    return out;
  }

  @Command(name = "upload", mixinStandardHelpOptions = true,
      description = "Upload KRRs to the Home KMS (redirect, TS 33.180 5.3.1); the answer's certificate cache is kept.")
  static final class Upload extends ClientSubcommand {
    @Mixin ProfileOptions profile;
    @Mixin TokenOptions token;

    @Parameters(arity = "1..16", paramLabel = "FILE", description = "KRR documents")
    List<Path> files;

    @Override
    ProfileOptions profileOptions() {
      return profile;
    }

    @Override
    Integer run() throws Exception {
      List<byte[]> krrs = new ArrayList<>();
      for (Path f : files) {
        krrs.add(Files.readAllBytes(f));
      }
      try (KeyProfile p = profile.open(err())) {
        CertCacheResult r = KmsClient.builder(p).tokenSource(token.source()).build().uploadRedirects(krrs);
        if (profile.json) {
          printJson(JSON.createObjectNode().put("ok", true).put("uploaded", krrs.size())
              .put("cache_num", r.cacheNum().orElse(null)));
        } else {
          out().println("Uploaded " + krrs.size() + " KRR(s) to " + p.settings().kmsUrl() + "redirect");
          out().flush();
        }
      }
      return 0;
    }
  }
}
