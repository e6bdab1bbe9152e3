package org.mcxkms.kms.server.preissue;

import java.time.Instant;
import java.util.List;

/**
 * What rollover pre-issuance needs from the KMS, and nothing more: who is registered, and a way to
 * issue one key set into the issuance cache. {@link KmsPreissueTarget} is the KMS's implementation.
 */
public interface PreissueTarget {
  /**
   * The identities whose key set for {@code period} may be issued: registered, enabled, that
   * period not revoked. A snapshot; an identity revoked later is evicted from the cache by the
   * revocation itself.
   */
  List<String> identities(long period);

  /**
   * Issues the key set of {@code identity} for {@code period} under the certificate that will be
   * current at {@code at} (the period boundary), into the issuance cache. A set already cached
   * costs nothing.
   *
   * @return false if no certificate is valid at {@code at} (nothing can be issued ahead)
   */
  boolean issue(String identity, long period, Instant at);
}
