package org.mcxkms.cli.client;

import org.mcxkms.kms.client.KmsClient;
import org.mcxkms.kms.client.profile.KeyProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "lookup", mixinStandardHelpOptions = true,
    description = {"KMS Discovery Lookup (Rel-17, path and content UNCONFIRMED): print the KMS URI the KMS",
        "gives for USER_URI (for --receiver-kms-uri of 'mikey create'). Nothing is stored."})
final class LookupCommand extends ClientSubcommand {
  @Mixin ProfileOptions profile;
  @Mixin TokenOptions token;

  @Parameters(index = "0", paramLabel = "USER_URI") String userUri;

  @Override
  ProfileOptions profileOptions() {
    return profile;
  }

  @Override
  Integer run() throws Exception {
    try (KeyProfile p = profile.open(err())) {
      String kmsUri = KmsClient.builder(p).tokenSource(token.source()).build().lookup(userUri);
      if (profile.json) {
        printJson(JSON.createObjectNode().put("ok", true).put("user_uri", userUri).put("kms_uri", kmsUri));
      } else {
        out().println(userUri + " " + kmsUri);
        out().flush();
      }
    }
    return 0;
  }
}
