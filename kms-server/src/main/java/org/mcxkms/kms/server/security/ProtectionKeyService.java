package org.mcxkms.kms.server.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.kms.server.error.KmsException;
import org.mcxkms.kms.server.seal.SealException;
import org.mcxkms.kms.server.store.KmsStore;
import org.mcxkms.kms.server.store.ProtectionKeyRecord;
import org.mcxkms.kms.server.store.ProtectionKeyRecord.State;

/**
 * The clients' TrK/InK (TS 33.180 D.1): provisioned by the administrator and delivered out of band,
 * rotated in-band ({@code NewTransportKey}/{@code NewIntegrityKey}), sealed in the store under the
 * domain KEK bound to (domain, identity, kind, key ID). Opened keys are cached per identity for a
 * few seconds so a request costs no extra database round trip; changes made on this node apply at
 * once, those of other nodes within {@link #CACHE_TTL}.
 *
 * <p>Rotation (our choice; the TS clause is UNCONFIRMED): {@link #rotate} adds PENDING keys; every
 * init/keyprov response to the client carries them wrapped under its current TrK; the first
 * request that uses a PENDING key (signs with it or names it as TrK-ID) makes it CURRENT and
 * retires the previous one.
 */
public final class ProtectionKeyService {
  static final Duration CACHE_TTL = Duration.ofSeconds(5);

  private record Cached(ClientKeys keys, Instant until) {}

  private final KmsStore store;
  private final SecurityDomain domain;
  private final SecureRandom random;
  private final Clock clock;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  public ProtectionKeyService(KmsStore store, SecurityDomain domain, SecureRandom random, Clock clock) {
    this.store = store;
    this.domain = domain;
    this.random = random;
    this.clock = clock;
  }

  private List<String> context(String identity, ProtectionKey.Kind kind, String keyId) {
    return List.of("client protection key", domain.domainId(), identity, kind.shortName(), keyId);
  }

  /** The usable keys of {@code identity} (none if it has none). */
  public ClientKeys keysOf(String identity) throws KmsException {
    Instant now = clock.instant();
    Cached c = cache.get(identity);
    if (c != null && now.isBefore(c.until())) {
      return c.keys();
    }
    ClientKeys keys = load(identity);
    cache.put(identity, new Cached(keys, now.plus(CACHE_TTL)));
    return keys;
  }

  private ClientKeys load(String identity) throws KmsException {
    boolean required = store.securityRequired(identity);
    List<ClientKeys.Entry> out = new ArrayList<>();
    for (ProtectionKeyRecord r : store.protectionKeys(identity)) {
      if (r.state() == State.RETIRED) {
        continue;
      }
      try {
        out.add(new ClientKeys.Entry(ProtectionKey.of(r.kind(), r.keyId(), domain.sealer().openBound(r.sealedKey(),
            context(identity, r.kind(), r.keyId()), ProtectionKey.LENGTH, "the " + r.kind().shortName() + " "
                + r.keyId() + " of " + identity)), r.state()));
      } catch (SealException e) {
        throw new KmsException(KmsErrorCode.UNAVAILABLE, "a protection key of the caller cannot be opened");
      }
    }
    return new ClientKeys(identity, required, out);
  }

  public void invalidate(String identity) {
    cache.remove(identity);
  }

  /** What the administrator hands to the client out of band. */
  public record Provisioned(ClientKeys keys, List<ProtectionKey> created) {}

  /**
   * Registers new CURRENT keys for {@code identity} (earlier ones of the same kind are retired) and
   * sets whether it must use the extension.
   *
   * @param trk the TrK to register, or null for none
   * @param ink the InK to register, or null for none
   */
  public Provisioned provision(String identity, ProtectionKey trk, ProtectionKey ink, boolean required)
      throws KmsException {
    List<ProtectionKey> created = new ArrayList<>();
    for (ProtectionKey k : new ProtectionKey[] {trk, ink}) {
      if (k != null) {
        store.addProtectionKey(record(identity, k, State.CURRENT), true);
        created.add(k);
      }
    }
    store.setSecurityRequired(identity, required);
    invalidate(identity);
    return new Provisioned(keysOf(identity), created);
  }

  /** A fresh random key with a fresh ID ("trk-" or "ink-" and 16 hex digits). */
  public ProtectionKey generate(ProtectionKey.Kind kind) {
    byte[] id = new byte[8];
    random.nextBytes(id);
    return ProtectionKey.generate(kind, kind.shortName().toLowerCase(java.util.Locale.ROOT) + "-"
        + HexFormat.of().formatHex(id), random);
  }

  /**
   * Starts a rotation: a PENDING key of each kind the client has a CURRENT key of. The keys travel
   * to the client wrapped under its TrK, so a client without a TrK cannot be rotated in-band.
   */
  public List<ProtectionKey> rotate(String identity) throws KmsException {
    ClientKeys now = load(identity);
    if (now.current(ProtectionKey.Kind.TRANSPORT).isEmpty()) {
      throw new KmsException(KmsErrorCode.NOT_FOUND, identity + " has no current TrK to deliver new keys under;"
          + " provision new keys out of band instead");
    }
    List<ProtectionKey> created = new ArrayList<>();
    for (ProtectionKey.Kind kind : ProtectionKey.Kind.values()) {
      if (now.current(kind).isPresent()) {
        ProtectionKey k = generate(kind);
        store.addProtectionKey(record(identity, k, State.PENDING), false);
        created.add(k);
      }
    }
    invalidate(identity);
    return created;
  }

  public void setRequired(String identity, boolean required) {
    store.setSecurityRequired(identity, required);
    invalidate(identity);
  }

  /** The client used {@code key}: if it was PENDING it becomes CURRENT. */
  void used(ClientKeys keys, ProtectionKey key) {
    Optional<State> s = keys.stateOf(key);
    if (s.isPresent() && s.get() == State.PENDING) {
      store.promoteProtectionKey(keys.identity(), key.kind(), key.id());
      invalidate(keys.identity());
    }
  }

  /** The stored keys of {@code identity} without secrets (for the admin API). */
  public List<ProtectionKeyRecord> records(String identity) {
    return store.protectionKeys(identity);
  }

  public boolean required(String identity) {
    return store.securityRequired(identity);
  }

  private ProtectionKeyRecord record(String identity, ProtectionKey k, State state) {
    return new ProtectionKeyRecord(identity, k.kind(), k.id(),
        domain.sealer().sealBound(k.secret(), context(identity, k.kind(), k.id())), state, clock.instant());
  }
}
