package org.mcxkms.crypto.sakke;

import java.util.Objects;
import org.mcxkms.crypto.SecretBytes;

/**
 * The SSV recovered by a {@link TolerantSakkeDecapsulator}, and whether the sender had hashed g^r
 * without its leading zero octets (not the RFC 6508 2.2 128-octet form). Prints no secret.
 */
public record SakkeDecapsulation(SecretBytes ssv, boolean strippedGr) {
  public SakkeDecapsulation {
    Objects.requireNonNull(ssv, "ssv");
  }

  @Override
  public String toString() {
    return "SakkeDecapsulation[ssv=redacted, strippedGr=" + strippedGr + "]";
  }
}
