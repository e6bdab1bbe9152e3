package org.mcxkms.kms.server.backup;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.mcxkms.kms.server.store.DomainRecord;

/**
 * The clear, authenticated part of an archive: its random ID, when it was made, the domain record
 * (public: it says which KEK sealed the domain and how to find it), the archive key sealed under
 * that KEK, and how many records of each kind the body holds.
 */
public record ArchiveHeader(String archiveId, Instant createdAt, DomainRecord domain, String sealedArchiveKey,
    Map<String, Long> counts) {
  public ArchiveHeader {
    Objects.requireNonNull(archiveId, "archiveId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(sealedArchiveKey, "sealedArchiveKey");
    counts = Map.copyOf(counts);
    if (!counts.keySet().equals(Set.copyOf(ArchiveFormat.COUNTS))) {
      throw new IllegalArgumentException("counts must name exactly " + ArchiveFormat.COUNTS);
    }
  }

  /** The seal ID the archive key is sealed under: bound to this archive, and never a client key ID (it holds spaces). */
  static String sealId(String archiveId) {
    return "mcx-kms backup v1 " + archiveId;
  }

  @Override
  public String toString() {
    return "ArchiveHeader[" + archiveId + ", " + createdAt + ", domain " + domain.domainId() + ", " + counts + "]";
  }
}
