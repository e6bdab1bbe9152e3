package org.mcxkms.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mcx-kms admin rotate-keys|require-keys}: the security extension's in-band rotation and
 * per-client requirement (next to {@code add-key}, {@code keys} and {@code remove-key}).
 */
final class AdminKeyPolicy {
  private AdminKeyPolicy() {}

  @Command(name = "rotate-keys", description = {
      "Rotate a client's TrK/InK in-band: new keys travel wrapped under its TrK in the next answers",
      "(NewTransportKey/NewIntegrityKey) and replace the old ones when the client first uses them."})
  static final class Rotate extends AdminCommand.Op {
    @Parameters(paramLabel = "URI") String uri;

    @Override
    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("POST", "keys/rotate", body("uri", uri));
    }
  }

  @Command(name = "require-keys", description = {
      "Require a client to use the security extension: signed requests, and its TrK named in TrK-ID",
      "when it has one. --off lifts the requirement."})
  static final class Require extends AdminCommand.Op {
    @Parameters(paramLabel = "URI") String uri;

    @Option(names = "--off", description = "Stop requiring it.") boolean off;

    @Override
    HttpResponse<String> send(AdminClient c) throws Exception {
      ObjectNode o = AdminCommand.JSON.createObjectNode().put("uri", uri).put("required", !off);
      return c.call("POST", "keys/require", AdminCommand.JSON.writeValueAsString(o));
    }
  }
}
