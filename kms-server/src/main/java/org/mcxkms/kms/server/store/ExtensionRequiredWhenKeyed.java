package org.mcxkms.kms.server.store;

/**
 * The domain-wide rule {@code extension.required=keyed}: an identity that holds a TrK or InK must
 * use the security extension (TS 33.180 D.1) whether or not it was required for it one by one.
 * Without the rule a client provisioned with keys may still send plain requests, and whoever holds
 * its bearer token receives its key material in the clear (inside TLS).
 */
public final class ExtensionRequiredWhenKeyed extends ForwardingKmsStore {
  public ExtensionRequiredWhenKeyed(KmsStore store) {
    super(store);
  }

  @Override
  public boolean securityRequired(String identityUri) {
    return super.securityRequired(identityUri) || !protectionKeys(identityUri).isEmpty();
  }
}
