package org.mcxkms.mikey.kdf;

import java.util.Objects;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.mikey.wire.ByteString;

/**
 * SRTP/SRTCP master key, master salt and MKI for one crypto session (TS 33.180 7.4), ready for
 * the media layer. The key and salt are secret and never printed.
 */
public record SrtpKeyMaterial(int csId, SecretBytes masterKey, SecretBytes masterSalt, ByteString mki) {
  public SrtpKeyMaterial {
    Objects.requireNonNull(masterKey, "masterKey");
    Objects.requireNonNull(masterSalt, "masterSalt");
    Objects.requireNonNull(mki, "mki");
  }

  @Override
  public String toString() {
    return "SrtpKeyMaterial[csId=" + csId + ", masterKey=redacted, masterSalt=redacted, mki=" + mki + "]";
  }
}
