package org.mcxkms.kms.server.issue;

import java.time.Instant;
import org.mcxkms.crypto.eccsi.Pvt;
import org.mcxkms.crypto.eccsi.Ssk;
import org.mcxkms.crypto.sakke.Rsk;
import org.mcxkms.crypto.uid.Uid;

/**
 * The key material of one identity for one key period under one certificate (TS 33.180 D.3.3):
 * RSK (SAKKE), SSK and PVT (ECCSI), all for the UID of (identity, KmsUri, period rule, period).
 * Held in memory only; never printed, never stored.
 */
public record IssuedKeySet(
    int certNo,
    String certUri,
    String userUri,
    Uid uid,
    long period,
    Instant validFrom,
    Instant validTo,
    Rsk rsk,
    Ssk ssk,
    Pvt pvt) implements KeySet {
  @Override
  public String toString() {
    return "IssuedKeySet[" + userUri + ", period " + period + ", cert " + certNo + ", keys redacted]";
  }
}
