package org.mcxkms.kms.protocol;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.mcxkms.crypto.uid.Uid;

/**
 * A {@code KmsKeySet} (TS 33.180 D.3.3): the key material of one identity for one key period:
 * the SAKKE RSK ({@code UserDecryptKey}, 257 octets), the ECCSI SSK ({@code UserSigningKeySSK},
 * 32 octets) and PVT ({@code UserPubTokenPVT}, 65 octets), each in clear or encrypted under the
 * TrK ({@link KeyContent}). Immutable; {@link #toString()} never shows key material.
 */
public final class KmsKeySet {
  /** Octets of a clear {@code UserDecryptKey} (RSK = 04 || x || y, Parameter Set 1). */
  public static final int RSK_LENGTH = 257;
  /** Octets of a clear {@code UserSigningKeySSK}. */
  public static final int SSK_LENGTH = 32;
  /** Octets of a clear {@code UserPubTokenPVT} (04 || x || y, P-256). */
  public static final int PVT_LENGTH = 65;

  private final String version;
  private final String id;
  private final String kmsUri;
  private final String certUri;
  private final String issuer;
  private final String userUri;
  private final Uid userId;
  private final Instant validFrom;
  private final Instant validTo;
  private final long keyPeriodNo;
  private final boolean revoked;
  private final KeyContent userDecryptKey;
  private final KeyContent userSigningKeySsk;
  private final KeyContent userPubTokenPvt;

  private KmsKeySet(Builder b) {
    this.version = b.version;
    this.id = b.id;
    this.kmsUri = KmsCertificate.required(b.kmsUri, "KmsUri");
    this.certUri = b.certUri;
    this.issuer = b.issuer;
    this.userUri = KmsCertificate.required(b.userUri, "UserUri");
    if (b.userId == null) {
      throw new IllegalStateException("UserID is required");
    }
    this.userId = b.userId;
    this.validFrom = b.validFrom;
    this.validTo = b.validTo;
    if (b.keyPeriodNo == null) {
      throw new IllegalStateException("KeyPeriodNo is required");
    }
    if (b.keyPeriodNo < 0) {
      throw new IllegalStateException("KeyPeriodNo must not be negative");
    }
    this.keyPeriodNo = b.keyPeriodNo;
    this.revoked = b.revoked;
    this.userDecryptKey = checked(b.userDecryptKey, RSK_LENGTH, "UserDecryptKey", revoked);
    this.userSigningKeySsk = checked(b.userSigningKeySsk, SSK_LENGTH, "UserSigningKeySSK", revoked);
    this.userPubTokenPvt = checked(b.userPubTokenPvt, PVT_LENGTH, "UserPubTokenPVT", revoked);
  }

  /**
   * A clear key must have its exact length, except in a revoked key set, where it may be empty: a
   * KMS marks a revoked period without handing out its key material (empty hexBinary is valid).
   */
  private static KeyContent checked(KeyContent k, int length, String name, boolean revoked) {
    if (k == null) {
      throw new IllegalStateException(name + " is required");
    }
    if (revoked && !k.isEncrypted() && k.plain().length() == 0) {
      return k;
    }
    if (!k.isEncrypted() && k.plain().length() != length) {
      throw new IllegalStateException(name + " must have " + length + " octets, got " + k.plain().length());
    }
    return k;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.version = version;
    b.id = id;
    b.kmsUri = kmsUri;
    b.certUri = certUri;
    b.issuer = issuer;
    b.userUri = userUri;
    b.userId = userId;
    b.validFrom = validFrom;
    b.validTo = validTo;
    b.keyPeriodNo = keyPeriodNo;
    b.revoked = revoked;
    b.userDecryptKey = userDecryptKey;
    b.userSigningKeySsk = userSigningKeySsk;
    b.userPubTokenPvt = userPubTokenPvt;
    return b;
  }

  /** {@code @Version} as received ({@value KmsXml#KEY_SET_VERSION} by default). */
  public String version() {
    return version;
  }

  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  public String kmsUri() {
    return kmsUri;
  }

  public Optional<String> certUri() {
    return Optional.ofNullable(certUri);
  }

  public Optional<String> issuer() {
    return Optional.ofNullable(issuer);
  }

  /** {@code UserUri}: the identity these keys are for (P1 of the UID). */
  public String userUri() {
    return userUri;
  }

  /** {@code UserID}: the UID these keys are issued to. */
  public Uid userId() {
    return userId;
  }

  public Optional<Instant> validFrom() {
    return Optional.ofNullable(validFrom);
  }

  public Optional<Instant> validTo() {
    return Optional.ofNullable(validTo);
  }

  /** {@code KeyPeriodNo} (P5 of the UID). */
  public long keyPeriodNo() {
    return keyPeriodNo;
  }

  /** {@code Revoked} (absent means false). */
  public boolean revoked() {
    return revoked;
  }

  /** {@code UserDecryptKey}: the SAKKE RSK. */
  public KeyContent userDecryptKey() {
    return userDecryptKey;
  }

  /** {@code UserSigningKeySSK}: the ECCSI SSK. */
  public KeyContent userSigningKeySsk() {
    return userSigningKeySsk;
  }

  /** {@code UserPubTokenPVT}: the ECCSI PVT. */
  public KeyContent userPubTokenPvt() {
    return userPubTokenPvt;
  }

  /** True if any of the three key elements is encrypted. */
  public boolean isEncrypted() {
    return userDecryptKey.isEncrypted() || userSigningKeySsk.isEncrypted() || userPubTokenPvt.isEncrypted();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KmsKeySet)) {
      return false;
    }
    KmsKeySet k = (KmsKeySet) o;
    return version.equals(k.version) && Objects.equals(id, k.id) && kmsUri.equals(k.kmsUri)
        && Objects.equals(certUri, k.certUri) && Objects.equals(issuer, k.issuer) && userUri.equals(k.userUri)
        && userId.equals(k.userId) && Objects.equals(validFrom, k.validFrom) && Objects.equals(validTo, k.validTo)
        && keyPeriodNo == k.keyPeriodNo && revoked == k.revoked && userDecryptKey.equals(k.userDecryptKey)
        && userSigningKeySsk.equals(k.userSigningKeySsk) && userPubTokenPvt.equals(k.userPubTokenPvt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(userUri, userId, keyPeriodNo);
  }

  @Override
  public String toString() {
    return "KmsKeySet[" + userUri + ", period " + keyPeriodNo + ", UID " + userId.toHex()
        + (isEncrypted() ? ", encrypted" : ", clear") + (revoked ? ", revoked" : "") + ", keys redacted]";
  }

  /** Builder; {@link #build()} checks required fields and the length of clear keys. */
  public static final class Builder {
    private String version = KmsXml.KEY_SET_VERSION;
    private String id;
    private String kmsUri;
    private String certUri;
    private String issuer;
    private String userUri;
    private Uid userId;
    private Instant validFrom;
    private Instant validTo;
    private Long keyPeriodNo;
    private boolean revoked;
    private KeyContent userDecryptKey;
    private KeyContent userSigningKeySsk;
    private KeyContent userPubTokenPvt;

    private Builder() {}

    public Builder version(String version) {
      this.version = Objects.requireNonNull(version);
      return this;
    }

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder kmsUri(String kmsUri) {
      this.kmsUri = kmsUri;
      return this;
    }

    public Builder certUri(String certUri) {
      this.certUri = certUri;
      return this;
    }

    public Builder issuer(String issuer) {
      this.issuer = issuer;
      return this;
    }

    public Builder userUri(String userUri) {
      this.userUri = userUri;
      return this;
    }

    public Builder userId(Uid userId) {
      this.userId = userId;
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

    public Builder keyPeriodNo(long keyPeriodNo) {
      this.keyPeriodNo = keyPeriodNo;
      return this;
    }

    public Builder revoked(boolean revoked) {
      this.revoked = revoked;
      return this;
    }

    public Builder userDecryptKey(KeyContent rsk) {
      this.userDecryptKey = rsk;
      return this;
    }

    public Builder userSigningKeySsk(KeyContent ssk) {
      this.userSigningKeySsk = ssk;
      return this;
    }

    public Builder userPubTokenPvt(KeyContent pvt) {
      this.userPubTokenPvt = pvt;
      return this;
    }

    /**
     * @throws IllegalStateException if a required field is missing or a clear key has the wrong length
     */
    public KmsKeySet build() {
      return new KmsKeySet(this);
    }
  }
}
