package org.mcxkms.kms.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One KMS certificate of the domain (TS 33.180 D.3.2): its number (1, 2, ... in rotation order),
 * CertUri, validity, the public keys Z ({@code PubEncKey}) and KPAK ({@code PubAuthKey}) in hex,
 * and its master secrets KSAK and z <b>sealed</b> (AEAD ciphertext under the key-encryption key,
 * which the store never sees; see {@code seal.Sealer}).
 */
public record CertificateRecord(
    int number,
    String certUri,
    Instant validFrom,
    Instant validTo,
    boolean revoked,
    String pubEncKeyHex,
    String pubAuthKeyHex,
    String sealedSecrets,
    Instant createdAt) {
  public CertificateRecord {
    if (number < 1) {
      throw new IllegalArgumentException("certificate number must be >= 1");
    }
    Objects.requireNonNull(certUri, "certUri");
    Objects.requireNonNull(pubEncKeyHex, "pubEncKeyHex");
    Objects.requireNonNull(pubAuthKeyHex, "pubAuthKeyHex");
    Objects.requireNonNull(sealedSecrets, "sealedSecrets");
    validFrom = Times.micros(validFrom);
    validTo = Times.micros(validTo);
    createdAt = Times.micros(createdAt);
  }

  @Override
  public String toString() {
    return "CertificateRecord[" + number + ", " + certUri + ", " + validFrom + " .. " + validTo
        + (revoked ? ", revoked" : "") + "]";
  }
}
