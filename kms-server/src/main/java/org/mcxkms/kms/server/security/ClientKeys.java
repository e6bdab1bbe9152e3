package org.mcxkms.kms.server.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.ProtectionKeyResolver;
import org.mcxkms.kms.server.store.ProtectionKeyRecord.State;

/**
 * One client's security-extension keys, opened from their seals: the CURRENT TrK/InK, the PENDING
 * ones of a rotation (accepted as soon as the client uses them), and whether the client must use
 * the extension. RETIRED keys are not here: they are never accepted again.
 */
public record ClientKeys(String identity, boolean required, List<Entry> keys) {
  /** A usable key and its state. */
  public record Entry(ProtectionKey key, State state) {}

  public ClientKeys {
    keys = List.copyOf(keys);
  }

  static ClientKeys none(String identity, boolean required) {
    return new ClientKeys(identity, required, List.of());
  }

  public boolean any() {
    return !keys.isEmpty();
  }

  public Optional<ProtectionKey> current(ProtectionKey.Kind kind) {
    return keys.stream().filter(e -> e.state() == State.CURRENT && e.key().kind() == kind).map(Entry::key).findFirst();
  }

  public List<ProtectionKey> pending(ProtectionKey.Kind kind) {
    return keys.stream().filter(e -> e.state() == State.PENDING && e.key().kind() == kind).map(Entry::key).toList();
  }

  public Optional<State> stateOf(ProtectionKey key) {
    return keys.stream().filter(e -> e.key().equals(key)).map(Entry::state).findFirst();
  }

  /** Whether the client has an InK (then it must sign with it, D.2.2). */
  public boolean hasIntegrityKey() {
    return keys.stream().anyMatch(e -> e.key().kind() == ProtectionKey.Kind.INTEGRITY);
  }

  /** The client's CURRENT and PENDING keys, by ID, for verifying its signatures and naming its TrK. */
  public ProtectionKeyResolver resolver() {
    List<ProtectionKey> all = new ArrayList<>();
    keys.forEach(e -> all.add(e.key()));
    // IDs are unique per kind; a TrK and an InK sharing an ID would be ambiguous: the InK wins
    // for signatures, TrK-ID lookups filter by kind themselves.
    List<ProtectionKey> distinct = new ArrayList<>();
    for (ProtectionKey k : all) {
      if (distinct.stream().noneMatch(d -> d.id().equals(k.id()))) {
        distinct.add(k);
      } else if (k.kind() == ProtectionKey.Kind.INTEGRITY) {
        distinct.removeIf(d -> d.id().equals(k.id()));
        distinct.add(k);
      }
    }
    return ProtectionKeyResolver.of(distinct);
  }

  /** The client's TrK (CURRENT or PENDING) with this ID. */
  public Optional<ProtectionKey> transportKey(String id) {
    return keys.stream().map(Entry::key).filter(k -> k.kind() == ProtectionKey.Kind.TRANSPORT && k.id().equals(id))
        .findFirst();
  }

  @Override
  public String toString() {
    return "ClientKeys[" + identity + ", " + (required ? "required" : "optional") + ", "
        + keys.stream().map(e -> e.key().kind().shortName() + " " + e.key().id() + " " + e.state()).toList() + "]";
  }
}
