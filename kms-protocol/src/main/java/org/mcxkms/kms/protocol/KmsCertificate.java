package org.mcxkms.kms.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;

/**
 * A {@code KmsCertificate} (TS 33.180 D.3.2): the public parameters of a KMS: its URI, the key
 * period rule, the SAKKE public key Z ({@code PubEncKey}, 257 octets) and the ECCSI KPAK
 * ({@code PubAuthKey}, 65 octets). Public data; immutable.
 *
 * <p>{@link #issuerSignature()} is the {@code ds:Signature} of a {@code SignedKmsCertificate} kept
 * verbatim; its algorithm is UNCONFIRMED and it is not verified by this module.
 */
public final class KmsCertificate {
  /** Octets of {@code PubEncKey}: SAKKE Z = 04 || x || y over Parameter Set 1. */
  public static final int PUB_ENC_KEY_LENGTH = 257;
  /** Octets of {@code PubAuthKey}: ECCSI KPAK = 04 || x || y over P-256. */
  public static final int PUB_AUTH_KEY_LENGTH = 65;

  /** {@code @Role}. */
  public enum Role {
    /** The home KMS's own certificate (returned by init). */
    ROOT("Root"),
    /** A partner KMS's certificate (certcache). */
    EXTERNAL("External");

    private final String xml;

    Role(String xml) {
      this.xml = xml;
    }

    /** The attribute value. */
    public String xmlValue() {
      return xml;
    }

    static Optional<Role> fromXml(String value) {
      for (Role r : values()) {
        if (r.xml.equals(value)) {
          return Optional.of(r);
        }
      }
      return Optional.empty();
    }
  }

  private final String version;
  private final String id;
  private final Role role;
  private final boolean securityGateway;
  private final String certUri;
  private final String kmsUri;
  private final String issuer;
  private final Instant validFrom;
  private final Instant validTo;
  private final boolean revoked;
  private final String userIdFormat;
  private final long userKeyPeriod;
  private final long userKeyOffset;
  private final byte[] pubEncKey;
  private final byte[] pubAuthKey;
  private final Integer parameterSet;
  private final List<String> kmsDomains;
  private final OpaqueXml issuerSignature;

  private KmsCertificate(Builder b) {
    this.version = b.version;
    this.id = b.id;
    this.role = b.role;
    this.securityGateway = b.securityGateway;
    this.certUri = b.certUri;
    this.kmsUri = required(b.kmsUri, "KmsUri");
    this.issuer = b.issuer;
    this.validFrom = b.validFrom;
    this.validTo = b.validTo;
    this.revoked = b.revoked;
    this.userIdFormat = required(b.userIdFormat, "UserIdFormat");
    if (b.userKeyPeriod == null) {
      throw new IllegalStateException("UserKeyPeriod is required");
    }
    if (b.userKeyOffset == null) {
      throw new IllegalStateException("UserKeyOffset is required");
    }
    KeyPeriodPolicy.of(b.userKeyPeriod, b.userKeyOffset); // validates period > 0, offset >= 0
    this.userKeyPeriod = b.userKeyPeriod;
    this.userKeyOffset = b.userKeyOffset;
    this.pubEncKey = requiredLength(b.pubEncKey, PUB_ENC_KEY_LENGTH, "PubEncKey");
    this.pubAuthKey = requiredLength(b.pubAuthKey, PUB_AUTH_KEY_LENGTH, "PubAuthKey");
    this.parameterSet = b.parameterSet;
    this.kmsDomains = List.copyOf(b.kmsDomains);
    this.issuerSignature = b.issuerSignature;
    if (validFrom != null && validTo != null && validTo.isBefore(validFrom)) {
      throw new IllegalStateException("ValidTo is before ValidFrom");
    }
  }

  static String required(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(name + " is required");
    }
    return value;
  }

  private static byte[] requiredLength(byte[] value, int length, String name) {
    if (value == null) {
      throw new IllegalStateException(name + " is required");
    }
    if (value.length != length) {
      throw new IllegalStateException(name + " must have " + length + " octets, got " + value.length);
    }
    return value.clone();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this certificate's values (the issuer signature is dropped). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.version = version;
    b.id = id;
    b.role = role;
    b.securityGateway = securityGateway;
    b.certUri = certUri;
    b.kmsUri = kmsUri;
    b.issuer = issuer;
    b.validFrom = validFrom;
    b.validTo = validTo;
    b.revoked = revoked;
    b.userIdFormat = userIdFormat;
    b.userKeyPeriod = userKeyPeriod;
    b.userKeyOffset = userKeyOffset;
    b.pubEncKey = pubEncKey.clone();
    b.pubAuthKey = pubAuthKey.clone();
    b.parameterSet = parameterSet;
    b.kmsDomains.addAll(kmsDomains);
    return b;
  }

  /** {@code @Version} as received, or {@value KmsXml#CERTIFICATE_VERSION} by default. */
  public String version() {
    return version;
  }

  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  public Optional<Role> role() {
    return Optional.ofNullable(role);
  }

  /** {@code @IsSecurityGateway} (absent means false). */
  public boolean isSecurityGateway() {
    return securityGateway;
  }

  public Optional<String> certUri() {
    return Optional.ofNullable(certUri);
  }

  /** {@code KmsUri}: the KMS identity, P2 of the UID. */
  public String kmsUri() {
    return kmsUri;
  }

  public Optional<String> issuer() {
    return Optional.ofNullable(issuer);
  }

  public Optional<Instant> validFrom() {
    return Optional.ofNullable(validFrom);
  }

  public Optional<Instant> validTo() {
    return Optional.ofNullable(validTo);
  }

  /** {@code Revoked} (absent means false). */
  public boolean revoked() {
    return revoked;
  }

  /** {@code UserIdFormat}; "2" is the TS 33.180 F.2.1 UID. */
  public String userIdFormat() {
    return userIdFormat;
  }

  /** {@code UserKeyPeriod} in seconds (P3 of the UID). */
  public long userKeyPeriod() {
    return userKeyPeriod;
  }

  /** {@code UserKeyOffset} in seconds (P4 of the UID). */
  public long userKeyOffset() {
    return userKeyOffset;
  }

  /** The key period rule of this certificate. */
  public KeyPeriodPolicy keyPeriodPolicy() {
    return KeyPeriodPolicy.of(userKeyPeriod, userKeyOffset);
  }

  /** A copy of {@code PubEncKey}, the SAKKE KMS public key Z (257 octets). */
  public byte[] pubEncKey() {
    return pubEncKey.clone();
  }

  /** A copy of {@code PubAuthKey}, the ECCSI KPAK (65 octets). */
  public byte[] pubAuthKey() {
    return pubAuthKey.clone();
  }

  /** {@code ParameterSet}; absent means 1 (RFC 6509 Parameter Set 1). */
  public Optional<Integer> parameterSet() {
    return Optional.ofNullable(parameterSet);
  }

  /** {@code KmsDomainList/KmsDomain} values (possibly empty). */
  public List<String> kmsDomains() {
    return kmsDomains;
  }

  /** The {@code ds:Signature} of a {@code SignedKmsCertificate}, unverified, if it was signed. */
  public Optional<OpaqueXml> issuerSignature() {
    return Optional.ofNullable(issuerSignature);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KmsCertificate)) {
      return false;
    }
    KmsCertificate c = (KmsCertificate) o;
    return version.equals(c.version) && Objects.equals(id, c.id) && role == c.role
        && securityGateway == c.securityGateway && Objects.equals(certUri, c.certUri)
        && kmsUri.equals(c.kmsUri) && Objects.equals(issuer, c.issuer)
        && Objects.equals(validFrom, c.validFrom) && Objects.equals(validTo, c.validTo)
        && revoked == c.revoked && userIdFormat.equals(c.userIdFormat)
        && userKeyPeriod == c.userKeyPeriod && userKeyOffset == c.userKeyOffset
        && java.util.Arrays.equals(pubEncKey, c.pubEncKey) && java.util.Arrays.equals(pubAuthKey, c.pubAuthKey)
        && Objects.equals(parameterSet, c.parameterSet) && kmsDomains.equals(c.kmsDomains)
        && Objects.equals(issuerSignature, c.issuerSignature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kmsUri, certUri, userKeyPeriod, userKeyOffset, java.util.Arrays.hashCode(pubAuthKey));
  }

  @Override
  public String toString() {
    return "KmsCertificate[" + kmsUri + (certUri == null ? "" : ", cert " + certUri)
        + (role == null ? "" : ", " + role.xmlValue()) + ", period " + userKeyPeriod + "s/" + userKeyOffset
        + "s, KPAK " + HexFormat.of().formatHex(pubAuthKey, 0, 9) + "..." + (revoked ? ", revoked" : "") + "]";
  }

  /** Builder; {@link #build()} checks the required fields and key lengths. */
  public static final class Builder {
    private String version = KmsXml.CERTIFICATE_VERSION;
    private String id;
    private Role role;
    private boolean securityGateway;
    private String certUri;
    private String kmsUri;
    private String issuer;
    private Instant validFrom;
    private Instant validTo;
    private boolean revoked;
    private String userIdFormat;
    private Long userKeyPeriod;
    private Long userKeyOffset;
    private byte[] pubEncKey;
    private byte[] pubAuthKey;
    private Integer parameterSet;
    private final List<String> kmsDomains = new ArrayList<>();
    private OpaqueXml issuerSignature;

    private Builder() {}

    public Builder version(String version) {
      this.version = Objects.requireNonNull(version);
      return this;
    }

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder role(Role role) {
      this.role = role;
      return this;
    }

    public Builder securityGateway(boolean securityGateway) {
      this.securityGateway = securityGateway;
      return this;
    }

    public Builder certUri(String certUri) {
      this.certUri = certUri;
      return this;
    }

    public Builder kmsUri(String kmsUri) {
      this.kmsUri = kmsUri;
      return this;
    }

    public Builder issuer(String issuer) {
      this.issuer = issuer;
      return this;
    }

    public Builder validFrom(Instant validFrom) {
      this.validFrom = validFrom;
      return this;
    }

    public Builder validTo(Instant validTo) {
      this.validTo = validTo;
      return this;
    }

    public Builder revoked(boolean revoked) {
      this.revoked = revoked;
      return this;
    }

    public Builder userIdFormat(String userIdFormat) {
      this.userIdFormat = userIdFormat;
      return this;
    }

    public Builder userKeyPeriod(long seconds) {
      this.userKeyPeriod = seconds;
      return this;
    }

    public Builder userKeyOffset(long seconds) {
      this.userKeyOffset = seconds;
      return this;
    }

    /** Sets UserKeyPeriod and UserKeyOffset from a policy. */
    public Builder keyPeriodPolicy(KeyPeriodPolicy policy) {
      this.userKeyPeriod = policy.periodSeconds();
      this.userKeyOffset = policy.offsetSeconds();
      return this;
    }

    public Builder pubEncKey(byte[] z) {
      this.pubEncKey = z.clone();
      return this;
    }

    public Builder pubAuthKey(byte[] kpak) {
      this.pubAuthKey = kpak.clone();
      return this;
    }

    public Builder parameterSet(Integer parameterSet) {
      this.parameterSet = parameterSet;
      return this;
    }

    public Builder addKmsDomain(String domain) {
      this.kmsDomains.add(Objects.requireNonNull(domain));
      return this;
    }

    public Builder issuerSignature(OpaqueXml signature) {
      this.issuerSignature = signature;
      return this;
    }

    /**
     * @throws IllegalStateException if KmsUri, UserIdFormat, UserKeyPeriod, UserKeyOffset,
     *     PubEncKey or PubAuthKey is missing, a key has the wrong length or the period is invalid
     */
    public KmsCertificate build() {
      try {
        return new KmsCertificate(this);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
  }
}
