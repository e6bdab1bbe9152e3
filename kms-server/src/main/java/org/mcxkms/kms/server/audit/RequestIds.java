package org.mcxkms.kms.server.audit;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Request identifiers for {@code X-Request-Id}, the logs and the audit trail (KMS and admin API):
 * 96 random bits in hex. They say nothing about the host, the process or how many requests came
 * before.
 */
public final class RequestIds {
  private final SecureRandom random = new SecureRandom();

  public String next() {
    byte[] b = new byte[12];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
