package org.mcxkms.cli.mikey;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.mcxkms.cli.ClientCommand;
import org.mcxkms.kms.client.KeyProfile;
import org.mcxkms.kms.client.ProfileException;
import org.mcxkms.kms.client.ProfileKey;
import picocli.CommandLine.Option;

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

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "File whose first line is the profile passphrase (default: MCX_KMS_PROFILE_PASSPHRASE, else asked).")
  Path passphraseFile;

  @Option(names = "--keystore", paramLabel = "P12", description = "The profile is sealed with a key in this PKCS#12 keystore.")
  Path keystore;

  @Option(names = "--keystore-alias", defaultValue = "mcx-kms-profile", paramLabel = "ALIAS",
      description = "Keystore entry (default: ${DEFAULT-VALUE}).")
  String alias;

  @Option(names = "--keystore-password-file", paramLabel = "FILE",
      description = "Keystore password file (default: MCX_KMS_KEYSTORE_PASSWORD, else asked).")
  Path keystorePasswordFile;

  boolean given() {
    return dir != null;
  }

  KeyProfile open() throws IOException, ProfileException {
    ProfileKey key;
    if (keystore != null) {
      key = ProfileKey.pkcs12(keystore,
          ClientCommand.secret(keystorePasswordFile, "MCX_KMS_KEYSTORE_PASSWORD", "Keystore password: "), alias);
    } else {
      char[] pass = ClientCommand.secret(passphraseFile, "MCX_KMS_PROFILE_PASSPHRASE", "Profile passphrase: ");
      try {
        key = ProfileKey.passphrase(pass);
      } finally {
        Arrays.fill(pass, '\0');
      }
    }
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
