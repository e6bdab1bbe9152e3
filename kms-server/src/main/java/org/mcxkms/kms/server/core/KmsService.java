package org.mcxkms.kms.server.core;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.protocol.KrrException;
import org.mcxkms.kms.protocol.OpaqueXml;
import org.mcxkms.kms.server.auth.Caller;
import org.mcxkms.kms.server.domain.CertificateKeys;
import org.mcxkms.kms.server.domain.ExternalKmss;
import org.mcxkms.kms.server.domain.MigrationKmss;
import org.mcxkms.kms.server.domain.RedirectResponses;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.kms.server.error.KmsException;
import org.mcxkms.kms.server.issue.KeySet;
import org.mcxkms.kms.server.issue.KeySetIssuer;
import org.mcxkms.kms.server.issue.RevokedKeySet;
import org.mcxkms.kms.server.policy.AccessPolicy;
import org.mcxkms.kms.server.store.IdentityRecord;
import org.mcxkms.kms.server.store.IdentityStatus;

/**
 * What the Annex D requests do, free of HTTP and XML: KMS Initialize (the Root certificate),
 * KeyProvision (key sets per identity and period) and CertCache (published certificates).
 */
public final class KmsService {
  private final SecurityDomain domain;
  private final AccessPolicy policy;
  private final KeySetIssuer issuer;
  private final PeriodWindow window;
  private final Clock clock;
  private final ExternalKmss externals; // null: no External KMSs
  private final RedirectResponses redirects; // null: redirect is not served
  private final MigrationKmss migrations; // null: no Migration KMSs

  public KmsService(SecurityDomain domain, AccessPolicy policy, KeySetIssuer issuer, PeriodWindow window, Clock clock) {
    this(domain, policy, issuer, window, clock, null, null);
  }

  /** @param externals the External KMS certificates to publish in the certificate cache, or null */
  public KmsService(SecurityDomain domain, AccessPolicy policy, KeySetIssuer issuer, PeriodWindow window, Clock clock,
      ExternalKmss externals) {
    this(domain, policy, issuer, window, clock, externals, null);
  }

  /**
   * @param externals the External KMS certificates to publish in the certificate cache, or null
   * @param redirects where uploaded KMS Redirect Responses are checked and recorded, or null
   */
  public KmsService(SecurityDomain domain, AccessPolicy policy, KeySetIssuer issuer, PeriodWindow window, Clock clock,
      ExternalKmss externals, RedirectResponses redirects) {
    this(domain, policy, issuer, window, clock, externals, redirects, null);
  }

  /**
   * @param externals the External KMS certificates to publish in the certificate cache, or null
   * @param redirects where uploaded KMS Redirect Responses are checked and recorded, or null
   * @param migrations the Migration KMSs to list in the certificate cache, or null
   */
  public KmsService(SecurityDomain domain, AccessPolicy policy, KeySetIssuer issuer, PeriodWindow window, Clock clock,
      ExternalKmss externals, RedirectResponses redirects, MigrationKmss migrations) {
    this.migrations = migrations;
    this.domain = domain;
    this.policy = policy;
    this.issuer = issuer;
    this.window = window;
    this.clock = clock;
    this.externals = externals;
    this.redirects = redirects;
  }

  /** KmsUri of this KMS (TS 33.180 D.3.1); P2 of every UID. */
  public String kmsUri() {
    return domain.kmsUri();
  }

  /** The Issuer element of certificates and key sets. */
  public String issuer() {
    return domain.issuer();
  }

  /** The key period rule (UserKeyPeriod, UserKeyOffset) of the domain. */
  public KeyPeriodPolicy keyPeriodPolicy() {
    return domain.policy();
  }

  /** KMS Initialize (D.2): the caller must be registered, enabled and not revoked. */
  public KmsOutcome.Initialized init(Caller caller) throws KmsException {
    IdentityRecord c = policy.caller(caller);
    return new KmsOutcome.Initialized(c, current(clock.instant()));
  }

  /**
   * KeyProvision (D.2, D.3.3). Without {@code at}: the current period and the configured number of
   * future periods. With {@code at}: the one period containing that time, which must lie in the
   * window. Periods whose keys are revoked come back as revocation marks; when every requested
   * set is revoked the outcome is {@link KmsOutcome.KeysRevoked}.
   *
   * @param targetUri the identity from the URL, or null for the caller's own
   * @param at the time from the URL, or null
   */
  public KmsOutcome keyProv(Caller caller, String targetUri, NtpTime at) throws KmsException {
    IdentityRecord c = policy.callerAllowingRevoked(caller);
    IdentityRecord target = targetUri == null ? c : policy.keysFor(c, targetUri);
    Instant now = clock.instant();
    CertificateKeys cert = current(now);
    KeyPeriodPolicy rule = domain.policy();
    List<Long> periods = periods(rule, NtpTime.of(now).seconds(), at);
    List<KeySet> sets = new ArrayList<>();
    List<RevokedKeySet> marks = new ArrayList<>();
    for (long p : periods) {
      if (target.status() == IdentityStatus.REVOKED || target.periodRevoked(p)) {
        RevokedKeySet mark = KeySetIssuer.revocationMark(cert, domain.kmsUri(), rule, target.uri(), p);
        sets.add(mark);
        marks.add(mark);
      } else {
        sets.add(issuer.issue(cert, domain.kmsUri(), rule, target.uri(), p));
      }
    }
    return marks.size() == sets.size() ? new KmsOutcome.KeysRevoked(target, marks)
        : new KmsOutcome.KeysProvided(target, sets);
  }

  private List<Long> periods(KeyPeriodPolicy rule, long nowNtp, NtpTime at) throws KmsException {
    List<Long> periods = new ArrayList<>();
    if (at == null) {
      long cur = rule.periodNumber(nowNtp);
      for (long p = cur; p <= cur + window.future(); p++) {
        periods.add(p);
      }
    } else {
      long p = rule.periodNumber(at);
      if (!window.contains(rule, nowNtp, p)) {
        throw new KmsException(KmsErrorCode.PERIOD_OUTSIDE_WINDOW, "key period " + p + " (for " + at.toInstant()
            + ") is outside the served periods " + window.first(rule, nowNtp) + ".." + window.last(rule, nowNtp));
      }
      periods.add(p);
    }
    for (long p : periods) {
      if (p < 0) {
        throw new KmsException(KmsErrorCode.PERIOD_OUTSIDE_WINDOW, "key period " + p + " is negative");
      }
    }
    return periods;
  }

  /**
   * CertCache (D.2): every certificate of this KMS within its validity (Role Root) and every
   * External KMS certificate within its validity (Role External, TS 33.180 5.3.1), unless the
   * client's cache number {@code clientCacheNum} is already the latest, in which case none; with
   * the certificates, the Migration KMSs (TS 33.180 5.3.1, our extension). The number grows with
   * every change of any part (the Migration KMS list shares the External KMS generation).
   */
  public KmsOutcome.CertificatesListed certCache(Caller caller, Long clientCacheNum) throws KmsException {
    policy.caller(caller);
    Instant now = clock.instant();
    long n = domain.cacheNumber(now) + (externals == null ? 0 : externals.cacheContribution(now));
    if (clientCacheNum != null && clientCacheNum >= n) {
      return new KmsOutcome.CertificatesListed(n, List.of());
    }
    return new KmsOutcome.CertificatesListed(n, domain.published(now),
        externals == null ? List.of() : externals.published(now),
        migrations == null ? List.of() : migrations.published());
  }

  /**
   * KMS Discovery Lookup (TS 33.180 D.1, Rel-17; content UNCONFIRMED): the KMS URI of {@code
   * userUri} when it is an enabled identity of this KMS; NOT_FOUND otherwise (unknown, disabled and
   * revoked identities are not told apart). Partners' users are not known here.
   */
  public KmsOutcome.Discovered lookup(Caller caller, String userUri) throws KmsException {
    policy.caller(caller);
    if (!policy.discoverable(userUri)) {
      throw new KmsException(KmsErrorCode.NOT_FOUND, "this KMS knows no identity " + userUri);
    }
    return new KmsOutcome.Discovered(userUri, domain.kmsUri());
  }

  /**
   * KMS Cert (TS 33.180 D.1, Rel-17): the certificates of one KMS, ours (Role Root) or an External
   * KMS's, as a certificate cache; NOT_FOUND if this KMS publishes none for {@code kmsUri}.
   */
  public KmsOutcome.CertificatesListed cert(Caller caller, String kmsUri) throws KmsException {
    policy.caller(caller);
    Instant now = clock.instant();
    long n = domain.cacheNumber(now) + (externals == null ? 0 : externals.cacheContribution(now));
    if (kmsUri.equals(domain.kmsUri())) {
      return new KmsOutcome.CertificatesListed(n, domain.published(now));
    }
    List<KmsCertificate> external = externals == null ? List.of()
        : externals.published(now).stream().filter(c -> c.kmsUri().equals(kmsUri)).toList();
    if (external.isEmpty()) {
      throw new KmsException(KmsErrorCode.NOT_FOUND, "no certificate of KMS " + kmsUri + " is available");
    }
    return new KmsOutcome.CertificatesListed(n, List.of(), external);
  }

  /**
   * Redirect (TS 33.180 5.3.1, D.2.2): the caller uploads KMS Redirect Responses in the request's
   * {@code KrrList}; each is verified and recorded ({@link RedirectResponses}), and the answer
   * carries the current certificate cache.
   */
  public KmsOutcome.RedirectsRecorded redirect(Caller caller, OpaqueXml krrList) throws KmsException {
    IdentityRecord c = policy.caller(caller);
    if (redirects == null) {
      throw new KmsException(KmsErrorCode.NOT_FOUND, "this KMS does not accept KMS Redirect Responses");
    }
    if (krrList == null) {
      throw new KmsException(KmsErrorCode.INVALID_KRR, KrrException.Reason.MALFORMED.kmsErrorCode(),
          "KmsRequest/KrrList: redirect needs a KmsRequest whose KrrList holds the KRRs");
    }
    RedirectResponses.Recorded recorded = redirects.record(c.uri(), krrList);
    return new KmsOutcome.RedirectsRecorded(recorded, certCache(caller, null));
  }

  /** Whether a certificate is valid now (readiness). */
  public boolean hasValidCertificate() {
    return domain.current(clock.instant()).isPresent();
  }

  private CertificateKeys current(Instant now) throws KmsException {
    return domain.current(now).orElseThrow(() -> new KmsException(KmsErrorCode.NO_VALID_CERTIFICATE,
        "no KMS certificate is valid now; an operator must rotate the certificate"));
  }
}
