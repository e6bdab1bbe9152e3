package org.mcxkms.mikey;

import java.util.Objects;
import org.mcxkms.crypto.eccsi.Kpak;
import org.mcxkms.crypto.sakke.SakkePublicKey;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.Uid;

/**
 * The public parameters of one KMS as its certificate announces them (TS 33.180 D.3.2): the KMS
 * URI (used verbatim in UIDs and IDRkms), the key period rule, KPAK (ECCSI) and Z (SAKKE).
 */
public record KmsParameters(String kmsUri, KeyPeriodPolicy periodPolicy, Kpak kpak, SakkePublicKey z) {
  public KmsParameters {
    Objects.requireNonNull(kmsUri, "kmsUri");
    Objects.requireNonNull(periodPolicy, "periodPolicy");
    Objects.requireNonNull(kpak, "kpak");
    Objects.requireNonNull(z, "z");
  }

  /** The UID of {@code userUri} under this KMS for key period {@code period} (TS 33.180 F.2.1). */
  public Uid uid(String userUri, long period) {
    return Uid.format2(userUri, kmsUri, periodPolicy, period);
  }
}
