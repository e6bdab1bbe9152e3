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
 */
public record KmsCertCache(String version, Optional<String> id, Optional<Long> cacheNum,
    List<KmsCertificate> certificates) implements KmsMessage {

  /** @throws IllegalArgumentException if CacheNum is negative */
  public KmsCertCache {
    Objects.requireNonNull(version, "Version");
    Objects.requireNonNull(id, "Id");
    if (cacheNum.isPresent() && cacheNum.get() < 0) {
      throw new IllegalArgumentException("CacheNum must not be negative");
    }
    certificates = List.copyOf(certificates);
  }

  /** Cache number {@code cacheNum} holding {@code certificates}. */
  public static KmsCertCache of(long cacheNum, List<KmsCertificate> certificates) {
    return new KmsCertCache(KmsXml.CERT_CACHE_VERSION, Optional.empty(), Optional.of(cacheNum), certificates);
  }

  @Override
  public String toString() {
    return "KmsCertCache[CacheNum " + cacheNum.orElse(null) + ", " + certificates + "]";
  }
}
