package org.mcxkms.kms.protocol.security;

import java.util.Objects;

/**
 * What a reader demands of the signature of a {@code SignedKmsRequest}/{@code SignedKmsResponse}
 * (TS 33.180 D.1: HMAC-SHA256 under the InK or TrK). A signed document is always verified, and
 * fails if its key is unknown; the policy only decides whether an unsigned one is acceptable.
 */
public final class SignaturePolicy {
  private static final SignaturePolicy NONE = new SignaturePolicy(false, ProtectionKeyResolver.none());

  private final boolean required;
  private final ProtectionKeyResolver keys;

  private SignaturePolicy(boolean required, ProtectionKeyResolver keys) {
    this.required = required;
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /** Documents must be signed by one of {@code keys}; unsigned ones are refused. */
  public static SignaturePolicy required(ProtectionKeyResolver keys) {
    return new SignaturePolicy(true, keys);
  }

  /** Signed documents are verified against {@code keys}; unsigned ones are accepted. */
  public static SignaturePolicy ifSigned(ProtectionKeyResolver keys) {
    return new SignaturePolicy(false, keys);
  }

  /** No keys: unsigned documents are accepted, signed ones fail (their key is unknown). */
  public static SignaturePolicy none() {
    return NONE;
  }

  public boolean isRequired() {
    return required;
  }

  public ProtectionKeyResolver keys() {
    return keys;
  }

  @Override
  public String toString() {
    return "SignaturePolicy[" + (required ? "required" : "if signed") + "]";
  }
}
