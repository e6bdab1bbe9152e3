package org.mcxkms.cli.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.mcxkms.kms.client.profile.ProfileKey;
import picocli.CommandLine.Option;

/**
 * How a command unseals a key management client profile: a passphrase (Argon2id) or an AES key in
 * a PKCS#12 keystore. Shared by {@code mcx-kms client} and {@code mcx-kms mikey} so both open
 * profiles the same way.
 */
public final class ProfileUnsealOptions {
  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "File whose first line is the profile passphrase (default: MCX_KMS_PROFILE_PASSPHRASE, else asked).")
  Path passphraseFile;

  @Option(names = "--keystore", paramLabel = "P12", description = "Seal with an AES-256 key in this PKCS#12 keystore instead.")
  Path keystore;

  @Option(names = "--keystore-alias", defaultValue = "mcx-kms-profile", paramLabel = "ALIAS",
      description = "Keystore entry (default: ${DEFAULT-VALUE}; generated when a profile is created).")
  String alias;

  @Option(names = "--keystore-password-file", paramLabel = "FILE",
      description = "Keystore password file (default: MCX_KMS_KEYSTORE_PASSWORD, else asked).")
  Path keystorePasswordFile;

  /** The profile key; {@code params} sets the Argon2id cost of a new profile (null: the default). */
  public ProfileKey key(ProfileKey.Argon2Params params) throws IOException {
    if (keystore != null) {
      return ProfileKey.pkcs12(keystore,
          Secrets.read(keystorePasswordFile, "MCX_KMS_KEYSTORE_PASSWORD", "Keystore password: "), alias);
    }
    char[] pass = Secrets.read(passphraseFile, "MCX_KMS_PROFILE_PASSPHRASE", "Profile passphrase: ");
    try {
      return params == null ? ProfileKey.passphrase(pass) : ProfileKey.passphrase(pass, params);
    } finally {
      Arrays.fill(pass, '\0');
    }
  }
}
