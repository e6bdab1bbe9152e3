package org.mcxkms.mikey;

import java.time.Instant;
import org.mcxkms.mikey.wire.ByteString;

/**
 * Remembers accepted I_MESSAGEs so that a captured one cannot be played again (TS 33.180 leaves
 * this to the implementation; RFC 3830 5.4 recommends a replay cache alongside the timestamp).
 * Entries are the SHA-256 of the signed octets, which excludes the signature: ECCSI signatures
 * are malleable ((r, s) and (r, q - s) both verify), so hashing the signature would let a
 * modified copy through.
 */
public interface ReplayCache {
  /** Whether {@code digest} was recorded and has not expired. */
  boolean contains(ByteString digest);

  /**
   * Records {@code digest} until {@code expiry}; returns false if it was already present (a replay).
   *
   * @throws MikeyRejectedException (REPLAY_CACHE_FULL) if no room can be made without forgetting an
   *     unexpired entry
   */
  boolean add(ByteString digest, Instant expiry) throws MikeyRejectedException;
}
