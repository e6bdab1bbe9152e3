package org.mcxkms.cli.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "import-keys", mixinStandardHelpOptions = true,
    description = {"Provision the security extension's TrK and/or InK received out of band (TS 33.180 D.1).",
        "Key files hold 64 hex digits (256 bits). From then on requests name the TrK and are signed,",
        "and responses must be signed and key material encrypted."})
final class ImportKeysCommand extends ClientSubcommand {
  @Mixin ProfileOptions profile;
  @Mixin ProtectionKeyFiles keyFiles;

  @Override
  ProfileOptions profileOptions() {
    return profile;
  }

  @Override
  Integer run() throws Exception {
    List<ProtectionKey> keys = keyFiles.keys();
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("nothing to import: give --trk-id/--trk-file and/or --ink-id/--ink-file");
    }
    try (KeyProfile p = profile.open(err())) {
      p.importProtectionKeys(keys);
      if (profile.json) {
        ObjectNode o = JSON.createObjectNode().put("ok", true);
        ArrayNode a = o.putArray("imported");
        keys.forEach(k -> a.add(k.kind().shortName() + " " + k.id()));
        printJson(o);
      } else {
        keys.forEach(k -> out().println("Imported " + k.kind().shortName() + " " + k.id()));
        out().flush();
      }
    }
    return 0;
  }
}
