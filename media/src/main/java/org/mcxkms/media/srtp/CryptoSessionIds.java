package org.mcxkms.media.srtp;

import org.mcxkms.mikey.KeyPurpose;

/**
 * The CS-IDs of TS 33.180 Table E.1.3-1 a session sends and receives under, by key purpose,
 * service and role. Values other than 6 (CSK for MCPTT) are known from implementations only
 * (SECONDARY); the MKFC row is not in the table and follows {@link KeyPurpose#defaultCsId()}.
 *
 * @param send the CS-ID whose master key protects what this end sends
 * @param receive the CS-ID whose master key protects what this end receives
 */
public record CryptoSessionIds(int send, int receive) {
  public CryptoSessionIds {
    if (send < 0 || send > 255 || receive < 0 || receive > 255) {
      throw new IllegalArgumentException("CS-IDs are one octet");
    }
  }

  public static CryptoSessionIds of(KeyPurpose purpose, McService service, Role role) {
    boolean video = service == McService.MCVIDEO;
    return switch (purpose) {
      case PCK -> {
        int initiator = video ? 2 : 0;
        int receiver = video ? 3 : 1;
        yield role == Role.INITIATOR ? new CryptoSessionIds(initiator, receiver) : new CryptoSessionIds(receiver, initiator);
      }
      case GMK -> same(video ? 5 : 4);
      case CSK -> same(video ? 8 : 6);
      case MUSIK -> same(video ? 9 : 7);
      case MKFC -> same(purpose.defaultCsId());
      default -> throw new IllegalArgumentException(purpose + " keys do not protect media or floor control");
    };
  }

  private static CryptoSessionIds same(int csId) {
    return new CryptoSessionIds(csId, csId);
  }
}
