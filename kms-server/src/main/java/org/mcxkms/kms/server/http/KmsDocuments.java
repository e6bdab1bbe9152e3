package org.mcxkms.kms.server.http;

import java.util.ArrayList;
import java.util.List;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.kms.protocol.KeyContent;
import org.mcxkms.kms.protocol.KmsCertCache;
import org.mcxkms.kms.protocol.KmsLookup;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.protocol.KmsInit;
import org.mcxkms.kms.protocol.KmsKeyProv;
import org.mcxkms.kms.protocol.KmsKeySet;
import org.mcxkms.kms.protocol.KmsXml;
import org.mcxkms.kms.server.core.KmsOutcome;
import org.mcxkms.kms.server.domain.CertificateKeys;
import org.mcxkms.kms.server.domain.RootCertificates;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.kms.server.error.KmsException;
import org.mcxkms.kms.server.issue.IssuedKeySet;
import org.mcxkms.kms.server.issue.KeySet;
import org.mcxkms.kms.server.store.RedirectRecord;

/**
 * The outcomes of the Annex D requests as Annex D documents (TS 33.180 D.3.1 to D.3.3), and as the
 * answer the front controller sends: the one place where an outcome becomes a status and a
 * message.
 */
final class KmsDocuments {
  private static final SecretBytes EMPTY = SecretBytes.copyOf(new byte[0], SecretAccess.get());

  private final String kmsUri;
  private final String issuer;
  private final KeyPeriodPolicy policy;

  KmsDocuments(String kmsUri, String issuer, KeyPeriodPolicy policy) {
    this.kmsUri = kmsUri;
    this.issuer = issuer;
    this.policy = policy;
  }

  /** The answer to {@code outcome}, with what its audit records say. */
  KmsAnswer answer(KmsOutcome outcome) {
    if (outcome instanceof KmsOutcome.Initialized i) {
      return new KmsAnswer.Served(KmsInit.of(certificate(i.certificate())), i.caller().uri(), List.of(),
          "certificate " + i.certificate().number());
    }
    if (outcome instanceof KmsOutcome.KeysProvided k) {
      List<Long> periods = new ArrayList<>();
      for (KeySet s : k.sets()) {
        periods.add(s.period());
      }
      return new KmsAnswer.Served(keyProv(k.sets()), k.target().uri(), periods, describe(k.sets()));
    }
    if (outcome instanceof KmsOutcome.KeysRevoked r) {
      KmsException refusal = new KmsException(KmsErrorCode.IDENTITY_REVOKED,
          "the key material of " + r.target().uri() + " is revoked");
      return new KmsAnswer.Refused(refusal, keyProv(r.marks()), r.target().uri());
    }
    if (outcome instanceof KmsOutcome.CertificatesListed c) {
      List<KmsCertificate> certificates = new ArrayList<>();
      for (CertificateKeys cert : c.certificates()) {
        certificates.add(certificate(cert));
      }
      certificates.addAll(c.external());
      return new KmsAnswer.Served(KmsCertCache.of(c.cacheNum(), certificates).withMigrationKmss(c.migration()), null,
          List.of(), "cache " + c.cacheNum() + ", " + c.certificates().size() + " certificate(s), "
              + c.external().size() + " external, " + c.migration().size() + " migration");
    }
    if (outcome instanceof KmsOutcome.Discovered d) {
      return new KmsAnswer.Served(KmsLookup.of(d.userUri(), d.kmsUri()), d.userUri(), List.of(),
          d.userUri() + " in " + d.kmsUri());
    }
    if (outcome instanceof KmsOutcome.RedirectsRecorded r) {
      KmsAnswer.Served cache = (KmsAnswer.Served) answer(r.cache());
      StringBuilder d = new StringBuilder("recorded ").append(r.recorded().added().size()).append(" KRR(s)");
      for (RedirectRecord k : r.recorded().added()) {
        d.append("; ").append(k.processorUri()).append(" refused ").append(k.rejectedKmsUri()).append(" for ")
            .append(k.initiatorUri()).append(" -> ").append(k.receiverUri());
      }
      if (r.recorded().alreadyRecorded() > 0) {
        d.append("; ").append(r.recorded().alreadyRecorded()).append(" already recorded");
      }
      return new KmsAnswer.Served(cache.message(), null, List.of(), d.toString());
    }
    throw new IllegalStateException("unknown outcome " + outcome.getClass().getSimpleName());
  }

  private static String describe(List<? extends KeySet> sets) {
    StringBuilder sb = new StringBuilder("periods");
    for (KeySet s : sets) {
      sb.append(' ').append(s.period()).append(s instanceof IssuedKeySet ? "" : "(revoked)");
    }
    return sb.append(" cert ").append(sets.get(0).certUri()).toString();
  }

  /** A complete KmsCertificate: UserIdFormat 2 (F.2.1 UID), Parameter Set 1 (RFC 6509). */
  KmsCertificate certificate(CertificateKeys c) {
    return RootCertificates.of(kmsUri, issuer, policy, c);
  }

  private KmsKeyProv keyProv(List<? extends KeySet> sets) {
    List<KmsKeySet> out = new ArrayList<>();
    for (KeySet s : sets) {
      out.add(keySet(s));
    }
    return KmsKeyProv.of(out);
  }

  /** A KmsKeySet; a revocation mark has Revoked=true and empty key elements (D.3.3). */
  KmsKeySet keySet(KeySet s) {
    KmsKeySet.Builder b = KmsKeySet.builder()
        .version(KmsXml.KEY_SET_VERSION)
        .kmsUri(kmsUri)
        .certUri(s.certUri())
        .issuer(issuer)
        .userUri(s.userUri())
        .userId(s.uid())
        .validFrom(s.validFrom())
        .validTo(s.validTo())
        .keyPeriodNo(s.period());
    if (s instanceof IssuedKeySet k) {
      return b.revoked(false)
          .userDecryptKey(KeyContent.plain(k.rsk().toSecretBytes()))
          .userSigningKeySsk(KeyContent.plain(k.ssk().toSecretBytes()))
          .userPubTokenPvt(KeyContent.plain(SecretBytes.copyOf(k.pvt().toByteArray(), SecretAccess.get())))
          .build();
    }
    return b.revoked(true)
        .userDecryptKey(KeyContent.plain(EMPTY))
        .userSigningKeySsk(KeyContent.plain(EMPTY))
        .userPubTokenPvt(KeyContent.plain(EMPTY))
        .build();
  }
}
