package org.mcxkms.kms.server.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.kms.server.core.PeriodWindow;
import org.mcxkms.kms.server.domain.CertificateKeys;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.seal.KekResolver;

/** {@code GET domain}: the security domain, its key period rule, served periods and certificates. */
final class ShowDomainEndpoint implements AdminEndpoint {
  private final SecurityDomain domain;
  private final PeriodWindow window;
  private final Clock clock;

  ShowDomainEndpoint(SecurityDomain domain, PeriodWindow window, Clock clock) {
    this.domain = domain;
    this.window = window;
    this.clock = clock;
  }

  @Override
  public Object handle(AdminCall call) {
    Instant now = clock.instant();
    long nowNtp = NtpTime.of(now).seconds();
    KeyPeriodPolicy policy = domain.policy();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("domain_id", domain.domainId());
    m.put("kms_uri", domain.kmsUri());
    m.put("issuer", domain.issuer());
    m.put("user_key_period", policy.periodSeconds());
    m.put("user_key_offset", policy.offsetSeconds());
    m.put("current_period", policy.periodNumber(nowNtp));
    m.put("served_periods", List.of(window.first(policy, nowNtp), window.last(policy, nowNtp)));
    m.put("seal", domain.record().kekKind());
    m.put("seal_key", KekResolver.describe(domain.record()));
    m.put("cache_num", domain.cacheNumber(now));
    m.put("current_certificate", domain.current(now).map(CertificateKeys::number).orElse(null));
    m.put("certificates", ListCertificatesEndpoint.certificates(domain, now));
    return m;
  }
}
