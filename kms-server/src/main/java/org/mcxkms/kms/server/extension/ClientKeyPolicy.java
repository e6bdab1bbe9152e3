package org.mcxkms.kms.server.extension;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.mcxkms.kms.protocol.EncryptedKey;
import org.mcxkms.kms.protocol.KmsInit;
import org.mcxkms.kms.protocol.KmsKeyProv;
import org.mcxkms.kms.protocol.KmsMessage;
import org.mcxkms.kms.protocol.KmsProtocolException.Reason;
import org.mcxkms.kms.protocol.KmsRequest;
import org.mcxkms.kms.protocol.TransportProtection;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.ProtectionKeyResolver;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.kms.server.error.KmsException;
import org.mcxkms.kms.server.store.KmsStore;
import org.mcxkms.kms.server.store.ProtectionKeyRecord;

/**
 * The rules of the security extension beyond verifying and answering with the caller's own keys
 * ({@link ProtectionKeys}):
 *
 * <ul>
 *   <li><b>Required per client</b> (TS 33.180 D.2.2: TrK-ID is present when the operator requires
 *       confidentiality of key material): such a client must send a signed request, and name its
 *       TrK in {@code TrK-ID} when it has one. Refusals are 400 with KmsError 200 (signature
 *       required) or 104 (TrK-ID missing).
 *   <li><b>The InK signs whenever it exists</b> (D.2.2): a request signed with the TrK of a client
 *       that has an InK is refused (201).
 *   <li><b>In-band rotation</b> (our choice; the TS procedure is UNCONFIRMED): {@link #rotate}
 *       issues PENDING keys; every init/keyprov answer to a request naming the client's TrK carries
 *       them as {@code NewTransportKey}/{@code NewIntegrityKey} wrapped under that TrK; the first
 *       request signed with a pending key or naming it as TrK-ID makes it the client's only key of
 *       its kind.
 * </ul>
 *
 * The requirement and the key inventory of an identity are cached for {@link #CACHE_TTL}, so a
 * request costs no extra database round trip; changes on this node apply at once, on other nodes
 * within the TTL. (Key material itself is always looked up through {@link ProtectionKeys}.)
 */
public final class ClientKeyPolicy {
  static final Duration CACHE_TTL = Duration.ofSeconds(5);

  private record Facts(boolean required, boolean hasTrk, boolean hasInk, Set<String> pending, Instant until) {}

  private final KmsStore store;
  private final SecurityDomain domain;
  private final TransportProtection protection;
  private final Clock clock;
  private final SecureRandom random;
  private final ConcurrentHashMap<String, Facts> cache = new ConcurrentHashMap<>();

  public ClientKeyPolicy(KmsStore store, SecurityDomain domain, TransportProtection protection, Clock clock,
      SecureRandom random) {
    this.store = store;
    this.domain = domain;
    this.protection = protection;
    this.clock = clock;
    this.random = random;
  }

  private Facts facts(String identity) {
    Instant now = clock.instant();
    Facts f = cache.get(identity);
    if (f != null && now.isBefore(f.until())) {
      return f;
    }
    List<ProtectionKeyRecord> all = store.protectionKeys(identity);
    f = new Facts(store.securityRequired(identity), all.stream().anyMatch(k -> "TRANSPORT".equals(k.kind())),
        all.stream().anyMatch(k -> "INTEGRITY".equals(k.kind())),
        all.isEmpty() ? Set.of() : store.pendingProtectionKeys(identity), now.plus(CACHE_TTL));
    cache.put(identity, f);
    return f;
  }

  private void invalidate(String identity) {
    cache.remove(identity);
  }

  /**
   * Applies the rules to a request that passed {@link ProtectionKeys} verification, and promotes a
   * pending key the request used.
   *
   * @param body the request, or null for an empty body
   * @param signedBy the caller's key that signed it, or null
   * @param trk the caller's TrK it named, or null
   */
  public void check(String identity, KmsRequest body, ProtectionKey signedBy, ProtectionKey trk) throws KmsException {
    Facts f = facts(identity);
    if (f.required()) {
      if (body == null || signedBy == null) {
        throw refusal(Reason.SIGNATURE_REQUIRED, identity + " must send a signed KmsRequest (security extension)");
      }
      if (f.hasTrk() && trk == null) {
        throw refusal(Reason.MISSING_ELEMENT, identity + " must name its TrK in TrK-ID: the operator requires"
            + " confidentiality of key material");
      }
    }
    if (signedBy != null && signedBy.kind() == ProtectionKey.Kind.TRANSPORT && f.hasInk()) {
      throw refusal(Reason.SIGNATURE_INVALID, "signed with the TrK although " + identity + " has an InK (D.2.2)");
    }
    for (ProtectionKey k : new ProtectionKey[] {signedBy, trk}) {
      if (k != null && f.pending().contains(k.id())) {
        store.promoteProtectionKey(identity, k.id());
        invalidate(identity);
      }
    }
  }

  /**
   * {@code message} with the caller's pending keys added, wrapped under the TrK its request named.
   *
   * @param callerKeys the caller's keys as resolved for this request
   */
  public KmsMessage deliverPending(String identity, KmsMessage message, ProtectionKey trk,
      ProtectionKeyResolver callerKeys) {
    if (trk == null || !(message instanceof KmsInit || message instanceof KmsKeyProv)) {
      return message;
    }
    Set<String> pending = facts(identity).pending();
    if (pending.isEmpty()) {
      return message;
    }
    List<EncryptedKey> newTrks = new ArrayList<>();
    List<EncryptedKey> newInks = new ArrayList<>();
    for (String id : pending) {
      callerKeys.find(id).ifPresent(k -> (k.kind() == ProtectionKey.Kind.TRANSPORT ? newTrks : newInks)
          .add(protection.wrapNewKey(k, trk)));
    }
    if (message instanceof KmsInit i) {
      return i.withNewKeys(newTrks, newInks);
    }
    return ((KmsKeyProv) message).withNewKeys(newTrks, newInks);
  }

  /**
   * Starts an in-band rotation: a pending key of each kind the client has. The keys travel wrapped
   * under its TrK, so a client without a TrK is refused.
   *
   * @throws KmsException NOT_FOUND if the identity has no TrK
   */
  public List<ProtectionKey> rotate(String identity) throws KmsException {
    List<ProtectionKeyRecord> all = store.protectionKeys(identity);
    Set<String> pending = store.pendingProtectionKeys(identity);
    boolean trk = all.stream().anyMatch(k -> "TRANSPORT".equals(k.kind()) && !pending.contains(k.keyId()));
    boolean ink = all.stream().anyMatch(k -> "INTEGRITY".equals(k.kind()) && !pending.contains(k.keyId()));
    if (!trk) {
      throw new KmsException(KmsErrorCode.NOT_FOUND, identity + " has no TrK to deliver new keys under;"
          + " provision new keys out of band (add-key) instead");
    }
    List<ProtectionKey> created = new ArrayList<>();
    for (ProtectionKey.Kind kind : ink ? List.of(ProtectionKey.Kind.TRANSPORT, ProtectionKey.Kind.INTEGRITY)
        : List.of(ProtectionKey.Kind.TRANSPORT)) {
      String id = (kind == ProtectionKey.Kind.TRANSPORT ? "trk." : "ink.") + UUID.randomUUID() + "." + identity;
      ProtectionKey k = ProtectionKey.generate(kind, id, random);
      store.addPendingProtectionKey(new ProtectionKeyRecord(id, identity,
          kind == ProtectionKey.Kind.TRANSPORT ? "TRANSPORT" : "INTEGRITY", domain.sealProtectionKey(id, k.secret()),
          clock.instant()));
      created.add(k);
    }
    invalidate(identity);
    return created;
  }

  public void setRequired(String identity, boolean required) {
    store.setSecurityRequired(identity, required);
    invalidate(identity);
  }

  public boolean required(String identity) {
    return store.securityRequired(identity);
  }

  private static KmsException refusal(Reason reason, String message) {
    return new KmsException(KmsErrorCode.INVALID_DOCUMENT, reason.kmsErrorCode(), message);
  }
}
