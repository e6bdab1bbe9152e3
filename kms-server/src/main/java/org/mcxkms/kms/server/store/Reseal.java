package org.mcxkms.kms.server.store;

import java.util.List;
import java.util.Objects;

/**
 * Every sealed value of the domain moved under a new key-encryption key ({@code admin rotate-kek}):
 * the domain record before (as read) and after (new KEK kind, parameters and check value), and for
 * each certificate's master secrets, each TrK/InK and the audit chain key the seal as read and its
 * replacement. {@link KmsStore#reseal} writes it all or nothing.
 */
public record Reseal(DomainRecord before, DomainRecord after, List<Resealed> certificates,
    List<Resealed> protectionKeys, Resealed auditKey) {
  public Reseal {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    if (!before.domainId().equals(after.domainId())) {
      throw new IllegalArgumentException("a reseal keeps the domain id");
    }
    certificates = List.copyOf(certificates);
    protectionKeys = List.copyOf(protectionKeys);
  }

  /**
   * One sealed value: the row's key (certificate number, key ID, or {@code audit} for the audit
   * chain key), its seal as read and its seal under the new KEK. Seals are ciphertext, not secret.
   */
  public record Resealed(String id, String before, String after) {
    public Resealed {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
    }
  }
}
