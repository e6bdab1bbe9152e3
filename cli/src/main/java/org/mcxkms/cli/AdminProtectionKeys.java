package org.mcxkms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mcx-kms admin protection-keys|rotate-protection-keys|require-protection}: the Annex D
 * security extension's client keys (TS 33.180 D.1). The operator provisions a client's initial
 * TrK/InK here and delivers them out of band (for example with {@code mcx-kms client import-keys}).
 */
final class AdminProtectionKeys {
  private AdminProtectionKeys() {}

  @Command(name = "protection-keys", description = {
      "Provision a client's TrK and InK (security extension, D.1); keys are generated unless given.",
      "Earlier keys of the kind are retired. The keys are shown once: use --trk-out/--ink-out to write",
      "them to files (mode 0600) for out-of-band delivery instead of printing them."})
  static final class Provision extends AdminCommand.Op {
    @Parameters(paramLabel = "URI") String uri;
    @Option(names = "--trk-id", paramLabel = "ID", description = "ID of the TrK (default: generated).") String trkId;
    @Option(names = "--ink-id", paramLabel = "ID", description = "ID of the InK (default: generated).") String inkId;
    @Option(names = "--no-trk", description = "No TrK (signatures only, no encryption of key material).") boolean noTrk;
    @Option(names = "--no-ink", description = "No InK (the TrK signs).") boolean noInk;
    @Option(names = "--optional", description = "Do not require the client to use the extension.") boolean optional;
    @Option(names = "--trk-out", paramLabel = "FILE", description = "Write the TrK (64 hex digits) here, not to stdout.") Path trkOut;
    @Option(names = "--ink-out", paramLabel = "FILE", description = "Write the InK (64 hex digits) here, not to stdout.") Path inkOut;

    @Override
    HttpResponse<String> send(AdminClient c) throws Exception {
      ObjectNode o = AdminCommand.JSON.createObjectNode().put("uri", uri).put("trk", !noTrk).put("ink", !noInk)
          .put("required", !optional);
      if (trkId != null) {
        o.put("trk_id", trkId);
      }
      if (inkId != null) {
        o.put("ink_id", inkId);
      }
      return c.call("POST", "identities/protection-keys", AdminCommand.JSON.writeValueAsString(o));
    }

    @Override
    String render(JsonNode body) throws IOException {
      ObjectNode out = body.deepCopy();
      extract(out, "trk", trkOut);
      extract(out, "ink", inkOut);
      return super.render(out);
    }

    private static void extract(ObjectNode body, String field, Path file) throws IOException {
      if (file == null || !body.has(field)) {
        return;
      }
      ObjectNode k = (ObjectNode) body.get(field);
      writeSecret(file, k.get("key").asText() + "\n");
      k.remove("key");
      k.put("key_file", file.toString());
    }

    private static void writeSecret(Path file, String content) throws IOException {
      Files.deleteIfExists(file);
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }
  }

  @Command(name = "rotate-protection-keys", description = {
      "Rotate a client's TrK/InK in-band: new keys travel wrapped under its TrK in the next responses",
      "(NewTransportKey/NewIntegrityKey) and replace the old ones when the client first uses them."})
  static final class Rotate extends AdminCommand.Op {
    @Parameters(paramLabel = "URI") String uri;

    @Override
    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("POST", "identities/protection-keys/rotate", body("uri", uri));
    }
  }

  @Command(name = "require-protection", description = "Require (or with --off, stop requiring) the security extension from a client.")
  static final class Require extends AdminCommand.Op {
    @Parameters(paramLabel = "URI") String uri;
    @Option(names = "--off", description = "Stop requiring it.") boolean off;

    @Override
    HttpResponse<String> send(AdminClient c) throws Exception {
      ObjectNode o = AdminCommand.JSON.createObjectNode().put("uri", uri).put("required", !off);
      return c.call("POST", "identities/protection-keys/require", AdminCommand.JSON.writeValueAsString(o));
    }
  }
}
