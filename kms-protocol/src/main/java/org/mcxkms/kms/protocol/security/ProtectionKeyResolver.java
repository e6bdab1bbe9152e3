package org.mcxkms.kms.protocol.security;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a TrK or InK by its ID (from {@code ds:KeyName}). A KMS builds one per request from the
 * keys provisioned for the authenticated caller (so a client can never name another client's
 * key); a client builds one from the keys in its profile.
 */
@FunctionalInterface
public interface ProtectionKeyResolver {
  /** The key with ID {@code keyId}, if the caller holds one. */
  Optional<ProtectionKey> find(String keyId);

  /** A resolver that knows no key. */
  static ProtectionKeyResolver none() {
    return id -> Optional.empty();
  }

  /** A resolver over fixed keys (IDs must be distinct). */
  static ProtectionKeyResolver of(ProtectionKey... keys) {
    return of(List.of(keys));
  }

  /** A resolver over fixed keys (IDs must be distinct). */
  static ProtectionKeyResolver of(List<ProtectionKey> keys) {
    Map<String, ProtectionKey> byId = new HashMap<>();
    for (ProtectionKey k : keys) {
      if (byId.put(k.id(), k) != null) {
        throw new IllegalArgumentException("two keys with the ID " + k.id());
      }
    }
    Map<String, ProtectionKey> copy = Map.copyOf(byId);
    return id -> Optional.ofNullable(id == null ? null : copy.get(id));
  }
}
