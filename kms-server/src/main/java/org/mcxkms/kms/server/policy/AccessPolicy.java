package org.mcxkms.kms.server.policy;

import org.mcxkms.kms.server.auth.Caller;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.kms.server.error.KmsException;
import org.mcxkms.kms.server.store.IdentityKind;
import org.mcxkms.kms.server.store.IdentityRecord;
import org.mcxkms.kms.server.store.IdentityStatus;
import org.mcxkms.kms.server.store.KmsStore;

/**
 * Who may obtain which keys (TS 33.180 5.3.1.1: the KMS provides user key material for the
 * authenticated user's identity, and its users include MCX servers and GMSs). Deny wins:
 *
 * <ol>
 *   <li>the caller (the identity in its access token) must be registered and not disabled;
 *   <li>a caller may obtain its own identity's keys;
 *   <li>a server entity (MCPTT/MCX server, GMS) may also obtain keys of identities it holds an
 *       explicit grant for; a user never may;
 *   <li>the identity whose keys are issued must be registered and not disabled. Revocation is
 *       decided per key period by the caller of this class ({@link IdentityRecord#periodRevoked}).
 * </ol>
 *
 * The store is read on every request (no caching here), so a change on any node applies at once.
 */
public final class AccessPolicy {
  private final KmsStore store;

  public AccessPolicy(KmsStore store) {
    this.store = store;
  }

  /** The caller's registration, if it may use the KMS at all; revoked callers are refused. */
  public IdentityRecord caller(Caller caller) throws KmsException {
    IdentityRecord r = callerAllowingRevoked(caller);
    if (r.status() == IdentityStatus.REVOKED) {
      throw new KmsException(KmsErrorCode.IDENTITY_REVOKED, caller.identity() + " is revoked");
    }
    return r;
  }

  /** As {@link #caller} but lets a revoked caller through, so it can be told its keys are revoked. */
  public IdentityRecord callerAllowingRevoked(Caller caller) throws KmsException {
    IdentityRecord r = store.identity(caller.identity()).orElseThrow(
        () -> new KmsException(KmsErrorCode.UNKNOWN_IDENTITY, caller.identity() + " is not registered with this KMS"));
    if (r.status() == IdentityStatus.DISABLED) {
      throw new KmsException(KmsErrorCode.IDENTITY_DISABLED, caller.identity() + " is disabled");
    }
    return r;
  }

  /**
   * Whether {@code uri} is an identity of this KMS that others may key (registered, not disabled
   * or revoked): what a Discovery Lookup may reveal to an authenticated caller.
   */
  public boolean discoverable(String uri) {
    return store.identity(uri).map(r -> r.status() == IdentityStatus.ENABLED).orElse(false);
  }

  /**
   * The registration of {@code targetUri} if {@code caller} may obtain its keys. A revoked target
   * is returned (its key sets go out marked Revoked, without key material).
   */
  public IdentityRecord keysFor(IdentityRecord caller, String targetUri) throws KmsException {
    if (caller.uri().equals(targetUri)) {
      return caller;
    }
    if (caller.status() == IdentityStatus.REVOKED) {
      throw new KmsException(KmsErrorCode.IDENTITY_REVOKED, caller.uri() + " is revoked");
    }
    if (caller.kind() != IdentityKind.SERVER || !store.isGranted(caller.uri(), targetUri)) {
      throw new KmsException(KmsErrorCode.NOT_AUTHORIZED_FOR_IDENTITY,
          caller.uri() + " may not obtain keys for " + targetUri);
    }
    IdentityRecord t = store.identity(targetUri).orElseThrow(
        () -> new KmsException(KmsErrorCode.UNKNOWN_IDENTITY, targetUri + " is not registered with this KMS"));
    if (t.status() == IdentityStatus.DISABLED) {
      throw new KmsException(KmsErrorCode.IDENTITY_DISABLED, targetUri + " is disabled");
    }
    return t;
  }
}
