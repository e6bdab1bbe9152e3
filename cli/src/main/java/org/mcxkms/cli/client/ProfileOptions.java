package org.mcxkms.cli.client;

import java.io.IOException;
import java.nio.file.Path;
import org.mcxkms.kms.client.error.ProfileException;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.profile.ProfileKey;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The profile directory, how to unseal it, and the output mode. */
final class ProfileOptions {
  @Option(names = "--profile", required = true, paramLabel = "DIR", description = "Profile directory.")
  Path dir;

  @CommandLine.Mixin ProfileUnsealOptions unseal = new ProfileUnsealOptions();

  @Option(names = "--json", description = "Machine-readable output.")
  boolean json;

  ProfileKey key(ProfileKey.Argon2Params params) throws IOException {
    return unseal.key(params);
  }

  KeyProfile open() throws IOException, ProfileException {
    ProfileKey k = key(null);
    try {
      return KeyProfile.open(dir, k);
    } finally {
      k.destroy();
    }
  }
}
