package org.mcxkms.kms.server.store;

/** Whether keys may be issued for an identity. */
public enum IdentityStatus {
  ENABLED,
  /** Temporarily refused; {@code enable} restores it with the same keys. */
  DISABLED,
  /**
   * Keys of every period up to {@link IdentityRecord#revokedThroughPeriod()} are revoked for good.
   * {@code enable} reinstates the identity for later periods only.
   */
  REVOKED
}
