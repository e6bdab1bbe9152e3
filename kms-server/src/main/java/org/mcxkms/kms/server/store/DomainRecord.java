package org.mcxkms.kms.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The security domain: its random id (bound into every seal), the KmsUri and the key period rule
 * (fixed for the life of the domain because they enter every UID), and how the key-encryption key
 * of the seal is obtained ({@code kekKind}: {@code passphrase} or {@code keyfile};
 * {@code kekParams}: the KDF parameters and salt; {@code kekCheck}: a check value that tells a
 * wrong key from a tampered seal). Nothing here is secret.
 */
public record DomainRecord(
    String domainId,
    String kmsUri,
    long keyPeriodSeconds,
    long keyPeriodOffsetSeconds,
    String kekKind,
    String kekParams,
    String kekCheck,
    Instant createdAt) {
  public DomainRecord {
    Objects.requireNonNull(domainId, "domainId");
    Objects.requireNonNull(kmsUri, "kmsUri");
    Objects.requireNonNull(kekKind, "kekKind");
    Objects.requireNonNull(kekParams, "kekParams");
    Objects.requireNonNull(kekCheck, "kekCheck");
    createdAt = Times.micros(createdAt);
  }
}
