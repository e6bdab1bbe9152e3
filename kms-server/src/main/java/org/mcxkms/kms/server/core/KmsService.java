package org.mcxkms.kms.server.core;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.kms.server.auth.Caller;
import org.mcxkms.kms.server.domain.CertificateKeys;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.kms.server.error.KmsException;
import org.mcxkms.kms.server.error.RevokedKeysException;
import org.mcxkms.kms.server.issue.KeySetIssuer;
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

  public KmsService(SecurityDomain domain, AccessPolicy policy, KeySetIssuer issuer, PeriodWindow window, Clock clock) {
    this.domain = domain;
    this.policy = policy;
    this.issuer = issuer;
    this.window = window;
    this.clock = clock;
  }

  public SecurityDomain domain() {
    return domain;
  }

  public PeriodWindow window() {
    return window;
  }

  /** The result of KMS Initialize: the caller's record and the current (Root) certificate. */
  public record InitResult(IdentityRecord caller, CertificateKeys certificate) {}

  public InitResult init(Caller caller) throws KmsException {
    IdentityRecord c = policy.caller(caller);
    return new InitResult(c, current(clock.instant()));
  }

  /** The key sets of a KeyProvision, for {@code target} (the caller itself, or a granted identity). */
  public record KeyProvResult(IdentityRecord target, List<KeySetEntry> entries) {}

  /**
   * KeyProvision (D.2, D.3.3). Without {@code at}: the current period and the configured number of
   * future periods. With {@code at}: the one period containing that time, which must lie in the
   * window. Periods whose keys are revoked come back as revocation marks; if every requested set
   * is revoked the request fails with {@link RevokedKeysException}.
   *
   * @param targetUri the identity from the URL, or null for the caller's own
   * @param at the time from the URL, or null
   */
  public KeyProvResult keyProv(Caller caller, String targetUri, NtpTime at) throws KmsException {
    IdentityRecord c = policy.callerAllowingRevoked(caller);
    IdentityRecord target = targetUri == null ? c : policy.keysFor(c, targetUri);
    Instant now = clock.instant();
    CertificateKeys cert = current(now);
    KeyPeriodPolicy rule = domain.policy();
    long nowNtp = NtpTime.of(now).seconds();
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
    List<KeySetEntry> entries = new ArrayList<>();
    boolean anyIssued = false;
    for (long p : periods) {
      if (p < 0) {
        throw new KmsException(KmsErrorCode.PERIOD_OUTSIDE_WINDOW, "key period " + p + " is negative");
      }
      if (target.status() == IdentityStatus.REVOKED || target.periodRevoked(p)) {
        entries.add(new KeySetEntry(cert.certUri(), target.uri(), Uid.format2(target.uri(), domain.kmsUri(), rule, p),
            p, rule.validFrom(p), rule.validTo(p), null));
      } else {
        entries.add(KeySetEntry.issued(issuer.issue(cert, domain.kmsUri(), rule, target.uri(), p)));
        anyIssued = true;
      }
    }
    if (!anyIssued) {
      throw new RevokedKeysException("the key material of " + target.uri() + " is revoked", entries);
    }
    return new KeyProvResult(target, entries);
  }

  /** The result of CertCache: the cache number and the certificates new to the client. */
  public record CertCacheResult(long cacheNum, List<CertificateKeys> certificates) {}

  /**
   * CertCache (D.2): every certificate of this KMS within its validity, unless the client's cache
   * number {@code clientCacheNum} is already the latest, in which case none.
   */
  public CertCacheResult certCache(Caller caller, Long clientCacheNum) throws KmsException {
    policy.caller(caller);
    Instant now = clock.instant();
    long n = domain.cacheNumber(now);
    if (clientCacheNum != null && clientCacheNum >= n) {
      return new CertCacheResult(n, List.of());
    }
    return new CertCacheResult(n, domain.published(now));
  }

  private CertificateKeys current(Instant now) throws KmsException {
    return domain.current(now).orElseThrow(() -> new KmsException(KmsErrorCode.NO_VALID_CERTIFICATE,
        "no KMS certificate is valid now; an operator must rotate the certificate"));
  }
}
