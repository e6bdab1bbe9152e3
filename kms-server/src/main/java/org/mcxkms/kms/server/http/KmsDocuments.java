package org.mcxkms.kms.server.http;

import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.kms.protocol.KeyContent;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.protocol.KmsKeySet;
import org.mcxkms.kms.protocol.KmsXml;
import org.mcxkms.kms.server.core.KeySetEntry;
import org.mcxkms.kms.server.domain.CertificateKeys;
import org.mcxkms.kms.server.domain.SecurityDomain;

/** Our domain objects as Annex D model objects (TS 33.180 D.3.2, D.3.3). */
final class KmsDocuments {
  private static final SecretBytes EMPTY = SecretBytes.copyOf(new byte[0], SecretAccess.get());

  private KmsDocuments() {}

  /** A complete KmsCertificate: UserIdFormat 2 (F.2.1 UID), Parameter Set 1 (RFC 6509). */
  static KmsCertificate certificate(SecurityDomain domain, CertificateKeys c) {
    return KmsCertificate.builder()
        .version(KmsXml.CERTIFICATE_VERSION)
        .role(KmsCertificate.Role.ROOT)
        .certUri(c.certUri())
        .kmsUri(domain.kmsUri())
        .issuer(domain.issuer())
        .validFrom(c.validFrom())
        .validTo(c.validTo())
        .revoked(c.record().revoked())
        .userIdFormat("2")
        .keyPeriodPolicy(domain.policy())
        .pubEncKey(c.pubEncKey())
        .pubAuthKey(c.pubAuthKey())
        .parameterSet(1)
        .build();
  }

  /** A KmsKeySet; a revocation mark has Revoked=true and empty key elements. */
  static KmsKeySet keySet(SecurityDomain domain, KeySetEntry e) {
    KmsKeySet.Builder b = KmsKeySet.builder()
        .version(KmsXml.KEY_SET_VERSION)
        .kmsUri(domain.kmsUri())
        .certUri(e.certUri())
        .issuer(domain.issuer())
        .userUri(e.userUri())
        .userId(e.uid())
        .validFrom(e.validFrom())
        .validTo(e.validTo())
        .keyPeriodNo(e.period())
        .revoked(e.revoked());
    if (e.revoked()) {
      b.userDecryptKey(KeyContent.plain(EMPTY))
          .userSigningKeySsk(KeyContent.plain(EMPTY))
          .userPubTokenPvt(KeyContent.plain(EMPTY));
    } else {
      b.userDecryptKey(KeyContent.plain(e.keys().rsk().toSecretBytes()))
          .userSigningKeySsk(KeyContent.plain(e.keys().ssk().toSecretBytes()))
          .userPubTokenPvt(KeyContent.plain(SecretBytes.copyOf(e.keys().pvt().toByteArray(), SecretAccess.get())));
    }
    return b.build();
  }
}
