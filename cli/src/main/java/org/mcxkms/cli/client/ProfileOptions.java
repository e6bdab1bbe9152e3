package org.mcxkms.cli.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.mcxkms.kms.client.error.ProfileException;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.profile.LockPolicy;
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

  @Option(names = "--lock-timeout", defaultValue = "PT30S", paramLabel = "DURATION",
      description = "How long to wait for the profile lock held by another process (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration lockTimeout;

  ProfileKey key(ProfileKey.Argon2Params params) throws IOException {
    return unseal.key(params);
  }

  /** Waits for the lock at most {@code --lock-timeout}, saying so on {@code err} when it must wait. */
  LockPolicy lockPolicy(PrintWriter err) {
    return new LockPolicy(lockTimeout, d -> {
      err.println("mcx-kms client: waiting for the profile lock in " + d + " (held by another process), at most "
          + lockTimeout.toSeconds() + " s");
      err.flush();
    });
  }

  KeyProfile open(PrintWriter err) throws IOException, ProfileException {
    ProfileKey k = key(null);
    try {
      return KeyProfile.open(dir, k, Clock.systemUTC(), lockPolicy(err));
    } finally {
      k.destroy();
    }
  }
}
