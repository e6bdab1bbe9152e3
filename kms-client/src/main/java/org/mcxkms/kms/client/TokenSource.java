package org.mcxkms.kms.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Supplies the access token sent as {@code Authorization: Bearer} with every KMS request (TS 33.180
 * B.10; RFC 6750). The client asks for a token before each request, so an implementation can
 * refresh it from the MC IdM server as it expires. Tokens are opaque to the client and never logged.
 */
@FunctionalInterface
public interface TokenSource {
  /**
   * The current access token (without the "Bearer " prefix).
   *
   * @throws IOException if no token can be obtained (the request fails with {@code Problem.TOKEN})
   */
  String token() throws IOException;

  /** A fixed token, for example one handed over by the MC client's OIDC login. */
  static TokenSource of(String token) {
    String t = check(token, "the token");
    return () -> t;
  }

  /**
   * A token read from a file (first line) on every request, so another process can keep it fresh.
   */
  static TokenSource file(Path file) {
    return () -> {
      String content;
      try {
        content = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IOException("cannot read the token file " + file + ": " + e.getMessage(), e);
      }
      int nl = content.indexOf('\n');
      return check(nl < 0 ? content : content.substring(0, nl), "the token file " + file);
    };
  }

  private static String check(String token, String what) {
    String t = token == null ? "" : token.strip();
    if (t.regionMatches(true, 0, "Bearer ", 0, 7)) {
      t = t.substring(7).strip();
    }
    if (t.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    // RFC 6750 2.1 b64token characters only: nothing that could break the header.
    if (!t.matches("[A-Za-z0-9\\-._~+/]+=*")) {
      throw new IllegalArgumentException(what + " is not a bearer token (RFC 6750 2.1 characters only)");
    }
    return t;
  }
}
