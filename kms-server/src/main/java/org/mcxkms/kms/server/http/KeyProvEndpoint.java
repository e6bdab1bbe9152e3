package org.mcxkms.kms.server.http;

import java.time.Clock;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.kms.server.core.KmsOutcome;
import org.mcxkms.kms.server.core.KmsService;
import org.mcxkms.kms.server.error.KmsException;

/**
 * KMS KeyProvision (TS 33.180 D.2, D.3.3): {@code keyprov} (own identity, current and next
 * periods), {@code keyprov/<uri>} (that identity), {@code keyprov/<uri>/<ntp64>} (the period
 * containing that time; the NTP era is resolved against our clock, RFC 5905 6).
 */
final class KeyProvEndpoint implements KmsEndpoint {
  private final KmsService service;
  private final Clock clock;

  KeyProvEndpoint(KmsService service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  @Override
  public KmsOutcome handle(Call call) throws KmsException {
    Route route = call.route();
    NtpTime at = route.ntp64() == null ? null : NtpTime.fromNtp64(route.ntp64(), clock.instant());
    return service.keyProv(call.caller(), route.userUri(), at);
  }
}
