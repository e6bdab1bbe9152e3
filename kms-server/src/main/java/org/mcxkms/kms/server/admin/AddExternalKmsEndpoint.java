package org.mcxkms.kms.server.admin;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import org.mcxkms.kms.server.domain.ExternalKmsException;
import org.mcxkms.kms.server.domain.ExternalKmss;

/**
 * {@code POST external-kms {certificate, fingerprint}}: imports a partner KMS certificate (a
 * KmsCertificate document or the partner's KMS Initialize response) as an External KMS (TS 33.180
 * 5.3.1) when {@code fingerprint} is its SHA-256 fingerprint. A refusal names its reason and stores
 * nothing.
 */
final class AddExternalKmsEndpoint implements AdminEndpoint {
  private final ExternalKmss externals;
  private final Clock clock;

  AddExternalKmsEndpoint(ExternalKmss externals, Clock clock) {
    this.externals = externals;
    this.clock = clock;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    byte[] xml = call.text("certificate").getBytes(StandardCharsets.UTF_8);
    String fingerprint = call.text("fingerprint");
    try {
      String uri = externals.importCertificate(xml, fingerprint, clock.instant()).kmsUri();
      return externals.all(clock.instant()).stream()
          .filter(i -> i.record().kmsUri().equals(uri))
          .map(ExternalKmsViews::view)
          .findFirst()
          .orElseThrow(() -> new AdminException(AdminError.CONFLICT, uri + " was removed meanwhile"));
    } catch (ExternalKmsException e) {
      AdminError error = e.reason() == ExternalKmsException.Reason.ALREADY_IMPORTED
          ? AdminError.CONFLICT : AdminError.BAD_REQUEST;
      throw new AdminException(error, e.reason().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
    }
  }
}
