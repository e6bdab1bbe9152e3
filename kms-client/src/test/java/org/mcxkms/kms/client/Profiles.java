package org.mcxkms.kms.client;

import java.nio.file.Path;
import org.mcxkms.kms.client.error.ProfileException;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.profile.ProfileKey;
import org.mcxkms.kms.client.profile.ProfileSettings;
import org.mcxkms.kms.client.trust.TlsTrust;

/** Profile helpers for tests: cheap Argon2 parameters (the cost is kept in the header). */
final class Profiles {
  static final ProfileKey.Argon2Params FAST = new ProfileKey.Argon2Params(256, 1, 1);

  private Profiles() {}

  static ProfileKey key(String passphrase) {
    return ProfileKey.passphrase(passphrase.toCharArray(), FAST);
  }

  static ProfileSettings settings(TestKms kms, String user) {
    return ProfileSettings.builder().kmsUrl(kms.url()).userUri(user).tls(TlsTrust.pinned(kms.fingerprint())).build();
  }

  static KeyProfile create(Path dir, TestKms kms, String user) throws ProfileException {
    return KeyProfile.create(dir, key("correct horse battery staple"), settings(kms, user));
  }

  static KeyProfile open(Path dir) throws ProfileException {
    return KeyProfile.open(dir, key("correct horse battery staple"));
  }
}
