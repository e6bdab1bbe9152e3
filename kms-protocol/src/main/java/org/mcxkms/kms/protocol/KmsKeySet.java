package org.mcxkms.kms.protocol;

import static org.mcxkms.kms.protocol.Fields.required;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.mcxkms.crypto.uid.Uid;

/**
 * A {@code KmsKeySet} (TS 33.180 D.3.3): the key material of one identity for one key period:
 * the SAKKE RSK ({@code UserDecryptKey}, 257 octets), the ECCSI SSK ({@code UserSigningKeySSK},
 * 32 octets) and PVT ({@code UserPubTokenPVT}, 65 octets), each in clear or encrypted under the
 * TrK ({@link KeyContent}). Immutable; {@link #toString()} never shows key material.
 *
 * @param version {@code @Version} as received ({@value KmsXml#KEY_SET_VERSION} by default)
 * @param userUri {@code UserUri}: the identity these keys are for (P1 of the UID)
 * @param userId {@code UserID}: the UID these keys are issued to
 * @param keyPeriodNo {@code KeyPeriodNo} (P5 of the UID)
 * @param revoked {@code Revoked} (absent means false)
 * @param userDecryptKey {@code UserDecryptKey}: the SAKKE RSK
 * @param userSigningKeySsk {@code UserSigningKeySSK}: the ECCSI SSK
 * @param userPubTokenPvt {@code UserPubTokenPVT}: the ECCSI PVT
 */
public record KmsKeySet(String version, Optional<String> id, String kmsUri, Optional<String> certUri,
    Optional<String> issuer, String userUri, Uid userId, Optional<Instant> validFrom, Optional<Instant> validTo,
    long keyPeriodNo, boolean revoked, KeyContent userDecryptKey, KeyContent userSigningKeySsk,
    KeyContent userPubTokenPvt) {
  /** Octets of a clear {@code UserDecryptKey} (RSK = 04 || x || y, Parameter Set 1). */
  public static final int RSK_LENGTH = 257;
  /** Octets of a clear {@code UserSigningKeySSK}. */
  public static final int SSK_LENGTH = 32;
  /** Octets of a clear {@code UserPubTokenPVT} (04 || x || y, P-256). */
  public static final int PVT_LENGTH = 65;

  /** @throws IllegalStateException if a required field is missing or a clear key has the wrong length */
  public KmsKeySet {
    Objects.requireNonNull(version, "Version");
    Objects.requireNonNull(id, "Id");
    required(kmsUri, "KmsUri");
    Objects.requireNonNull(certUri, "CertUri");
    Objects.requireNonNull(issuer, "Issuer");
    required(userUri, "UserUri");
    required(userId, "UserID");
    Objects.requireNonNull(validFrom, "ValidFrom");
    Objects.requireNonNull(validTo, "ValidTo");
    if (keyPeriodNo < 0) {
      throw new IllegalStateException("KeyPeriodNo must not be negative");
    }
    checkLength(userDecryptKey, RSK_LENGTH, "UserDecryptKey", revoked);
    checkLength(userSigningKeySsk, SSK_LENGTH, "UserSigningKeySSK", revoked);
    checkLength(userPubTokenPvt, PVT_LENGTH, "UserPubTokenPVT", revoked);
  }

  /**
   * A clear key must have its exact length, except in a revoked key set, where it may be empty: a
   * KMS marks a revoked period without handing out its key material (empty hexBinary is valid).
   */
  private static void checkLength(KeyContent k, int length, String name, boolean revoked) {
    required(k, name);
    if (k.isEncrypted() || (revoked && k.plain().length() == 0)) {
      return;
    }
    if (k.plain().length() != length) {
      throw new IllegalStateException(name + " must have " + length + " octets, got " + k.plain().length());
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.version = version;
    b.id = id.orElse(null);
    b.kmsUri = kmsUri;
    b.certUri = certUri.orElse(null);
    b.issuer = issuer.orElse(null);
    b.userUri = userUri;
    b.userId = userId;
    b.validFrom = validFrom.orElse(null);
    b.validTo = validTo.orElse(null);
    b.keyPeriodNo = keyPeriodNo;
    b.revoked = revoked;
    b.userDecryptKey = userDecryptKey;
    b.userSigningKeySsk = userSigningKeySsk;
    b.userPubTokenPvt = userPubTokenPvt;
    return b;
  }

  /** True if any of the three key elements is encrypted. */
  public boolean isEncrypted() {
    return userDecryptKey.isEncrypted() || userSigningKeySsk.isEncrypted() || userPubTokenPvt.isEncrypted();
  }

  @Override
  public String toString() {
    return "KmsKeySet[" + userUri + ", period " + keyPeriodNo + ", UID " + userId.toHex()
        + (isEncrypted() ? ", encrypted" : ", clear") + (revoked ? ", revoked" : "") + ", keys redacted]";
  }

  /** Collects the fields, several of them optional; {@link #build()} hands them to the record. */
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
      return new KmsKeySet(version, Optional.ofNullable(id), kmsUri, Optional.ofNullable(certUri),
          Optional.ofNullable(issuer), userUri, userId, Optional.ofNullable(validFrom), Optional.ofNullable(validTo),
          required(keyPeriodNo, "KeyPeriodNo"), revoked, userDecryptKey, userSigningKeySsk, userPubTokenPvt);
    }
  }
}
