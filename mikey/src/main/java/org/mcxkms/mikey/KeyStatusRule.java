package org.mcxkms.mikey;

import org.mcxkms.mikey.wire.KeyParameters;

/**
 * How the Status field of the key parameters (TS 33.180 E.6.9) says "revoked". A revoked key is
 * dropped (TS 33.180 5.2.4).
 *
 * <p><b>UNCONFIRMED (TS 33.180 E.6.9).</b> The only source naming the bits is
 * Streamwide (citing E.6.9): bit 0 = "not revoked", bit 1 = "shared with gateway"; it sends 1.
 * Alea sends 0 for a usable key, which under that reading means "revoked". The two deployed
 * readings contradict each other, so the rule is a choice: the default
 * {@link #NOT_REVOKED_FLAG} follows the source that documents the bits and fails safe (an
 * unreadable status drops the key rather than using a key the sender may have revoked). A
 * deployment that must take Alea's GMKs configures {@link #IGNORE_STATUS}. Change the default
 * here once the E.6.9 text is confirmed.
 */
@FunctionalInterface
public interface KeyStatusRule {
  boolean revoked(KeyParameters parameters);

  /** Bit 0 set means "not revoked"; clear means revoked (Streamwide). */
  KeyStatusRule NOT_REVOKED_FLAG = p -> (p.status() & 1) == 0;

  /** Never treat a key as revoked (interoperates with Alea's status 0). */
  KeyStatusRule IGNORE_STATUS = p -> false;
}
