package org.mcxkms.kms.protocol;

import static org.mcxkms.kms.protocol.Fields.required;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 * @param version {@code @Version} as received, or {@value KmsXml#CERTIFICATE_VERSION} by default
 * @param isSecurityGateway {@code @IsSecurityGateway} (absent means false)
 * @param kmsUri {@code KmsUri}: the KMS identity, P2 of the UID
 * @param revoked {@code Revoked} (absent means false)
 * @param userIdFormat {@code UserIdFormat}; "2" is the TS 33.180 F.2.1 UID
 * @param userKeyPeriod {@code UserKeyPeriod} in seconds (P3 of the UID)
 * @param userKeyOffset {@code UserKeyOffset} in seconds (P4 of the UID)
 * @param pubEncKey {@code PubEncKey}, the SAKKE KMS public key Z (257 octets)
 * @param pubAuthKey {@code PubAuthKey}, the ECCSI KPAK (65 octets)
 * @param parameterSet {@code ParameterSet}; absent means 1 (RFC 6509 Parameter Set 1)
 * @param kmsDomains {@code KmsDomainList/KmsDomain} values (possibly empty)
 * @param issuerSignature the {@code ds:Signature} of a {@code SignedKmsCertificate}, kept verbatim;
 *     its algorithm is UNCONFIRMED and it is not verified by this module
 */
public record KmsCertificate(String version, Optional<String> id, Optional<Role> role, boolean isSecurityGateway,
    Optional<String> certUri, String kmsUri, Optional<String> issuer, Optional<Instant> validFrom,
    Optional<Instant> validTo, boolean revoked, String userIdFormat, long userKeyPeriod, long userKeyOffset,
    byte[] pubEncKey, byte[] pubAuthKey, Optional<Integer> parameterSet, List<String> kmsDomains,
    Optional<OpaqueXml> issuerSignature) {
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
      return Arrays.stream(values()).filter(r -> r.xml.equals(value)).findFirst();
    }
  }

  /**
   * @throws IllegalStateException if KmsUri, UserIdFormat, PubEncKey or PubAuthKey is missing, a
   *     key has the wrong length, the period is invalid or ValidTo is before ValidFrom
   */
  public KmsCertificate {
    Objects.requireNonNull(version, "Version");
    Objects.requireNonNull(id, "Id");
    Objects.requireNonNull(role, "Role");
    Objects.requireNonNull(certUri, "CertUri");
    required(kmsUri, "KmsUri");
    Objects.requireNonNull(issuer, "Issuer");
    Objects.requireNonNull(validFrom, "ValidFrom");
    Objects.requireNonNull(validTo, "ValidTo");
    required(userIdFormat, "UserIdFormat");
    try {
      KeyPeriodPolicy.of(userKeyPeriod, userKeyOffset); // validates period > 0, offset >= 0
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    pubEncKey = requiredLength(pubEncKey, PUB_ENC_KEY_LENGTH, "PubEncKey");
    pubAuthKey = requiredLength(pubAuthKey, PUB_AUTH_KEY_LENGTH, "PubAuthKey");
    Objects.requireNonNull(parameterSet, "ParameterSet");
    kmsDomains = List.copyOf(kmsDomains);
    Objects.requireNonNull(issuerSignature, "Signature");
    if (validFrom.isPresent() && validTo.isPresent() && validTo.get().isBefore(validFrom.get())) {
      throw new IllegalStateException("ValidTo is before ValidFrom");
    }
  }

  private static byte[] requiredLength(byte[] value, int length, String name) {
    required(value, name);
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
    b.id = id.orElse(null);
    b.role = role.orElse(null);
    b.securityGateway = isSecurityGateway;
    b.certUri = certUri.orElse(null);
    b.kmsUri = kmsUri;
    b.issuer = issuer.orElse(null);
    b.validFrom = validFrom.orElse(null);
    b.validTo = validTo.orElse(null);
    b.revoked = revoked;
    b.userIdFormat = userIdFormat;
    b.userKeyPeriod = userKeyPeriod;
    b.userKeyOffset = userKeyOffset;
    b.pubEncKey = pubEncKey;
    b.pubAuthKey = pubAuthKey;
    b.parameterSet = parameterSet.orElse(null);
    b.kmsDomains.addAll(kmsDomains);
    return b;
  }

  /** The key period rule of this certificate. */
  public KeyPeriodPolicy keyPeriodPolicy() {
    return KeyPeriodPolicy.of(userKeyPeriod, userKeyOffset);
  }

  /** A copy of {@code PubEncKey}, the SAKKE KMS public key Z (257 octets). */
  @Override
  public byte[] pubEncKey() {
    return pubEncKey.clone();
  }

  /** A copy of {@code PubAuthKey}, the ECCSI KPAK (65 octets). */
  @Override
  public byte[] pubAuthKey() {
    return pubAuthKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KmsCertificate c && version.equals(c.version) && id.equals(c.id) && role.equals(c.role)
        && isSecurityGateway == c.isSecurityGateway && certUri.equals(c.certUri) && kmsUri.equals(c.kmsUri)
        && issuer.equals(c.issuer) && validFrom.equals(c.validFrom) && validTo.equals(c.validTo)
        && revoked == c.revoked && userIdFormat.equals(c.userIdFormat) && userKeyPeriod == c.userKeyPeriod
        && userKeyOffset == c.userKeyOffset && Arrays.equals(pubEncKey, c.pubEncKey)
        && Arrays.equals(pubAuthKey, c.pubAuthKey) && parameterSet.equals(c.parameterSet)
        && kmsDomains.equals(c.kmsDomains) && issuerSignature.equals(c.issuerSignature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kmsUri, certUri, userKeyPeriod, userKeyOffset, Arrays.hashCode(pubAuthKey));
  }

  @Override
  public String toString() {
    return "KmsCertificate[" + kmsUri + certUri.map(u -> ", cert " + u).orElse("")
        + role.map(r -> ", " + r.xmlValue()).orElse("") + ", period " + userKeyPeriod + "s/" + userKeyOffset
        + "s, KPAK " + HexFormat.of().formatHex(pubAuthKey, 0, 9) + "..." + (revoked ? ", revoked" : "") + "]";
  }

  /** Collects the fields, most of them optional; {@link #build()} hands them to the record. */
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
      return new KmsCertificate(version, Optional.ofNullable(id), Optional.ofNullable(role), securityGateway,
          Optional.ofNullable(certUri), kmsUri, Optional.ofNullable(issuer), Optional.ofNullable(validFrom),
          Optional.ofNullable(validTo), revoked, userIdFormat, required(userKeyPeriod, "UserKeyPeriod"),
          required(userKeyOffset, "UserKeyOffset"), pubEncKey, pubAuthKey, Optional.ofNullable(parameterSet),
          kmsDomains, Optional.ofNullable(issuerSignature));
    }
  }
}
