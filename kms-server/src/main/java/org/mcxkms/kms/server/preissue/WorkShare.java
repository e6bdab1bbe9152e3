package org.mcxkms.kms.server.preissue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which identities this node pre-issues when several KMS nodes share the database: node
 * {@code index} of {@code nodes} takes the identities whose SHA-256 of the URI, read as an
 * unsigned 32-bit number, is {@code index} modulo {@code nodes}. Key sets are deterministic, so
 * every node would issue the same ones; sharing only pays when the load balancer routes each
 * identity's requests by the same hash (otherwise every node pre-issues everyone, {@link #all}).
 */
public record WorkShare(int nodes, int index) {
  public WorkShare {
    if (nodes < 1 || index < 0 || index >= nodes) {
      throw new IllegalArgumentException("work share needs 0 <= index < nodes, got " + index + " of " + nodes);
    }
  }

  /** One node does everything. */
  public static WorkShare all() {
    return new WorkShare(1, 0);
  }

  public boolean mine(String identity) {
    if (nodes == 1) {
      return true;
    }
    byte[] h;
    try {
      h = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
    long v = ((h[0] & 0xFFL) << 24) | ((h[1] & 0xFFL) << 16) | ((h[2] & 0xFFL) << 8) | (h[3] & 0xFFL);
    return v % nodes == index;
  }
}
