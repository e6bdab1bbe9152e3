package org.mcxkms.kms.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code KmsCertCache} (TS 33.180 D.3.1): the certificates of other KMSs for inter-domain
 * communication and the cache version number {@code @CacheNum} (a client may ask for changes since
 * its number, {@code certcache/<n>}).
 *
 * @param version {@code @Version} as received ({@value KmsXml#CERT_CACHE_VERSION} by default)
 * @param cacheNum {@code @CacheNum}, the version number of this cache
 * @param migrationKmss the Migration KMSs the Home KMS permits (TS 33.180 5.3.1), carried in our
 *     extension element (see {@link MigrationKms}); empty when the document has none
 */
public record KmsCertCache(String version, Optional<String> id, Optional<Long> cacheNum,
    List<KmsCertificate> certificates, List<MigrationKms> migrationKmss) implements KmsMessage {

  /** @throws IllegalArgumentException if CacheNum is negative */
  public KmsCertCache {
    Objects.requireNonNull(version, "Version");
    Objects.requireNonNull(id, "Id");
    if (cacheNum.isPresent() && cacheNum.get() < 0) {
      throw new IllegalArgumentException("CacheNum must not be negative");
    }
    certificates = List.copyOf(certificates);
    migrationKmss = List.copyOf(migrationKmss);
    if (migrationKmss.size() > MigrationKms.MAX_ENTRIES) {
      throw new IllegalArgumentException("at most " + MigrationKms.MAX_ENTRIES + " Migration KMSs");
    }
    if (migrationKmss.stream().map(MigrationKms::kmsUri).distinct().count() != migrationKmss.size()) {
      throw new IllegalArgumentException("a Migration KMS is listed twice");
    }
  }

  /** A cache without Migration KMSs. */
  public KmsCertCache(String version, Optional<String> id, Optional<Long> cacheNum, List<KmsCertificate> certificates) {
    this(version, id, cacheNum, certificates, List.of());
  }

  /** Cache number {@code cacheNum} holding {@code certificates}. */
  public static KmsCertCache of(long cacheNum, List<KmsCertificate> certificates) {
    return new KmsCertCache(KmsXml.CERT_CACHE_VERSION, Optional.empty(), Optional.of(cacheNum), certificates);
  }

  /** A copy that lists {@code migrationKmss} instead of its own. */
  public KmsCertCache withMigrationKmss(List<MigrationKms> migrationKmss) {
    return new KmsCertCache(version, id, cacheNum, certificates, migrationKmss);
  }

  @Override
  public String toString() {
    return "KmsCertCache[CacheNum " + cacheNum.orElse(null) + ", " + certificates
        + (migrationKmss.isEmpty() ? "" : ", Migration KMSs " + migrationKmss) + "]";
  }
}
