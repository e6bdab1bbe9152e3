package org.mcxkms.kms.server.core;

import java.util.List;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.protocol.MigrationKms;
import org.mcxkms.kms.server.domain.CertificateKeys;
import org.mcxkms.kms.server.domain.RedirectResponses;
import org.mcxkms.kms.server.issue.KeySet;
import org.mcxkms.kms.server.issue.RevokedKeySet;
import org.mcxkms.kms.server.store.IdentityRecord;

/**
 * What an Annex D request produced, as data; the HTTP layer turns each kind into a status and a
 * document in one place. Refusals without data (policy, periods, certificates) are
 * {@code KmsException}s.
 */
public sealed interface KmsOutcome {
  /** KMS Initialize (TS 33.180 D.2): the current Root certificate. */
  record Initialized(IdentityRecord caller, CertificateKeys certificate) implements KmsOutcome {}

  /** KeyProvision (D.3.3): at least one issued key set; revoked periods are marks among them. */
  record KeysProvided(IdentityRecord target, List<KeySet> sets) implements KmsOutcome {
    public KeysProvided {
      sets = List.copyOf(sets);
    }
  }

  /**
   * KeyProvision where every requested key set is revoked: a refusal that still carries the marks,
   * so a client that reads either the error or the key sets learns to discard its keys.
   */
  record KeysRevoked(IdentityRecord target, List<RevokedKeySet> marks) implements KmsOutcome {
    public KeysRevoked {
      marks = List.copyOf(marks);
    }
  }

  /** Discovery Lookup (TS 33.180 D.1, Rel-17): {@code userUri} belongs to {@code kmsUri}. */
  record Discovered(String userUri, String kmsUri) implements KmsOutcome {}

  /** CertCache (D.2): the cache number and the certificates new to the client. */
  /** Our certificates (Role Root) and the External KMS certificates (Role External, TS 33.180 5.3.1). */
  /** With the Migration KMSs the certificate cache lists (TS 33.180 5.3.1; our extension). */
  record CertificatesListed(long cacheNum, List<CertificateKeys> certificates, List<KmsCertificate> external,
      List<MigrationKms> migration) implements KmsOutcome {
    public CertificatesListed {
      certificates = List.copyOf(certificates);
      external = List.copyOf(external);
      migration = List.copyOf(migration);
    }

    public CertificatesListed(long cacheNum, List<CertificateKeys> certificates, List<KmsCertificate> external) {
      this(cacheNum, certificates, external, List.of());
    }

    public CertificatesListed(long cacheNum, List<CertificateKeys> certificates) {
      this(cacheNum, certificates, List.of());
    }
  }

  /**
   * Redirect (TS 33.180 D.2.2 KrrList, 5.3.1): the KRRs recorded, with the certificate cache the
   * answer carries (a KmsResponse needs a KmsMessage and D.3 names none for redirect).
   */
  record RedirectsRecorded(RedirectResponses.Recorded recorded, CertificatesListed cache) implements KmsOutcome {}
}
