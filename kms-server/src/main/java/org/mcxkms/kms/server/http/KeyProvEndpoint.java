package org.mcxkms.kms.server.http;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.kms.protocol.KmsKeyProv;
import org.mcxkms.kms.protocol.KmsKeySet;
import org.mcxkms.kms.server.core.KeySetEntry;
import org.mcxkms.kms.server.core.KmsService;
import org.mcxkms.kms.server.error.KmsException;

/**
 * KMS KeyProvision (D.2, D.3.3): {@code keyprov} (own identity, current and next periods),
 * {@code keyprov/<uri>} (that identity), {@code keyprov/<uri>/<ntp64>} (the period containing that
 * time; the NTP era is resolved against our clock, RFC 5905 6).
 */
final class KeyProvEndpoint implements KmsEndpoint {
  private final KmsService service;
  private final Clock clock;

  KeyProvEndpoint(KmsService service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  @Override
  public Result handle(Call call) throws KmsException {
    Route route = call.route();
    NtpTime at = route.ntp64() == null ? null : NtpTime.fromNtp64(route.ntp64(), clock.instant());
    KmsService.KeyProvResult r = service.keyProv(call.caller(), route.userUri(), at);
    List<KmsKeySet> sets = new ArrayList<>();
    for (KeySetEntry e : r.entries()) {
      sets.add(KmsDocuments.keySet(service.domain(), e));
    }
    List<Long> periods = new ArrayList<>();
    for (KeySetEntry e : r.entries()) {
      periods.add(e.period());
    }
    return new Result(KmsKeyProv.of(sets), r.target().uri(), periods, describe(r.entries()));
  }

  static String describe(List<KeySetEntry> entries) {
    StringBuilder sb = new StringBuilder("periods");
    for (KeySetEntry e : entries) {
      sb.append(' ').append(e.period()).append(e.revoked() ? "(revoked)" : "");
    }
    return sb.append(" cert ").append(entries.get(0).certUri()).toString();
  }
}
