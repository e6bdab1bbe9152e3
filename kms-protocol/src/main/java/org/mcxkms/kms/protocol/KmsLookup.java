package org.mcxkms.kms.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code KmsLookup} (TS 33.180 D.3.1, Rel-17): the answer to a KMS Discovery Lookup. D.3.1 names
 * the message but its content could not be confirmed (UNCONFIRMED, see docs/decisions.md); ours is
 * the minimal form that answers the question a client has before it keys a user of another
 * domain: which KMS URI (security domain, TS 33.180 5.2.7) the user belongs to.
 *
 * <pre>
 * KmsLookup @Id? @Version        in the KMS namespace
 *   UserUri                      the identity looked up
 *   KmsUri                       the KMS URI it belongs to
 * </pre>
 *
 * @param version {@code @Version} as received ({@value KmsXml#LOOKUP_VERSION} by default)
 */
public record KmsLookup(String version, Optional<String> id, String userUri, String kmsUri) implements KmsMessage {

  /** @throws IllegalStateException if UserUri or KmsUri is missing */
  public KmsLookup {
    Objects.requireNonNull(version, "Version");
    Objects.requireNonNull(id, "Id");
    Fields.required(userUri, "UserUri");
    Fields.required(kmsUri, "KmsUri");
  }

  /** The answer that {@code userUri} belongs to {@code kmsUri}. */
  public static KmsLookup of(String userUri, String kmsUri) {
    return new KmsLookup(KmsXml.LOOKUP_VERSION, Optional.empty(), userUri, kmsUri);
  }

  @Override
  public String toString() {
    return "KmsLookup[" + userUri + " in " + kmsUri + "]";
  }
}
