package org.mcxkms.cli.client;

import java.io.IOException;
import java.nio.file.Path;
import org.mcxkms.kms.client.TokenSource;
import picocli.CommandLine.Option;

/** Where the access token comes from. */
final class TokenOptions {
  @Option(names = "--token-file", paramLabel = "FILE",
      description = "File holding the access token, read before every request (default: MCX_KMS_TOKEN).")
  Path tokenFile;

  @Option(names = "--token", paramLabel = "JWT", description = "The access token itself (visible to other local users; prefer a file).")
  String token;

  TokenSource source() {
    if (tokenFile != null) {
      return TokenSource.file(tokenFile);
    }
    if (token != null) {
      return TokenSource.of(token);
    }
    String env = System.getenv("MCX_KMS_TOKEN");
    if (env != null && !env.isBlank()) {
      return TokenSource.of(env);
    }
    return () -> {
      throw new IOException("no access token: give --token-file FILE or set MCX_KMS_TOKEN");
    };
  }
}
