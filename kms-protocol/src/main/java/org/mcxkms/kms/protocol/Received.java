package org.mcxkms.kms.protocol;

import java.util.Objects;
import java.util.Optional;
import org.mcxkms.kms.protocol.security.ProtectionKey;

/**
 * A document read under a {@link org.mcxkms.kms.protocol.security.SignaturePolicy}: the document
 * and, if it was signed, the key whose signature verified over exactly this document.
 */
public final class Received<T> {
  private final T document;
  private final ProtectionKey signedBy;

  private Received(T document, ProtectionKey signedBy) {
    this.document = Objects.requireNonNull(document);
    this.signedBy = signedBy;
  }

  static <T> Received<T> unsigned(T document) {
    return new Received<>(document, null);
  }

  static <T> Received<T> signed(T document, ProtectionKey key) {
    return new Received<>(document, Objects.requireNonNull(key));
  }

  public T document() {
    return document;
  }

  /** True if the document was signed and the signature verified. */
  public boolean isSigned() {
    return signedBy != null;
  }

  /** The InK or TrK that verified the signature. */
  public Optional<ProtectionKey> signedBy() {
    return Optional.ofNullable(signedBy);
  }

  @Override
  public String toString() {
    return "Received[" + document + (signedBy == null ? ", unsigned" : ", signed by " + signedBy) + "]";
  }
}
