package org.mcxkms.kms.server.domain;

import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.protocol.KmsXml;

/** This KMS's certificates as {@code KmsCertificate}s (TS 33.180 D.3.2), the one place they are built. */
public final class RootCertificates {
  private RootCertificates() {}

  /** A complete KmsCertificate, Role Root: UserIdFormat 2 (F.2.1 UID), Parameter Set 1 (RFC 6509). */
  public static KmsCertificate of(String kmsUri, String issuer, KeyPeriodPolicy policy, CertificateKeys c) {
    return KmsCertificate.builder()
        .version(KmsXml.CERTIFICATE_VERSION)
        .role(KmsCertificate.Role.ROOT)
        .certUri(c.certUri())
        .kmsUri(kmsUri)
        .issuer(issuer)
        .validFrom(c.validFrom())
        .validTo(c.validTo())
        .revoked(c.record().revoked())
        .userIdFormat("2")
        .keyPeriodPolicy(policy)
        .pubEncKey(c.pubEncKey())
        .pubAuthKey(c.pubAuthKey())
        .parameterSet(1)
        .build();
  }

  /** {@link #of} for a certificate of {@code domain}. */
  public static KmsCertificate of(SecurityDomain domain, CertificateKeys c) {
    return of(domain.kmsUri(), domain.issuer(), domain.policy(), c);
  }
}
