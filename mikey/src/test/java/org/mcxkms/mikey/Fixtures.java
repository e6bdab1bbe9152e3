package org.mcxkms.mikey;

import static org.mcxkms.testkit.VendorVectors.*;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.eccsi.Kpak;
import org.mcxkms.crypto.eccsi.Pvt;
import org.mcxkms.crypto.eccsi.Ssk;
import org.mcxkms.crypto.sakke.Rsk;
import org.mcxkms.crypto.sakke.SakkePublicKey;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.testkit.VendorVectors;

/**
 * Key rings of the vendor test users, built once per JVM (each RSK validation is a pairing, about
 * half a second with the reference SAKKE).
 */
final class Fixtures {
  private Fixtures() {}

  static final HexFormat H = HexFormat.of();
  private static final Map<String, StaticKeyRing> RINGS = new ConcurrentHashMap<>();
  private static volatile KmsParameters swKms;
  private static volatile KmsParameters aleaKms;

  static SecretBytes secret(String hex) {
    return SecretBytes.copyOf(H.parseHex(hex), SecretAccess.get());
  }

  static KmsParameters streamwideKms() {
    if (swKms == null) {
      swKms = kms(SW_KMS_URI, SW_PERIOD, SW_KPAK, SW_Z);
    }
    return swKms;
  }

  static KmsParameters aleaKms() {
    if (aleaKms == null) {
      aleaKms = kms(ALEA_KMS_URI, ALEA_PERIOD, ALEA_KPAK, ALEA_Z);
    }
    return aleaKms;
  }

  private static KmsParameters kms(String uri, long period, String kpak, String z) {
    try {
      return new KmsParameters(uri, KeyPeriodPolicy.of(period, 0), Kpak.decode(H.parseHex(kpak)), SakkePublicKey.decode(H.parseHex(z)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Streamwide user's ring for period 236: SSK/PVT always, RSK (a pairing) only when asked. */
  static StaticKeyRing streamwide(VendorVectors.User u, boolean withRsk) {
    return RINGS.computeIfAbsent("sw:" + u.uri() + ":" + withRsk, k -> {
      try {
        StaticKeyRing.Builder b = StaticKeyRing.builder(u.uri(), streamwideKms())
            .signingKey(SW_PERIOD_NO, Ssk.decode(secret(u.ssk())), Pvt.decode(H.parseHex(u.pvt())));
        if (withRsk) {
          b.receiverKey(SW_PERIOD_NO, Rsk.decode(secret(u.rsk())));
        }
        return b.build();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** An Alea user's ring for period 4 (RSK only: the SSKs are not published). */
  static StaticKeyRing alea(String uri, String rskHex) {
    return RINGS.computeIfAbsent("alea:" + uri, k -> {
      try {
        return StaticKeyRing.builder(uri, aleaKms()).receiverKey(ALEA_PERIOD_NO, Rsk.decode(secret(rskHex))).build();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** A clock frozen at NTP second {@code ntpSeconds}. */
  static Clock clockAtNtp(long ntpSeconds) {
    return Clock.fixed(NtpTime.ofSeconds(ntpSeconds).toInstant(), ZoneOffset.UTC);
  }

  static Clock clockAt(Instant i) {
    return Clock.fixed(i, ZoneOffset.UTC);
  }
}
