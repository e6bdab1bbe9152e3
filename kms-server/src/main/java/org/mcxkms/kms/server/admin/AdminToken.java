package org.mcxkms.kms.server.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.mcxkms.kms.server.config.SecureFiles;

/**
 * The admin API credential: a random 256-bit bearer token in {@code data.dir/admin.token}
 * (mode 0600), generated on first start. Whoever can read that file administers the KMS.
 */
public final class AdminToken {
  private final byte[] token;

  private AdminToken(byte[] token) {
    this.token = token;
  }

  public static AdminToken openOrCreate(Path file, SecureRandom random) throws IOException {
    if (!Files.exists(file)) {
      byte[] b = new byte[32];
      random.nextBytes(b);
      SecureFiles.writeSecret(file, Base64.getUrlEncoder().withoutPadding().encodeToString(b) + "\n");
    }
    String t = new String(SecureFiles.readSecret(file), StandardCharsets.US_ASCII).trim();
    if (t.length() < 32) {
      throw new IOException("the admin token in " + file + " is too short");
    }
    return new AdminToken(t.getBytes(StandardCharsets.US_ASCII));
  }

  /** Constant-time check of an {@code Authorization} header value. */
  public boolean matches(String authorizationHeader) {
    if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = authorizationHeader.substring(7).trim().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(given, token);
  }

  @Override
  public String toString() {
    return "AdminToken[redacted]";
  }
}
