package org.mcxkms.kms.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code KmsCertCache} (D.3.1): the certificates of other KMSs for inter-domain communication and
 * the cache version number {@code @CacheNum} (a client may ask for changes since its number,
 * {@code certcache/<n>}).
 */
public final class KmsCertCache implements KmsMessage {
  private final String version;
  private final String id;
  private final Long cacheNum;
  private final List<KmsCertificate> certificates;

  private KmsCertCache(Builder b) {
    this.version = b.version;
    this.id = b.id;
    this.cacheNum = b.cacheNum;
    this.certificates = List.copyOf(b.certificates);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code @Version} as received ({@value KmsXml#CERT_CACHE_VERSION} by default). */
  public String version() {
    return version;
  }

  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  /** {@code @CacheNum}, the version number of this cache. */
  public Optional<Long> cacheNum() {
    return Optional.ofNullable(cacheNum);
  }

  public List<KmsCertificate> certificates() {
    return certificates;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KmsCertCache)) {
      return false;
    }
    KmsCertCache c = (KmsCertCache) o;
    return version.equals(c.version) && Objects.equals(id, c.id) && Objects.equals(cacheNum, c.cacheNum)
        && certificates.equals(c.certificates);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cacheNum, certificates);
  }

  @Override
  public String toString() {
    return "KmsCertCache[CacheNum " + cacheNum + ", " + certificates + "]";
  }

  public static final class Builder {
    private String version = KmsXml.CERT_CACHE_VERSION;
    private String id;
    private Long cacheNum;
    private final List<KmsCertificate> certificates = new ArrayList<>();

    private Builder() {}

    public Builder version(String version) {
      this.version = Objects.requireNonNull(version);
      return this;
    }

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder cacheNum(Long cacheNum) {
      if (cacheNum != null && cacheNum < 0) {
        throw new IllegalArgumentException("CacheNum must not be negative");
      }
      this.cacheNum = cacheNum;
      return this;
    }

    public Builder addCertificate(KmsCertificate certificate) {
      certificates.add(Objects.requireNonNull(certificate));
      return this;
    }

    public KmsCertCache build() {
      return new KmsCertCache(this);
    }
  }
}
