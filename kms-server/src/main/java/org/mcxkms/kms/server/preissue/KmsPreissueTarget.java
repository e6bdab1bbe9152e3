package org.mcxkms.kms.server.preissue;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mcxkms.kms.server.domain.CertificateKeys;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.issue.KeySetIssuer;
import org.mcxkms.kms.server.store.IdentityStatus;
import org.mcxkms.kms.server.store.KmsStore;

/**
 * {@link PreissueTarget} over the KMS: identities from the store, certificates from the security
 * domain, issuance through {@link KeySetIssuer#issue} (the same call, and so the same cache
 * entries, as a KeyProvision request).
 */
public final class KmsPreissueTarget implements PreissueTarget {
  private final SecurityDomain domain;
  private final KmsStore store;
  private final KeySetIssuer issuer;

  public KmsPreissueTarget(SecurityDomain domain, KmsStore store, KeySetIssuer issuer) {
    this.domain = domain;
    this.store = store;
    this.issuer = issuer;
  }

  /**
   * The KMS's rollover pre-issuer with {@link RolloverPreissuer.Settings#defaults}, started; null
   * when the issuance cache is off ({@code cacheCapacity} 0: there is nothing to fill).
   */
  public static RolloverPreissuer start(SecurityDomain domain, KmsStore store, KeySetIssuer issuer,
      int periodsFuture, int cacheCapacity, Clock clock, MeterRegistry metrics) {
    if (cacheCapacity <= 0) {
      return null;
    }
    return new RolloverPreissuer(new KmsPreissueTarget(domain, store, issuer), domain.policy(), periodsFuture,
        RolloverPreissuer.Settings.defaults(domain.policy(), cacheCapacity), clock, metrics).start();
  }

  @Override
  public List<String> identities(long period) {
    return store.identities().stream()
        .filter(i -> i.status() == IdentityStatus.ENABLED && !i.periodRevoked(period))
        .map(i -> i.uri())
        .toList();
  }

  @Override
  public boolean issue(String identity, long period, Instant at) {
    Optional<CertificateKeys> cert = domain.current(at);
    if (cert.isEmpty()) {
      return false;
    }
    issuer.issue(cert.get(), domain.kmsUri(), domain.policy(), identity, period);
    return true;
  }
}
