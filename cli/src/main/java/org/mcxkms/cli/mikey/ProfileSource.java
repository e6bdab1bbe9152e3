package org.mcxkms.cli.mikey;

import java.io.IOException;
import java.nio.file.Path;
import org.mcxkms.cli.client.ProfileUnsealOptions;
import org.mcxkms.kms.client.error.ProfileException;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.profile.ProfileKey;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Where {@code mcx-kms mikey} takes key material from a key management client profile: the
 * directory made by {@code mcx-kms client init/keyprov}, how to unseal it (as {@code mcx-kms
 * client} does), and which of its identities acts (a GMS or MCPTT server profile may hold keys of
 * several identities).
 */
final class ProfileSource {
  @Option(names = "--profile", paramLabel = "DIR",
      description = "Key management client profile to take the key material from (instead of --keys).")
  Path dir;

  @Option(names = "--identity", paramLabel = "URI", description = "Identity in the profile (default: the profile owner).")
  String identity;

  @CommandLine.Mixin ProfileUnsealOptions unseal = new ProfileUnsealOptions();

  boolean given() {
    return dir != null;
  }

  KeyProfile open() throws IOException, ProfileException {
    ProfileKey key = unseal.key(null);
    try {
      return KeyProfile.open(dir, key);
    } finally {
      key.destroy();
    }
  }

  /** The acting identity: --identity, else the profile's owner (its first identity). */
  String identity(KeyProfile profile) {
    if (identity != null) {
      return identity;
    }
    if (profile.identities().isEmpty()) {
      throw new IllegalArgumentException(dir + ": the profile holds no identity yet (run 'mcx-kms client keyprov')");
    }
    return profile.identities().get(0);
  }
}
