package org.mcxkms.kms.server.core;

import java.time.Instant;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.kms.server.issue.IssuedKeySet;

/**
 * One {@code KmsKeySet} of a response: either issued key material, or a revocation mark for a
 * period whose keys are revoked (sent with {@code Revoked=true} and empty key elements, so the
 * client learns to discard what it holds).
 */
public record KeySetEntry(
    String certUri, String userUri, Uid uid, long period, Instant validFrom, Instant validTo, IssuedKeySet keys) {
  public static KeySetEntry issued(IssuedKeySet k) {
    return new KeySetEntry(k.certUri(), k.userUri(), k.uid(), k.period(), k.validFrom(), k.validTo(), k);
  }

  public boolean revoked() {
    return keys == null;
  }
}
